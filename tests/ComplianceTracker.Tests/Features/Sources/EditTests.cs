using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Sources;

public class EditTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task New_Post_AddsASource_WithAReadableKey()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "DMHC letter to Kaiser, 20 November 2026",
            ["Input.Publisher"] = "DMHC",
            ["Input.Url"] = "https://www.dmhc.ca.gov/letter-2026-11-20",
            ["Input.PublishedOn"] = "2026-11-20",
            ["Input.Kind"] = "regulator-release",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/sources#dmhc_2026_11_20"));
        var row = (await app.GetDocumentAsync("/sources")).GetElementById("dmhc_2026_11_20")!;
        Assert.That(row.Squash(), Does.Contain("20 Nov 2026"));
    }

    [Test]
    public async Task New_Post_RefusesADuplicateAddress()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "Same press release",
            ["Input.Publisher"] = "DMHC",
            ["Input.Url"] = "http://www.dmhc.ca.gov/Resources/Newsroom/October12,2023.aspx",
            ["Input.Kind"] = "regulator-release",
        });
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("already on file"));
    }

    [Test]
    public async Task Edit_Post_CorrectsTheDescription_AndKeepsHistory()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            ["Input.PublishedOn"] = "2023-10-12",
            ["Input.Reason"] = "Date read on the article page.",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var row = (await app.GetDocumentAsync("/sources")).GetElementById("fierce_2023")!;
        Assert.That(row.QuerySelector("td[data-label=Date]")!.Squash(), Is.EqualTo("12 Oct 2023"));
        var page = await (await client.GetAsync("/sources/fierce_2023/edit")).Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("Date read on the article page."));
    }

    [TestCase("Input.Url", "not a url", "Address must be a full http:// or https:// address")]
    [TestCase("Input.PublishedOn", "2099-01-01", "Date cannot be in the future")]
    [TestCase("Input.Title", "", "Title is required")]
    public async Task Edit_Post_RefusesBadInput_NamingTheField(string field, string value, string message)
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            [field] = value,
            ["Input.Reason"] = "Testing",
        });
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(message));
    }
}
