using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>
/// A reader sees one confidence scale on an item (verified, reported, inferred) for its details and its statuses alike:
/// the research's ratings kept in the case files (high, medium, low) are shown on that scale, never beside it.
/// </summary>
public sealed class OneConfidenceScaleTests
{
    private static readonly string[] RatingWords = ["High confidence", "Medium confidence", "Low confidence"];

    [Test]
    public async Task AnItemsDetails_AreShownOnTheScaleOfItsStatuses()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/deficiencies/D-01");
        var details = Fact(page, "Confidence");
        var status = page.QuerySelector(".assessment .prov")!.Squash();
        Assert.Multiple(() =>
        {
            // D-01's details are rated "medium" in the case files: stated by the sources cited.
            Assert.That(details, Is.EqualTo("Reported"));
            Assert.That(status, Does.StartWith("Inferred"), "its status is on the same scale");
            Assert.That(RatingWords.Where(w => page.Body!.TextContent.Contains(w, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task ALowRating_IsShownAsInferred_AndMarkedSo()
    {
        using var app = new TestApp();
        var item = await app.GetDocumentAsync("/deficiencies/D-04");
        var timeline = (await app.GetDocumentAsync("/timeline")).GetElementById("DL-INVESTMENT-END")!;
        Assert.Multiple(() =>
        {
            Assert.That(Fact(item, "Confidence"), Is.EqualTo("Inferred"), "D-04 rests on a union flyer alone (rated low)");
            Assert.That(item.QuerySelector("dl.facts .confidence")!.ClassList, Does.Contain("confidence-inferred"));
            Assert.That(timeline.QuerySelector(".confidence")!.Squash(), Is.EqualTo("Inferred"));
            Assert.That(timeline.QuerySelector(".confidence")!.ClassList, Does.Contain("confidence-inferred"));
        });
    }

    [Test]
    public async Task DetailsTheCaseFilesSayAreVerified_AreShownVerified()
    {
        using var seed = SeedFolder.CopyOfCheckedIn();
        seed.Edit("deficiencies.json", node =>
        {
            foreach (var d in node.AsArray().Where(d => (string?)d!["survey"] == "RS-2012" && (int?)d!["slot"] == 1))
            {
                d!["confidence"] = "verified"; // its sources include DMHC's own 2013 release
            }
        });
        using var app = new TestApp(seedDirectory: seed.Path);
        Assert.That(Fact(await app.GetDocumentAsync("/deficiencies/R12-01"), "Confidence"), Is.EqualTo("Verified"));
    }

    [Test]
    public async Task TheTimelineForm_ShowsARatingOnTheScale_AndKeepsItWhenLeftAlone()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Editor");
        var form = await TestApp.ParseAsync(await client.GetAsync("/timeline/E-2014-09-09/edit"));
        var offered = form.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().ToList();

        using var response = await client.SubmitAsync("/timeline/E-2014-09-09/edit", new Dictionary<string, string>
        {
            ["Input.Reason"] = "Clearer title.",
            ["Input.Title"] = "A clearer title",
            ["Input.Source.Title"] = "x",
            ["Input.Source.Publisher"] = "x",
            ["Input.Source.Url"] = "https://example.org/x",
            ["Input.Source.Kind"] = "news",
        });
        await using var db = await app.Database.OpenAsync();
        var stored = await db.ExecuteScalarAsync<string>("SELECT Confidence FROM TimelineItems WHERE Code = 'E-2014-09-09'");
        var changes = (await app.GetDocumentAsync("/changes?kind=detail-edit")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(offered.Select(r => r.Value), Is.EqualTo(new[] { "verified", "reported", "inferred" }), "the form offers the reader's scale");
            Assert.That(offered.Single(r => r.IsChecked).Value, Is.EqualTo("reported"), "rated high: shown as reported");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(stored, Is.EqualTo("high"), "left as it was, the rating is kept: nothing a reader sees changed");
            Assert.That(changes, Does.Contain("A clearer title").And.Not.Contain("Confidence:"));
        });
    }

    [Test]
    public async Task TheTimelineForm_RefusesVerifiedWithoutAPartysDocument_AndRecordsAChangeInTheReadersWords()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Editor");
        var change = new Dictionary<string, string>
        {
            ["Input.Confidence"] = "verified",
            ["Input.Reason"] = "Checked again.",
            ["Input.Source.Title"] = "Another story",
            ["Input.Source.Publisher"] = "Example News",
            ["Input.Source.Url"] = "https://example.org/story",
            ["Input.Source.Kind"] = "news",
        };
        using var refused = await client.SubmitAsync("/timeline/E-2014-09-09/edit", change);
        var page = await TestApp.ParseAsync(refused);

        change["Input.Confidence"] = "inferred";
        using var saved = await client.SubmitAsync("/timeline/E-2014-09-09/edit", change);
        var changes = (await app.GetDocumentAsync("/changes?kind=detail-edit")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_Confidence")!.Squash(), Does.Contain("Confidence can be \"verified\" only when a party's own document"));
            Assert.That(page.QuerySelector("[name='Input.Reason']")!.TextContent, Is.EqualTo("Checked again."), "what was typed is kept");
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(changes, Does.Contain("Confidence: “Reported” → “Inferred”"));
            Assert.That(changes, Does.Not.Contain("“high”"));
        });
    }

    private static string Fact(IHtmlDocument page, string term) =>
        page.QuerySelectorAll("dl.facts dt").First(dt => dt.TextContent.Trim() == term).NextElementSibling!.Squash();
}
