using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Timeline;

public class IndexTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    [Test]
    public async Task Get_WritesAMonthPrecisionDate_AsTheMonth()
    {
        var page = await app.GetDocumentAsync("/timeline");
        var item = page.GetElementById("DL-CONSULTATION-END")!;

        Assert.That(item.QuerySelector(".when")!.Squash(), Is.EqualTo("October 2025"));
        Assert.That(item.Squash(), Does.Not.Contain("1 October 2025").And.Not.Contain("2025-10-01"));
    }

    [Test]
    public async Task Get_SaysPassedWithOutcomeUnknown_NotOverdue_WhenNoSourceGivesTheOutcome()
    {
        var page = await app.GetDocumentAsync("/timeline?kind=deadline");
        var end = page.GetElementById("DL-CONSULTATION-END")!;
        var payment = page.GetElementById("DL-FINE-40M")!;

        Assert.Multiple(() =>
        {
            Assert.That(end.ClassList, Does.Not.Contain("overdue"));
            Assert.That(end.Squash(), Does.Contain("ended 392 days ago, outcome unknown").And.Not.Contain("verdue"));
            Assert.That(payment.ClassList, Does.Not.Contain("overdue"));
            Assert.That(payment.Squash(), Does.Contain("passed 1,133 days ago, outcome unknown").And.Not.Contain("verdue"));
        });
    }

    [Test]
    public async Task Get_MarksOverdue_OnlyWhereASourceSaysTheDeadlineWasMissed()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(Web.Infrastructure.Seed.SeedReader.TimelineFileName, t =>
        {
            foreach (var item in t.AsArray())
            {
                if ((string?)item!["code"] == "DL-FINE-40M")
                {
                    item["status"] = "missed";
                }
            }
        });
        using var missedApp = new TestApp(seedDirectory: folder.Path);
        var page = await missedApp.GetDocumentAsync("/timeline?kind=deadline");
        var payment = page.GetElementById("DL-FINE-40M")!;

        Assert.That(payment.ClassList, Does.Contain("overdue"));
        Assert.That(payment.Squash(), Does.Contain("overdue by 1,133 days (missed)"));
    }

    [Test]
    public async Task Get_MarksADeadlineOverdue_WhenASourceSaysItsTermWasMissed()
    {
        using var ownApp = new TestApp();
        using var editor = await ownApp.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync("/settlement/O-1a/status", new Dictionary<string, string>
        {
            ["Input.Status"] = "missed",
            ["Input.EffectiveOn"] = "2023-11-01",
            ["Input.Reason"] = "The regulator's letter says the $40 million was not paid when due.",
            ["Input.Confidence"] = "verified",
            ["Input.Source.Title"] = "DMHC letter on the unpaid fine",
            ["Input.Source.Publisher"] = "California Department of Managed Health Care",
            ["Input.Source.Url"] = "https://example.org/dmhc-unpaid",
            ["Input.Source.Kind"] = "regulator-release",
        });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        var payment = (await ownApp.GetDocumentAsync("/timeline?kind=deadline")).GetElementById("DL-FINE-40M")!;
        Assert.That(payment.ClassList, Does.Contain("overdue"));
        Assert.That(payment.Squash(), Does.Contain("overdue by 1,133 days (missed)"));
    }

    [Test]
    public async Task Get_ShowsDaysLeft_ForUpcomingDeadlines()
    {
        var page = await app.GetDocumentAsync("/timeline?kind=deadline");
        // October 2028, inferred: due 31 October 2028, 704 days after 27 November 2026.
        Assert.That(page.GetElementById("DL-INVESTMENT-END")!.Squash(), Does.Contain("ends in 704 days"));
    }

    [Test]
    public async Task Get_PlacesTheTodayMarker_BetweenPastAndFuture()
    {
        var items = (await app.GetDocumentAsync("/timeline")).QuerySelectorAll("ol.timeline > li").ToList();
        var today = items.FindIndex(li => li.Id == "today");

        Assert.That(items[today].Squash(), Is.EqualTo("Today, 27 November 2026"));
        Assert.That(items[today - 1].Id, Is.EqualTo("E-2026-02-24"));
        Assert.That(items[today + 1].Id, Is.EqualTo("DL-INVESTMENT-END"));
    }

    [Test]
    public async Task Get_ShowsBothDates_WhereSourcesDisagree()
    {
        var item = (await app.GetDocumentAsync("/timeline")).GetElementById("E-2013-06-24")!;
        Assert.That(item.Squash(), Does.Contain("24 June 2013 or 25 June 2013 — sources disagree"));
    }

    [Test]
    public async Task Get_FiltersByKindAndYear()
    {
        var page = await app.GetDocumentAsync("/timeline?kind=deadline&year=2025");
        var ids = page.QuerySelectorAll("ol.timeline > li[id]").Select(li => li.Id).Where(id => id != "today").ToList();
        Assert.That(ids, Is.EqualTo(new[] { "DL-CONSULTATION-END" }));
    }

    [Test]
    public async Task Get_HasAtLeastThirtyDatedEvents_EachWithASource()
    {
        var page = await app.GetDocumentAsync("/timeline?kind=event");
        var events = page.QuerySelectorAll("ol.timeline > li.event");
        Assert.That(events, Has.Length.GreaterThanOrEqualTo(30));
        Assert.That(events.Where(e => e.QuerySelector("ul.sources") is null), Is.Empty);
    }
}
