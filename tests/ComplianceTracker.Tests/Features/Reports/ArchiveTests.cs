using System.Net;
using System.Net.Http.Headers;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Reports;

public sealed class ArchiveTests
{
    private TestApp app = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task PublishTwoEditions()
    {
        app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        client.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task Index_ListsEveryEdition_WithItsFingerprintAndLinks()
    {
        var page = await app.GetDocumentAsync("/reports");
        var rows = page.QuerySelectorAll("table.editions tbody tr");
        Assert.That(rows, Has.Length.EqualTo(2));
        var newest = (await app.Editions().FindAsync(2))!;
        Assert.That(rows[0].Squash(), Does.Contain("Edition 2").And.Contain(newest.Sha256).And.Contain("Since edition 1"));
        Assert.That(rows[0].QuerySelector("a[href='/reports/2.pdf']"), Is.Not.Null);
        Assert.That(rows[0].QuerySelector("a[href='/reports/2/changes']"), Is.Not.Null);
        Assert.That(rows[1].Squash(), Does.Contain("First edition"));
        Assert.That(page.QuerySelector("nav a[href='/reports']")!.GetAttribute("aria-current"), Is.EqualTo("page"));
    }

    [Test]
    public async Task NumberedPdf_IsServedWithItsNameETagAndYearLongCache()
    {
        var edition = (await app.Editions().FindAsync(1))!;
        using var response = await client.GetAsync("/reports/1.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(response.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("compliancetracker-edition-1-2026-11-27.pdf"));
        Assert.That(response.Headers.ETag!.Tag, Is.EqualTo($"\"{edition.Sha256}\""));
        Assert.That(response.Headers.CacheControl!.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        Assert.That(response.Headers.AcceptRanges, Does.Contain("bytes"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Is.EqualTo(edition.Sha256));
    }

    [Test]
    public async Task LatestPdf_IsTheNewestEdition_UnderItsNumberedName_WithAShortCache()
    {
        using var response = await client.GetAsync("/reports/latest.pdf");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("compliancetracker-edition-2-2026-11-30.pdf"));
        Assert.That(response.Headers.CacheControl!.MaxAge, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(ReportPdf.Read(await response.Content.ReadAsByteArrayAsync()).Title, Is.EqualTo("ComplianceTracker status report, edition 2"));
    }

    [Test]
    public async Task NumberedPdf_Answers304_WhenTheETagMatches()
    {
        var edition = (await app.Editions().FindAsync(1))!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/1.pdf");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{edition.Sha256}\""));
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task NumberedPdf_Answers206WithTheRange_WhenARangeIsAsked()
    {
        var edition = (await app.Editions().FindAsync(1))!;
        var whole = await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), edition.FileName));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/1.pdf");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(response.Content.Headers.ContentRange!.ToString(), Is.EqualTo($"bytes 100-199/{whole.Length}"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[100..200]));
    }

    [TestCase("/reports/3.pdf")]
    [TestCase("/reports/0.pdf")]
    [TestCase("/reports/-1.pdf")]
    [TestCase("/reports/99999999999.pdf")]
    [TestCase("/reports/../x.pdf")]
    [TestCase("/reports/%2e%2e/x.pdf")]
    [TestCase("/reports/..%2f..%2fdata%2fcompliance.db")]
    [TestCase("/reports/1.pdf%2f..%2f..%2fcompliance.db")]
    [TestCase("/reports/compliancetracker-edition-1-2026-11-27.pdf")]
    [TestCase("/reports/9/changes")]
    public async Task UnknownOrCraftedAddress_Answers404Page(string url)
    {
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public async Task ChangesPage_SaysFirstEdition_ForEditionOne()
    {
        var page = await app.GetDocumentAsync("/reports/1/changes");
        Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("Edition 1: the first edition"));
        var second = await app.GetDocumentAsync("/reports/2/changes");
        Assert.That(second.QuerySelector("h1")!.Squash(), Is.EqualTo("Edition 2: changes since edition 1"));
        Assert.That(second.QuerySelector("main")!.Squash(), Does.Contain("Nothing was recorded between edition 1 and edition 2."));
    }
}
