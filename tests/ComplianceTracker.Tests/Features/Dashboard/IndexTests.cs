using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Dashboard;

public class IndexTests
{
    [Test]
    public async Task Get_ShowsRegulatorHeadline_WithItsSourceLinked()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/");

        var headline = page.QuerySelector(".headline")!;
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#headline")!.Squash(), Is.EqualTo("19 of 20 deficiencies not corrected"));
            Assert.That(headline.Squash(), Does.Contain("DMHC report on the 2022 non-routine survey").And.Contain("March 2025"));
            Assert.That(headline.QuerySelectorAll("a[href^='https://']"), Is.Not.Empty, "the finding's source is linked");
        });
    }

    // The consultation period's end is a period ending: "ended", and no source gives its outcome, so "unknown".
    [TestCase("2026-11-27T20:00:00Z", "ended 392 days ago, outcome unknown")]
    [TestCase("2025-11-10T20:00:00Z", "ended 10 days ago, outcome unknown")]
    [TestCase("2025-10-20T20:00:00Z", "ends in 11 days")]
    public async Task Get_CountsDaysFromTheDeadlinesLastDay_ForAMonthPrecisionDeadline(string now, string expected)
    {
        using var app = new TestApp(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var page = await app.GetDocumentAsync("/");

        Assert.That(page.QuerySelector("#deadline")!.Squash(), Is.EqualTo($"October 2025 deadline: {expected}"));
    }

    [Test]
    public async Task Get_UsesCaliforniaDate_NotUtc()
    {
        // 06:00 UTC on 1 November is still 23:00 on 31 October in California: the deadline's last day, not yet passed.
        using var app = new TestApp(new DateTimeOffset(2025, 11, 1, 6, 0, 0, TimeSpan.Zero));
        var page = await app.GetDocumentAsync("/");

        Assert.That(page.QuerySelector("#deadline")!.Squash(), Does.EndWith("ends today"));
    }

    [Test]
    public async Task Get_ShowsMoneyAsSourcesGiveIt()
    {
        using var app = new TestApp();
        var money = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(money, Does.Contain("$50M fine"));
            Assert.That(money, Does.Contain("$40M was due by 21 October 2023").And.Contain("amount paid: unknown (no source confirms payment)"));
            Assert.That(money, Does.Contain("$10M contingent"));
            Assert.That(money, Does.Contain("$150M investment committed").And.Contain("amount spent: unknown"));
            Assert.That(money, Does.Not.Contain("$0"));
        });
    }

    [Test]
    public async Task Get_ShowsDataCompleteness()
    {
        using var app = new TestApp();
        var text = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=completeness]")!.Squash();

        // D-01, D-02 and D-04 are described; D-03's slot no longer holds evidence as if it were a deficiency.
        Assert.That(text, Does.Contain("17 of 20 deficiencies have no details in this record yet"));
        Assert.That(text, Does.Contain("2 deadlines have passed: 2 outcome unknown"));
        // Every claim of the checked-in case cites a source: said in words, not "0 claims lack a source".
        Assert.That(text, Does.Contain("Every deficiency detail, term of the settlement, timeline item and status entry cites a source."));
        Assert.That(text, Does.Not.Contain("0 claims"));
    }

    [Test]
    public async Task Get_ListsLatestChanges_WithLinksToTheirItems()
    {
        using var app = new TestApp();
        var rows = (await app.GetDocumentAsync("/")).QuerySelectorAll("[aria-labelledby=latest] tbody tr");

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows[0].QuerySelector("a")!.GetAttribute("href"), Does.Match("^/(deficiencies/|settlement#|timeline#)"));
    }

    [Test]
    public async Task Get_LatestOnRecord_IsTheCasesNewest_NotTheOldestSurveys()
    {
        using var app = new TestApp();
        var rows = (await app.GetDocumentAsync("/")).QuerySelectorAll("[aria-labelledby=latest] tbody tr");
        var dates = rows.Select(r => r.QuerySelector("[data-label=Date]")!.Squash()).ToList();

        Assert.Multiple(() =>
        {
            // The newest dated things on record are from 2025 and 2026, not the 2015 follow-up of the oldest survey.
            Assert.That(dates[0], Does.EndWith("2026"));
            Assert.That(dates, Has.All.Match("202[56]$"));
            Assert.That(rows.Select(r => r.Squash()), Has.None.Contains("R12-"));
        });
    }

    [Test]
    public async Task Get_HeadlineSaysHowOldTheCountIs_AndNamesItsBestSourceFirst()
    {
        using var app = new TestApp();
        var headline = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=headline]")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(headline, Does.StartWith("19 of 20 deficiencies not corrected"));
            Assert.That(headline, Does.Contain("DMHC's count as of March 2025, 20 months ago; no newer finding on record."));
            // Reported by others: the regulator's own report is not among the sources, and the cell says so.
            Assert.That(headline, Does.Contain("Reported · from a union release"));
            Assert.That(headline, Does.Contain("Best source: New state report shows Kaiser mental health violations remain uncorrected"));
        });
    }
}
