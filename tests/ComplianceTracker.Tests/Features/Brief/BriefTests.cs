using System.Net;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Brief;

/// <summary>The aide's brief, from the checked-in case on a known day (27 November 2026 in California).</summary>
public class BriefTests
{
    [Test]
    public async Task Get_GivesHeadlineFigures_WithAsOfDatesAndSources()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/brief");
        var figures = page.QuerySelectorAll(".brief-figure").Select(f => f.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(figures, Has.Count.EqualTo(3));
            Assert.That(figures[0], Does.StartWith("19 of 20 deficiencies not corrected").And.Contain("DMHC's count as of March 2025, 20 months ago"));
            Assert.That(figures[1], Does.StartWith("October 2025 deadline").And.Contain("ended 392 days ago, outcome unknown"));
            Assert.That(figures[2], Does.Contain("$50M fine").And.Contain("amount paid: unknown").And.Contain("Newest money figure on record: 12 October 2023"));
            Assert.That(page.QuerySelectorAll(".brief-figure .cite-ref a"), Is.Not.Empty, "each figure cites a numbered source");
            Assert.That(page.QuerySelectorAll(".brief-sources li"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Get_ListsEveryPassedDeadline_WithOutcomeAndDaysSince()
    {
        using var app = new TestApp();
        var rows = (await app.GetDocumentAsync("/brief")).QuerySelectorAll("[aria-labelledby=passed-h] tbody tr").Select(r => r.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(2));
            Assert.That(rows[0], Does.StartWith("21 October 2023 $40 million of the fine due").And.EndWith("Outcome unknown 1,133"));
            Assert.That(rows[1], Does.StartWith("October 2025 End of the two-year consultation period").And.EndWith("Outcome unknown 392"));
            Assert.That(string.Join(" ", rows), Does.Not.Contain("overdue"));
        });
    }

    [Test]
    public async Task Get_ListsWhatChangedSinceTheDate_AndNothingBefore()
    {
        using var app = new TestApp();
        var editor = await app.SignedInClientAsync();
        // One entry taking effect after the date, through the real form (effective 20 November 2026).
        await editor.RecordAssessmentAsync("D-02", "union:partly-corrected", "Members report shorter waits at two clinics.");

        var page = await app.GetDocumentAsync("/brief?since=2026-06-01");
        var changes = page.QuerySelector("[aria-labelledby=since-h]")!;
        var text = changes.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#since-h")!.Squash(), Is.EqualTo("What changed since 1 June 2026"));
            Assert.That(text, Does.Contain("20 November 2026").And.Contain("Union: Partly corrected").And.Contain("D-02"));
            Assert.That(changes.QuerySelectorAll("a[href='#source-1'], .cite-ref a"), Is.Not.Empty, "the change cites its source");
            // The March 2025 follow-up report and the February 2026 vote took effect before the date.
            Assert.That(text, Does.Not.Contain("March 2025").And.Not.Contain("92% vote"));
        });

        var earlier = (await app.GetDocumentAsync("/brief?since=2025-05-06")).QuerySelector("[aria-labelledby=since-h]")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(earlier, Does.Contain("Northern California NUHW contract expires").And.Contain("92% vote to authorize a one-day strike reported"));
            Assert.That(earlier, Does.Contain("End of the two-year consultation period").And.Contain("outcome unknown"));
            // 4 May 2025 (the tentative agreement) and the 6 May hearing itself are not after 6 May.
            Assert.That(earlier, Does.Not.Contain("Tentative agreement").And.Not.Contain("Assembly Health Committee hearing"));
        });
    }

    [Test]
    public async Task Get_DefaultsSinceToTheLatestEdition()
    {
        using var app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var page = await app.GetDocumentAsync("/brief");

        Assert.That(page.QuerySelector("#since-h")!.Squash(), Is.EqualTo("What changed since edition 1 (27 November 2026)"));
    }

    [Test]
    public async Task Get_AsksWhatTheRecordCannotAnswer_AndWhomToAsk()
    {
        using var app = new TestApp();
        var questions = (await app.GetDocumentAsync("/brief")).QuerySelectorAll(".brief-questions li").Select(q => q.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(questions, Has.Some.Contains("17 deficiencies of the 2022 non-routine survey").And.Some.Contains("Ask: DMHC or Kaiser Foundation Health Plan."));
            Assert.That(questions, Has.Some.StartsWith("Was the $40M due by 21 October 2023 paid?"));
            Assert.That(questions, Has.Some.StartsWith("How much of the $150M has been spent").And.Some.EndsWith("Ask: Kaiser Foundation Health Plan."));
            Assert.That(questions, Has.Some.StartsWith("What came of “End of the two-year consultation period” (October 2025)?"));
            Assert.That(questions, Has.Some.StartsWith("Has DMHC assessed the deficiencies since March 2025?"));
            // The $40M deadline is asked once, as a payment, not again as a deadline.
            Assert.That(questions.Count(q => q.Contains("$40M", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [TestCase("2025-13-06")]
    [TestCase("yesterday")]
    [TestCase("0001-01-01")]
    [TestCase("2099-01-01")]
    public async Task Get_RefusesABadSinceDate_KeepingWhatWasTyped(string since)
    {
        using var app = new TestApp();
        using var response = await app.CreateClient().GetAsync($"/brief?since={Uri.EscapeDataString(since)}");
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector("#since-error")!.Squash(), Does.StartWith("Since "));
            Assert.That(page.QuerySelector("input#since")!.GetAttribute("value"), Is.EqualTo(since));
            Assert.That(page.QuerySelector("#passed-h"), Is.Not.Null, "the rest of the brief is still shown");
        });
    }

    [TestCase("2025-13-06")]
    [TestCase("6 May 2025")]
    [TestCase("2999-05-06")]
    public async Task GetPdf_AnswersAProblem_ForABadSinceDate(string since)
    {
        using var app = new TestApp();
        using var response = await app.CreateClient().GetAsync($"/brief.pdf?since={Uri.EscapeDataString(since)}");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Since"));
        });
    }

    [Test]
    public async Task GetPdf_IsTwoPagesAtMost_WithTheFiguresAndQuestions()
    {
        using var app = new TestApp();
        using var response = await app.CreateClient().GetAsync("/brief.pdf?since=2025-05-06");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var pdf = ReportPdf.Read(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Does.StartWith("compliancetracker-brief-").And.Contain("2026-11-27-since-2025-05-06").And.EndWith(".pdf"));
            Assert.That(pdf.Pages, Has.Count.InRange(1, 2));
            Assert.That(pdf.AllText, Does.Contain("19 of 20").And.Contain("deficiencies not corrected"));
            Assert.That(pdf.AllText, Does.Contain("October 2025 deadline").And.Contain("$50M fine"));
            Assert.That(pdf.AllText, Does.Contain("Questions the record cannot answer yet").And.Contain("Was the $40M due by 21 October 2023 paid?"));
            Assert.That(pdf.AllText, Does.Contain("Page 1 of"));
            Assert.That(pdf.Links, Has.Some.StartWith("https://tracker.example.org/"));
            Assert.That(pdf.AllText, Does.Not.Contain("overdue by"), "no deadline is called overdue without a source saying it was missed");
        });
    }

    [Test]
    public async Task GetPdf_IsTheSameBytes_ForTheSameRecordSinceAndDay()
    {
        using var app = new TestApp();
        var first = await app.CreateClient().GetByteArrayAsync("/brief.pdf?since=2025-05-06");
        using var other = new TestApp();
        var second = await other.CreateClient().GetByteArrayAsync("/brief.pdf?since=2025-05-06");

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Dashboard_LinksToTheBriefAndItsPdf()
    {
        using var app = new TestApp();
        var dashboard = await app.GetDocumentAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(dashboard.QuerySelectorAll("a[href='/brief']"), Is.Not.Empty);
            Assert.That(dashboard.QuerySelectorAll("a[href='/brief.pdf']"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Get_MarksNoMenuEntryAsTheCurrentPage()
    {
        using var app = new TestApp();
        var brief = await app.GetDocumentAsync("/brief");
        var dashboard = await app.GetDocumentAsync("/");
        Assert.Multiple(() =>
        {
            // The brief has no menu entry of its own: "Dashboard" marked current would tell a screen reader it is there.
            Assert.That(brief.QuerySelectorAll("nav[aria-label=Main] a[aria-current]"), Is.Empty);
            Assert.That(dashboard.QuerySelector("nav[aria-label=Main] a[aria-current=page]")?.TextContent, Is.EqualTo("Dashboard"));
        });
    }
}
