using ComplianceTracker.Web.Features.Shared;
using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>The case's milestones, the twelve months either side of the report's day, and earlier deadlines still open.</summary>
public static class TimelineSection
{
    public static ReportSection Build(StatusReport report)
    {
        var t = report.Timeline;
        var blocks = new List<ReportBlock>
        {
            Paragraph($"Events and deadlines from {Format.Day(t.From)} to {Format.Day(t.To)}: the twelve months before {(report.Draft ? "today" : "this edition")} and the twelve after. A deadline known only to the month or year falls due on the last day of that period. A passed deadline's outcome is what a source says; only a missed one is overdue."),
        };

        void Group(string id, string title, IReadOnlyList<ReportTimelineItem> items, string none)
        {
            var group = new List<ReportBlock> { new ReportHeadingBlock(title, Id: id) };
            group.Add(items.Count == 0
                ? Empty(none)
                : new ReportTableBlock("Timeline: " + title.ToLowerInvariant(), "timeline",
                    [new("When", 92), new("Event or deadline", 278), new("Standing", 130)], items.Select(Row).ToList()));
            blocks.Add(new ReportGroupBlock(null, group));
        }

        if (t.Milestones.Count > 0)
        {
            Group("timeline-milestones", $"Key milestones, {t.Milestones[0].When} to {t.Milestones[^1].When}", t.Milestones, "");
        }
        Group("timeline-past", "The last twelve months", t.Past, "Nothing dated in the last twelve months is on record.");
        Group("timeline-coming", "The next twelve months", t.Coming, "Nothing on record falls in the next twelve months.");
        if (t.NextLater is { } next)
        {
            blocks.Add(Paragraph([Plain("Next deadline after that:"), Link($"{next.When}, {next.Title}", next.Path), .. Cites(next.Sources)]));
        }
        if (t.OverdueEarlier.Count > 0)
        {
            Group("timeline-overdue", "Earlier deadlines: missed, or outcome still unknown", t.OverdueEarlier, "");
        }
        return new ReportSection("timeline", "Timeline", blocks);
    }

    private static ReportRow Row(ReportTimelineItem i)
    {
        var item = new List<ReportRun>
        {
            Note(i.IsDeadline ? "Deadline" : "Event"),
            Link(i.Title, i.Path, i.IsDeadline ? RunStyle.Strong : RunStyle.Plain) with { Break = true },
        };
        item.AddRange(Cites(i.Sources));
        if (i.Alternate is not null)
        {
            item.Add(Note("Another source gives " + i.Alternate) with { Break = true });
        }
        var standing = new List<ReportRun>();
        // A passed deadline's standing already says its outcome; the status word would only repeat it.
        if (i.StatusLabel is { Length: > 0 } status && i.Standing is null)
        {
            standing.Add(Plain(status));
        }
        if (i.DaysOverdue is { } overdue)
        {
            standing.Add(new ReportRun("Overdue by " + Format.Plural(overdue, "day", "days"), RunStyle.Alert) { Break = standing.Count > 0 });
        }
        else if (i.Standing is { } passed)
        {
            standing.Add(Plain(passed) with { Break = standing.Count > 0 });
        }
        else if (i.DaysLeft is { } left)
        {
            standing.Add(Plain(left == 0 ? "due today" : Format.Plural(left, "day left", "days left")) with { Break = standing.Count > 0 });
        }
        if (standing.Count == 0)
        {
            // An event has no standing to give.
            standing.Add(Note("—"));
        }
        return new ReportRow([[Plain(i.When)], item, standing]);
    }
}
