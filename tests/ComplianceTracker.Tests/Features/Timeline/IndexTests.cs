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
        Assert.That(item.Squash(), Does.Contain("25 June 2013 or 24 June 2013 — sources disagree"));
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

    [Test]
    public async Task Get_OpensWithPassedDeadlines_AndTheOutcomeASourceGives()
    {
        var page = await app.GetDocumentAsync("/timeline");
        var passed = page.GetElementById("passed")!;
        var rows = passed.QuerySelectorAll("li").Select(li => li.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(passed.QuerySelector("p")!.Squash(), Is.EqualTo(
                "2 deadlines have passed: 2 outcome unknown. No source on record says any was missed, so none is counted overdue."));
            Assert.That(rows, Has.Count.EqualTo(2), "counted as the dashboard and the brief count them");
            Assert.That(passed.QuerySelector(".also-passed")!.Squash(), Is.EqualTo(
                "Also passed, not counted above: SB 221 takes effect (1 July 2022, took effect 1,610 days ago); SB 855 applies (1 January 2021, took effect 2,156 days ago); "
                + "Work plan due under the 2017 settlement (30 September 2017, passed 3,345 days ago, part of an earlier, closed matter)."));
            Assert.That(rows[0], Is.EqualTo("October 2025 End of the two-year consultation period ended 392 days ago, outcome unknown"));
            Assert.That(rows[1], Is.EqualTo("21 October 2023 $40 million of the fine due passed 1,133 days ago, outcome unknown"));
            Assert.That(rows, Has.None.Contains("verdue"));
            Assert.That(passed.QuerySelector("a")!.GetAttribute("href"), Is.EqualTo("#DL-CONSULTATION-END"));
        });
    }

    [Test]
    public async Task Get_SummaryCountsAMissedDeadlineOverdue()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(Web.Infrastructure.Seed.SeedReader.TimelineFileName, t =>
        {
            foreach (var item in t.AsArray().Where(i => (string?)i!["code"] == "DL-FINE-40M"))
            {
                item!["status"] = "missed";
            }
        });
        using var missedApp = new TestApp(seedDirectory: folder.Path);
        var passed = (await missedApp.GetDocumentAsync("/timeline")).GetElementById("passed")!;

        Assert.Multiple(() =>
        {
            Assert.That(passed.QuerySelector("p")!.Squash(), Is.EqualTo("2 deadlines have passed: 1 missed, 1 outcome unknown. 1 is overdue: a source says it was missed."));
            Assert.That(passed.QuerySelector("li.overdue")!.Squash(), Is.EqualTo("21 October 2023 $40 million of the fine due overdue by 1,133 days (missed)"));
        });
    }

    [Test]
    public async Task Get_OpensWithTheNextDatedItems()
    {
        var next = (await app.GetDocumentAsync("/timeline")).GetElementById("next")!;

        Assert.Multiple(() =>
        {
            Assert.That(next.QuerySelector("p")!.Squash(), Is.EqualTo("Only 1 dated item is on record from today on."));
            Assert.That(next.QuerySelectorAll("li").Select(li => li.Squash()), Is.EqualTo(new[]
            {
                "October 2028 deadline End of the five-year investment period (inferred) Inferred ends in 704 days",
            }));
        });
    }

    [Test]
    public async Task Get_DrawsTheKeyMilestones_WithTodayAndATextAlternative()
    {
        var page = await app.GetDocumentAsync("/timeline");
        var figure = page.QuerySelector("figure.chart")!;
        var svg = figure.QuerySelector("svg")!;
        var labels = svg.QuerySelectorAll("text.label").ToDictionary(t => t.GetAttribute("data-code") is { Length: > 0 } code ? code : "today", t => t.Squash());
        var alternative = figure.QuerySelectorAll("#milestone-list li").Select(li => li.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(figure.QuerySelector("figcaption h3")!.Squash(), Is.EqualTo("Key milestones, 2012 to 2028"));
            Assert.That(svg.GetAttribute("role"), Is.EqualTo("img"));
            Assert.That(page.GetElementById(svg.GetAttribute("aria-labelledby")!)!.Squash(), Does.Contain("from 2012 to 2028").And.Contain("27 November 2026"));
            Assert.That(svg.QuerySelector("line.today-line"), Is.Not.Null);
            Assert.That(labels["today"], Is.EqualTo("Today, 27 November 2026"));
            // Six deadlines and the eleven events the case's files name as milestones; the other events are unlabelled dots.
            Assert.That(labels, Has.Count.EqualTo(18));
            Assert.That(labels["E-2023-10-12"], Is.EqualTo("12 Oct 2023 $200 million DMHC–Kaiser settlement announced"));
            Assert.That(labels["DL-CONSULTATION-END"], Is.EqualTo("Oct 2025 · deadline End of the two-year consultation period ended 392 days ago, outcome unknown"));
            Assert.That(labels.Keys, Does.Not.Contain("E-2022-08-15"), "a strike that is not a named milestone");
            Assert.That(svg.QuerySelectorAll("circle.minor"), Has.Length.EqualTo(46 - 17));
            Assert.That(alternative, Has.Count.EqualTo(18));
            Assert.That(alternative, Does.Contain("24 March 2025, event: DMHC report on the 2022 non-routine survey: 19 of 20 deficiencies not corrected."));
            Assert.That(alternative, Does.Contain("October 2025, deadline: End of the two-year consultation period — ended 392 days ago, outcome unknown."));
            Assert.That(alternative[^1], Is.EqualTo("Today: 27 November 2026."));
        });
    }

    [Test]
    public async Task Get_LinksTheBriefAndToday_NearTheTop()
    {
        var page = await app.GetDocumentAsync("/timeline");
        var actions = page.QuerySelector("ul.page-actions")!;

        Assert.Multiple(() =>
        {
            Assert.That(actions.QuerySelector("a[href='/brief']")!.Squash(), Is.EqualTo("Brief for a hearing"));
            Assert.That(actions.QuerySelector("a[href='#today']")!.Squash(), Is.EqualTo("Jump to today"));
            Assert.That(page.GetElementById("today"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Get_ListsNewestFirst_WhenAsked_WithTodayBetweenFutureAndPast()
    {
        var page = await app.GetDocumentAsync("/timeline?order=newest");
        var ids = page.QuerySelectorAll("ol.timeline > li").Select(li => li.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids.Take(3), Is.EqualTo(new[] { "DL-INVESTMENT-END", "today", "E-2026-02-24" }));
            Assert.That(ids[^1], Is.EqualTo("E-2012-01"));
            Assert.That(ids, Has.Count.EqualTo(47));
            Assert.That(page.QuerySelector("select[name=order] option[selected]")!.GetAttribute("value"), Is.EqualTo("newest"));
            Assert.That(page.QuerySelectorAll(".notice"), Is.Empty);
            Assert.That(page.QuerySelector("p.list-order")!.Squash(), Is.EqualTo("Newest first. Jump to today · Read oldest first"));
            Assert.That(page.QuerySelector("p.list-order a[href$='#every-item']")!.GetAttribute("href"), Is.EqualTo("/timeline#every-item"));
        });
    }

    [Test]
    public async Task Get_KeepsTheFilters_WhenListingNewestFirst()
    {
        var page = await app.GetDocumentAsync("/timeline?kind=deadline&order=newest");
        var ids = page.QuerySelectorAll("ol.timeline > li[id]").Select(li => li.Id).ToList();

        Assert.That(ids, Is.EqualTo(new[]
        {
            "DL-INVESTMENT-END", "today", "DL-CONSULTATION-END", "DL-FINE-40M", "DL-SB221-EFFECTIVE", "DL-SB855-EFFECTIVE", "DL-2017-WORKPLAN",
        }));
    }

    [TestCase("sideways")]
    [TestCase("<b>newest</b>")]
    [TestCase("NEWEST")]
    public async Task Get_SaysSoAndListsOldestFirst_WhenTheOrderIsNotOneItKnows(string order)
    {
        var page = await app.GetDocumentAsync("/timeline?order=" + Uri.EscapeDataString(order));
        var ids = page.QuerySelectorAll("ol.timeline > li").Select(li => li.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector(".notice")!.Squash(), Is.EqualTo($"There is no order \"{order}\"; showing the oldest first."));
            Assert.That(page.QuerySelectorAll(".notice b"), Is.Empty, "the value is shown as text");
            Assert.That(ids[0], Is.EqualTo("E-2012-01"));
            Assert.That(page.QuerySelector("select[name=order] option[selected]"), Is.Null);
        });
    }
}
