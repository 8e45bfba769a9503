using System.Net;
using System.Net.Http.Headers;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>The public pages' output cache: used for readers, never stale after a write or a new day, never for editors.</summary>
public class RecordCacheTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [TestCase("/")]
    [TestCase("/deficiencies")]
    [TestCase("/deficiencies/D-01")]
    [TestCase("/timeline")]
    [TestCase("/settlement")]
    [TestCase("/sources")]
    public async Task PublicPage_IsServedFromTheCache_TheSecondTime_WithoutSettingCookies(string url)
    {
        using var client = app.CreateClient();
        using var first = await client.GetAsync(url);
        using var second = await client.GetAsync(url);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Headers.Age, Is.Null, "the first answer is rendered");
        Assert.That(first.Headers.Contains("Set-Cookie"), Is.False, "a response that sets cookies could not be shared");
        Assert.That(second.Headers.Age, Is.Not.Null, "the second answer comes from the cache");
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task Dashboard_ShowsANewAssessment_AtOnce()
    {
        using var reader = app.CreateClient();
        Assert.That(await HeadlineAsync(reader), Does.Contain("19 of 20"));

        using var editor = await app.SignedInClientAsync("Editor");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");

        Assert.That(await HeadlineAsync(reader), Does.Contain("18–19 of 20"));
    }

    [Test]
    public async Task Dashboard_CountsDaysOverdue_FromTheNewDay()
    {
        using var reader = app.CreateClient();
        var today = (await app.GetDocumentAsync("/")).QuerySelector("main")!.Squash();
        Assert.That(today, Does.Contain("392 days"));

        app.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = (await app.GetDocumentAsync("/")).QuerySelector("main")!.Squash();
        Assert.That(tomorrow, Does.Contain("393 days"));
    }

    [Test]
    public async Task SignedInPages_AreNeitherServedFromNorPutInTheCache()
    {
        using var reader = app.CreateClient();
        await reader.GetAsync("/deficiencies/D-01");
        using var editor = await app.SignedInClientAsync("Editor");

        using var editorView = await editor.GetAsync("/deficiencies/D-01");
        Assert.That(editorView.Headers.Age, Is.Null, "an editor never gets the readers' copy");
        var editorPage = await TestApp.ParseAsync(editorView);
        Assert.That(editorPage.QuerySelector("a[href='/deficiencies/D-01/assess']"), Is.Not.Null, "editors see the edit links");

        var readerPage = await app.GetDocumentAsync("/deficiencies/D-01");
        Assert.That(readerPage.QuerySelector("a[href='/deficiencies/D-01/assess']"), Is.Null, "readers never get the editors' copy");
    }

    [Test]
    public async Task ReportsPage_ShowsAChangedSchedule_AtOnce()
    {
        Assert.That((await app.GetDocumentAsync("/reports")).QuerySelector("main")!.Squash(), Does.Not.Contain("15 9 * * 3"));

        using var admin = await app.SignedInClientAsync("Admin");
        using var saved = await admin.SubmitAsync("/admin/schedules", new Dictionary<string, string>
        {
            ["Input[0].Cron"] = "15 9 * * 3",
            ["Input[0].TimeZone"] = "America/Chicago",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That((await app.GetDocumentAsync("/reports")).QuerySelector("main")!.Squash(), Does.Contain("15 9 * * 3"));
    }

    [Test]
    public async Task Pdf_RangeRequest_GetsItsRange_AfterTheWholeFileWasCached()
    {
        using var client = app.CreateClient();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var whole = await client.GetByteArrayAsync("/reports/latest.pdf");
        using var cached = await client.GetAsync("/reports/latest.pdf");
        Assert.That(cached.Headers.Age, Is.Not.Null);
        Assert.That(await cached.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/latest.pdf");
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var part = await client.SendAsync(request);
        Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await part.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[..100]));
    }

    private static async Task<string> HeadlineAsync(HttpClient client) =>
        (await TestApp.ParseAsync(await client.GetAsync("/"))).QuerySelector("main")!.Squash();
}
