using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Tests.Features.Timeline;

/// <summary>The summary and the chart from a known record: pure, so built from items without the app.</summary>
public class TimelineSummaryTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static TimelineItem Item(string code, string date, string kind = TimelineItem.Event, string? status = null, bool milestone = false, string? type = null)
    {
        Web.Features.Shared.PartialDate.TryParse(date, out var on);
        return new TimelineItem
        {
            Id = code.GetHashCode() & 0xffff,
            Code = code,
            Kind = kind,
            Title = $"Title of {code}",
            OccursOn = on.Start,
            OccursPrecision = on.Precision.ToString().ToLowerInvariant(),
            Status = status,
            DeadlineType = type,
            Milestone = milestone,
        };
    }

    private static readonly TimelineItem[] Record =
    [
        Item("E-SURVEY", "2022-05-16", milestone: true),
        Item("E-MINOR", "2022-08-15"),
        Item("DL-LAW", "2022-07-01", TimelineItem.Deadline, status: "in-force", type: "takes-effect"),
        Item("DL-UNKNOWN", "2023-10-21", TimelineItem.Deadline, status: "outcome-unknown"),
        Item("DL-MISSED", "2024-03-01", TimelineItem.Deadline, status: "missed"),
        Item("DL-PERIOD", "2025-10", TimelineItem.Deadline, status: "open", type: "period-end"),
        Item("E-REPORT", "2025-03-24", milestone: true),
        Item("E-AHEAD", "2026-12-15"),
        Item("DL-FUTURE", "2028-10", TimelineItem.Deadline, status: "open", type: "period-end"),
        Item("E-LATER", "2029-01-05"),
        Item("E-LAST", "2030"),
    ];

    [Test]
    public void Of_ListsPassedDeadlinesLatestFirst_WithTheOutcomeASourceGives()
    {
        var summary = TimelineSummary.Of(Record, Today);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Passed.Select(d => d.Item.Code), Is.EqualTo(new[] { "DL-PERIOD", "DL-MISSED", "DL-UNKNOWN" }));
            Assert.That(summary.Passed.Select(d => d.Standing!.Value.Describe()), Is.EqualTo(new[]
            {
                "ended 392 days ago, outcome unknown",
                "overdue by 1,001 days (missed)",
                "passed 1,133 days ago, outcome unknown",
            }));
            Assert.That(summary.Overdue, Is.EqualTo(1), "only the deadline a source says was missed");
            Assert.That(summary.PassedByOutcome, Is.EqualTo("1 missed, 2 outcome unknown"));
            Assert.That(summary.AlsoPassed.Select(d => d.Item.Code), Is.EqualTo(new[] { "DL-LAW" }), "a rule that took effect is not counted as a passed deadline");
        });
    }

    [Test]
    public void Of_GivesTheNextThreeDatedItems_FromToday()
    {
        var summary = TimelineSummary.Of(Record, Today);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Next.Select(d => d.Item.Code), Is.EqualTo(new[] { "E-AHEAD", "DL-FUTURE", "E-LATER" }));
            Assert.That(summary.Next[0].Standing, Is.Null, "an event has no standing");
            Assert.That(summary.Next[1].Standing!.Value.Describe(), Is.EqualTo("ends in 704 days"));
        });
    }

    [Test]
    public void Of_CountsEveryDeadlineAsAMilestone_WithTheEventsNamedSo()
    {
        var summary = TimelineSummary.Of(Record, Today);

        Assert.That(summary.Milestones.Select(d => d.Item.Code), Is.EqualTo(new[]
        {
            "E-SURVEY", "DL-LAW", "DL-UNKNOWN", "DL-MISSED", "E-REPORT", "DL-PERIOD", "DL-FUTURE",
        }));
    }

    [Test]
    public void Build_LabelsEveryMilestoneAndToday_WithoutOverlap()
    {
        var chart = TimelineChart.Build(Record, Today)!;
        var labels = chart.Labels.Append(chart.Today).OrderBy(l => l.LabelTop).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(chart.Labels.Select(l => l.Code), Is.EqualTo(new[] { "E-SURVEY", "DL-LAW", "DL-UNKNOWN", "DL-MISSED", "E-REPORT", "DL-PERIOD", "DL-FUTURE" }));
            Assert.That(chart.Today.Lines.Single().Text, Is.EqualTo("Today, 27 November 2026"));
            for (var n = 1; n < labels.Count; n++)
            {
                Assert.That(labels[n].LabelTop, Is.GreaterThanOrEqualTo(labels[n - 1].Bottom + TimelineChart.LabelGap - 0.001),
                    $"{labels[n].Code ?? "today"} overlaps {labels[n - 1].Code ?? "today"}");
            }
            Assert.That(labels.Max(l => l.Bottom), Is.LessThanOrEqualTo(chart.Height));
            Assert.That(labels.Min(l => l.LabelTop), Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public void Build_RunsFromTheFirstItemToTheLastDeadline_WithTodayInDateOrder()
    {
        var chart = TimelineChart.Build(Record, Today)!;
        double DotOf(string code) => chart.Dots.Single(d => d.Code == code).Y;

        Assert.Multiple(() =>
        {
            Assert.That(chart.From, Is.EqualTo(new DateOnly(2022, 1, 1)));
            Assert.That(chart.To, Is.EqualTo(new DateOnly(2030, 12, 31)), "an item after the last deadline stays on the axis");
            Assert.That(chart.Today.DotY, Is.GreaterThan(DotOf("DL-PERIOD")).And.LessThan(DotOf("E-AHEAD")));
            Assert.That(chart.Dots.Single(d => d.Code == "DL-MISSED").Css, Does.Contain("overdue"));
            Assert.That(chart.Dots.Single(d => d.Code == "DL-UNKNOWN").Css, Does.Contain("outcome-unknown").And.Not.Contain("overdue"));
            Assert.That(chart.Labels.Single(l => l.Code == "DL-UNKNOWN").Lines.Where(l => l.Role == "standing").Select(l => l.Text),
                Is.EqualTo(new[] { "passed 1,133 days ago, outcome unknown" }));
        });
    }

    [Test]
    public void Build_LeavesDatesOutsideTheFormsYearsOffThePicture_AndThinsTheYearsOfALongCase()
    {
        var chart = TimelineChart.Build([.. Record, Item("DL-FAR", "9999-12-31", TimelineItem.Deadline), Item("E-FIRST", "0001"), Item("E-OLD", "1901")], Today)!;

        Assert.Multiple(() =>
        {
            Assert.That(chart.Dots.Select(d => d.Code), Does.Not.Contain("DL-FAR").And.Not.Contain("E-FIRST").And.Contain("E-OLD"));
            Assert.That((chart.From, chart.To), Is.EqualTo((new DateOnly(1901, 1, 1), new DateOnly(2030, 12, 31))));
            Assert.That(chart.AxisEnd, Is.LessThanOrEqualTo(TimelineChart.Top + TimelineChart.MaxAxis + 1));
            Assert.That(chart.Years.Zip(chart.Years.Skip(1), (a, b) => b.Y - a.Y), Has.All.GreaterThanOrEqualTo(TimelineChart.MinYearSpacing));
        });
    }

    [Test]
    public void Build_GivesNothing_ForAnEmptyRecord() => Assert.That(TimelineChart.Build([], Today), Is.Null);

    [Test]
    public void Place_KeepsLabelsAtTheirDates_WhenThereIsRoom_AndSpreadsACrowdAroundIt()
    {
        var apart = TimelineChart.Place([(100, 30), (200, 30)]);
        var crowd = TimelineChart.Place([(100, 30), (101, 30), (102, 30)]);

        Assert.Multiple(() =>
        {
            Assert.That(apart, Is.EqualTo(new[] { 100.0, 200.0 }));
            // 30 + 7 + 30 + 7 + 30: the block's middle label stays at its date, the others move by one label each way.
            Assert.That(crowd[1], Is.EqualTo(101).Within(0.001));
            Assert.That(crowd[0], Is.EqualTo(101 - 37).Within(0.001));
            Assert.That(crowd[2], Is.EqualTo(101 + 37).Within(0.001));
        });
    }

    [Test]
    public void Wrap_BreaksAtSpaces_WithinTheLength() =>
        Assert.That(TimelineChart.Wrap("Follow-up report: 19 of 20 deficiencies not corrected", 34),
            Is.EqualTo(new[] { "Follow-up report: 19 of 20", "deficiencies not corrected" }));
}
