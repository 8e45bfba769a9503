using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Deficiencies;

public class EditTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> Reveal() => new()
    {
        ["Input.Title"] = "Grievances not resolved within 30 days",
        ["Input.Area"] = "Grievances and appeals",
        ["Input.LegalCitation"] = "28 CCR 1300.68",
        ["Input.Finding"] = "The plan did not resolve grievances within 30 calendar days.",
        ["Input.Reason"] = "The DMHC report excerpt published by the union lists it.",
        ["Input.Source.Title"] = "Union excerpt of the follow-up report",
        ["Input.Source.Publisher"] = "NUHW",
        ["Input.Source.Url"] = "https://example.org/excerpt",
        ["Input.Source.Kind"] = "union-release",
    };

    [Test]
    public async Task Post_FillsInDetails_AndKeepsEachFieldInHistory()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/deficiencies/D-12/edit", Reveal());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await app.GetDocumentAsync("/deficiencies/D-12");
        Assert.Multiple(async () =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("D-12: Grievances not resolved within 30 days"));
            Assert.That(page.QuerySelector("dl.facts")!.Squash(), Does.Contain("28 CCR 1300.68"));
            var edits = page.QuerySelectorAll("h2").First(h => h.Squash() == "Edits to the details").NextElementSibling!.QuerySelectorAll("tbody tr");
            Assert.That(edits, Has.Length.EqualTo(4));
            Assert.That(edits.Select(e => e.Squash()), Has.Some.Contains("Title none on record Grievances not resolved within 30 days"));
            Assert.That(page.QuerySelectorAll("ul.sources a").Select(a => a.Squash()), Does.Contain("Union excerpt of the follow-up report"));
            var dashboard = await app.GetDocumentAsync("/");
            Assert.That(dashboard.QuerySelector("[aria-labelledby=completeness]")!.Squash(), Does.Contain("16 of 20 deficiencies have no details in this record yet"));
        });
    }

    [Test]
    public async Task Post_SaysNothingChanged_WhenNoFieldDiffers()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/deficiencies/D-01/edit", new Dictionary<string, string>
        {
            ["Input.Reason"] = "No change",
            ["Input.Source.Url"] = "https://example.org/x",
            ["Input.Source.Title"] = "x",
            ["Input.Source.Publisher"] = "x",
        });
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Nothing to save"));
    }

    [Test]
    public async Task Post_RefusesOverlongText_NamingTheField()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Reveal();
        form["Input.Title"] = new string('x', 301);
        using var response = await client.SubmitAsync("/deficiencies/D-12/edit", form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Title can be at most 300 characters"));
        Assert.That(page.QuerySelector("input[name='Input.Area']")!.GetAttribute("value"), Is.EqualTo("Grievances and appeals"));
    }
}
