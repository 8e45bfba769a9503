using System.Net;
using AngleSharp.Dom;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Tests.Features.Brief;

/// <summary>
/// Issue 24, point 7: "What changed since" lists what took effect after the date and, apart, what was recorded after it
/// but took effect earlier, and offers the last edition, 30 and 90 days and the case's milestones beside the date box.
/// The app's clock reads 27 November 2026 (noon in California).
/// </summary>
public class BriefSinceTests
{
    /// <summary>A status recorded now through the real form, effective on the given day, resting on a letter of that day.</summary>
    private static async Task AssessAsync(HttpClient editor, string code, string assessment, string effectiveOn, string reason)
    {
        using var response = await editor.SubmitAsync($"/deficiencies/{code}/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = assessment,
            ["Input.EffectiveOn"] = effectiveOn,
            ["Input.Reason"] = reason,
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = $"Union field report {effectiveOn}",
            ["Input.Source.Publisher"] = "National Union of Healthcare Workers",
            ["Input.Source.Url"] = $"https://example.org/field-report-{effectiveOn}",
            ["Input.Source.PublishedOn"] = effectiveOn,
            ["Input.Source.Kind"] = "union-release",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    private static IElement Group(IDocument page, string headingId) =>
        page.QuerySelector($"#{headingId}")!.NextElementSibling!;

    private static List<string> Rows(IElement table) => table.QuerySelectorAll("tbody tr").Select(r => r.Squash()).ToList();

    [Test]
    public async Task Get_ListsAnEntryRecordedNowButEffectiveEarlier_UnderRecorded_AndOneEffectiveAfter_UnderTookEffect()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync();
        await AssessAsync(editor, "D-05", "union:not-corrected", "2025-11-25", "Members report the same waits as a year ago.");
        await AssessAsync(editor, "D-02", "union:partly-corrected", "2026-11-20", "Members report shorter waits at two clinics.");

        var page = await app.GetDocumentAsync("/brief?since=2026-06-01");
        var tookEffect = Rows(Group(page, "took-effect-h"));
        var recorded = Group(page, "recorded-h");
        var section = page.QuerySelector("[aria-labelledby=since-h]")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#took-effect-h")!.Squash(), Is.EqualTo("Took effect after 1 June 2026"));
            Assert.That(page.QuerySelector("#recorded-h")!.Squash(), Is.EqualTo("Recorded after 1 June 2026, dated earlier"));
            Assert.That(tookEffect, Has.One.StartsWith("20 November 2026 Status: Union: Partly corrected").And.One.Contains("D-02"));
            Assert.That(tookEffect, Has.None.Contains("D-05"));
            Assert.That(recorded.QuerySelectorAll("thead th").Select(h => h.Squash()), Is.EqualTo(new[] { "Recorded", "Took effect", "What", "Item" }));
            Assert.That(Rows(recorded), Is.EqualTo(Rows(recorded).Where(r => r.Contains("D-05", StringComparison.Ordinal))).And.Count.EqualTo(1));
            Assert.That(Rows(recorded)[0], Does.StartWith("27 November 2026 25 November 2025 Status: Union:").And.Contain("Not corrected"));
            Assert.That(recorded.QuerySelectorAll(".cite-ref a"), Is.Not.Empty, "the entry cites its source");
            // Recorded and in effect after the date: listed once, under "took effect".
            Assert.That(section.Split("D-02").Length - 1, Is.EqualTo(1));
            // The case files were loaded today too, but what they hold is not "learned since".
            Assert.That(section, Does.Not.Contain("Tentative agreement").And.Not.Contain("$200 million DMHC–Kaiser settlement"));
        });
    }

    [Test]
    public async Task Get_ByDefault_ListsWhatWasRecordedAfterTheLatestEdition_LaterTheSameDay()
    {
        using var app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        // An hour after the edition, the same day in California: a finding that took effect two days before.
        app.Clock.Advance(TimeSpan.FromHours(1));
        using var editor = await app.SignedInClientAsync();
        await AssessAsync(editor, "D-07", "union:not-corrected", "2026-11-25", "Members report no change at the Oakland clinic.");

        var page = await app.GetDocumentAsync("/brief");
        var section = page.QuerySelector("[aria-labelledby=since-h]")!;

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#since-h")!.Squash(), Is.EqualTo("What changed since edition 1 (27 November 2026)"));
            Assert.That(section.QuerySelector("#took-effect-h + p")!.Squash(), Is.EqualTo("Nothing on record took effect after 27 November 2026."));
            Assert.That(page.QuerySelector("#recorded-h")!.Squash(), Is.EqualTo("Recorded after edition 1 (27 November 2026), dated earlier"));
            Assert.That(Rows(Group(page, "recorded-h")), Has.Count.EqualTo(1).And.One.StartsWith("27 November 2026 25 November 2026 Status: Union:").And.One.Contains("D-07"));
        });

        // Asked for by its day, the edition's link says the same.
        var asked = await app.GetDocumentAsync("/brief?since=2026-11-27");
        Assert.That(Rows(Group(asked, "recorded-h")), Has.One.Contains("D-07"));
    }

    [Test]
    public async Task Get_SaysNothingWasRecordedLate_WhenNothingWas()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/brief?since=2026-06-01");

        Assert.That(Group(page, "recorded-h").Squash(), Is.EqualTo("Nothing recorded after 1 June 2026 is dated 1 June 2026 or earlier."));
    }

    [Test]
    public async Task Get_OffersTheLastEdition_30And90Days_AndEachMilestone_AsLinks_WithTheChosenOneMarked()
    {
        using var seed = SeedFolder.CopyOfCheckedIn();
        // The hearing an aide briefs for, named a key milestone in this copy of the case files.
        seed.Edit(SeedReader.TimelineFileName, list => list.AsArray().First(i => i!["code"]!.GetValue<string>() == "E-2025-05-06")!["milestone"] = true);
        using var app = new TestApp(seedDirectory: seed.Path);
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);

        var page = await app.GetDocumentAsync("/brief");
        var links = page.QuerySelectorAll(".brief-presets a").ToDictionary(a => a.Squash(), a => a.GetAttribute("href"));
        var current = page.QuerySelectorAll(".brief-presets a[aria-current]").Select(a => a.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(links.Keys.Take(3), Is.EqualTo(new[] { "edition 1 (27 November 2026)", "the last 30 days", "the last 90 days" }));
            Assert.That(links["edition 1 (27 November 2026)"], Is.EqualTo("/brief?since=2026-11-27"));
            Assert.That(links["the last 30 days"], Is.EqualTo("/brief?since=2026-10-28"));
            Assert.That(links["the last 90 days"], Is.EqualTo("/brief?since=2026-08-29"));
            Assert.That(links["Assembly Health Committee hearing on Kaiser (6 May 2025)"], Is.EqualTo("/brief?since=2025-05-06"));
            Assert.That(links["DMHC report on the 2022 non-routine survey: 19 of 20 deficiencies not corrected (24 March 2025)"], Is.EqualTo("/brief?since=2025-03-24"));
            // The case's key deadline, known to the month: from the first day of its month.
            Assert.That(links["End of the two-year consultation period (October 2025)"], Is.EqualTo("/brief?since=2025-10-01"));
            Assert.That(links["Routine survey begins (January 2012)"], Is.EqualTo("/brief?since=2012-01-01"));
            Assert.That(links.Keys, Has.None.Contains("strike begins"), "an event not named a milestone");
            Assert.That(links.Keys, Has.None.Contains("End of the five-year investment period"), "a milestone still to come");
            Assert.That(current, Is.EqualTo(new[] { "edition 1 (27 November 2026)" }), "the default is the last edition");
        });

        var hearing = await app.GetDocumentAsync("/brief?since=2025-05-06");
        Assert.Multiple(() =>
        {
            Assert.That(hearing.QuerySelectorAll(".brief-presets a[aria-current=page]").Select(a => a.Squash()), Is.EqualTo(new[] { "Assembly Health Committee hearing on Kaiser (6 May 2025)" }));
            Assert.That(hearing.QuerySelector("#since-h")!.Squash(), Is.EqualTo("What changed since 6 May 2025"));
            Assert.That(hearing.QuerySelector("form.brief-since input#since")!.GetAttribute("value"), Is.EqualTo("2025-05-06"));
        });

        var typed = await app.GetDocumentAsync("/brief?since=2026-06-01");
        Assert.That(typed.QuerySelectorAll(".brief-presets a[aria-current]"), Is.Empty, "a typed date no preset has");
    }

    [Test]
    public async Task Get_OffersNoEditionPreset_BeforeTheFirstEdition()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/brief");
        var labels = page.QuerySelectorAll(".brief-presets a").Select(a => a.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(labels.Take(2), Is.EqualTo(new[] { "the last 30 days", "the last 90 days" }));
            Assert.That(labels, Has.None.StartsWith("edition"));
            // Without an edition the default is the last 30 days: that link is the chosen one.
            Assert.That(page.QuerySelectorAll(".brief-presets a[aria-current=page]").Select(a => a.Squash()), Is.EqualTo(new[] { "the last 30 days" }));
        });
    }

    [Test]
    public async Task GetPdf_SaysTheSame_AsThePage()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync();
        await AssessAsync(editor, "D-05", "union:not-corrected", "2025-11-25", "Members report the same waits as a year ago.");
        await AssessAsync(editor, "D-02", "union:partly-corrected", "2026-11-20", "Members report shorter waits at two clinics.");

        var page = await app.GetDocumentAsync("/brief?since=2026-06-01");
        var pdf = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/brief.pdf?since=2026-06-01"));
        var text = pdf.AllText;
        var tookEffect = text.IndexOf("Took effect after 1 June 2026", StringComparison.Ordinal);
        var recorded = text.IndexOf("Recorded after 1 June 2026, dated earlier", StringComparison.Ordinal);
        var note = text.IndexOf("Each entry is listed once", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages, Has.Count.InRange(1, 2));
            Assert.That(text, Does.Contain(page.QuerySelector("#since-h")!.Squash()));
            Assert.That(tookEffect, Is.GreaterThan(0).And.LessThan(recorded));
            Assert.That(note, Is.GreaterThan(recorded));
            // A table's narrow date cells wrap "20 November" and "2026" onto two lines.
            Assert.That(text[tookEffect..recorded], Does.Contain("Took effect What Item 20 November").And.Contain("D-02").And.Not.Contain("D-05"));
            Assert.That(text[recorded..note], Does.Contain("Recorded Took effect What Item 27 November 25 November").And.Contain("D-05").And.Not.Contain("D-02"));
            Assert.That(pdf.Bookmarks, Has.Some.EqualTo("What changed since 1 June 2026"));
            Assert.That(pdf.Links, Has.Some.EndWith("/deficiencies/D-05"));
        });
    }
}
