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
            Assert.That(headline.Squash(), Does.Contain("DMHC follow-up report").And.Contain("March 2025"));
            Assert.That(headline.QuerySelectorAll("a[href^='https://']"), Is.Not.Empty, "the finding's source is linked");
        });
    }

    [TestCase("2026-11-27T20:00:00Z", "passed 392 days ago")]
    [TestCase("2025-11-10T20:00:00Z", "passed 10 days ago")]
    [TestCase("2025-10-20T20:00:00Z", "11 days left")]
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

        Assert.That(page.QuerySelector("#deadline")!.Squash(), Does.EndWith("due today"));
    }

    [Test]
    public async Task Get_ShowsMoneyAsSourcesGiveIt()
    {
        using var app = new TestApp();
        var money = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(money, Does.Contain("$50M fine"));
            Assert.That(money, Does.Contain("$40M was due by 21 October 2023").And.Contain("no source confirms payment"));
            Assert.That(money, Does.Contain("$10M contingent"));
            Assert.That(money, Does.Contain("$150M investment committed").And.Contain("no spending reported"));
        });
    }

    [Test]
    public async Task Get_ShowsDataCompleteness()
    {
        using var app = new TestApp();
        var text = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=completeness]")!.Squash();

        Assert.That(text, Does.Contain("16 of 20 deficiencies have no public details"));
        Assert.That(text, Does.Match(@"\d+ claims? lacks? a source"));
    }

    [Test]
    public async Task Get_ListsLatestChanges_WithLinksToTheirItems()
    {
        using var app = new TestApp();
        var rows = (await app.GetDocumentAsync("/")).QuerySelectorAll("[aria-labelledby=latest] tbody tr");

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows[0].QuerySelector("a")!.GetAttribute("href"), Does.Match("^/(deficiencies/|settlement#|timeline#)"));
    }
}
