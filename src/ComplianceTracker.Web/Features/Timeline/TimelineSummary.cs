using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Timeline;

/// <summary>An item of the summary with where it stands on the day (deadlines only).</summary>
public sealed record DatedItem(TimelineItem Item, DeadlineStanding? Standing);

/// <summary>
/// What an aide asks first, from the whole record on one day: which deadlines have passed and with what outcome a
/// source gives, what comes next, and the case's key milestones. Pure: items and a day in, the answer out.
/// </summary>
/// <remarks>
/// "Passed" counts what the dashboard and the brief count (<see cref="DeadlineStanding.HasPassed"/>), so the three pages
/// agree; rules that took effect and deadlines of an earlier, closed matter are listed apart as <see cref="AlsoPassed"/>.
/// </remarks>
public sealed record TimelineSummary(IReadOnlyList<DatedItem> Passed, IReadOnlyList<DatedItem> AlsoPassed, IReadOnlyList<DatedItem> Next, IReadOnlyList<DatedItem> Milestones)
{
    public const int NextCount = 3;

    public static TimelineSummary Of(IReadOnlyList<TimelineItem> items, DateOnly today)
    {
        var ordered = items.OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        DatedItem Dated(TimelineItem i) => new(i, i.IsDeadline ? DeadlineStanding.Of(i, today) : null);

        // Latest first: the deadlines that passed most recently are the ones a hearing asks about.
        var passed = ordered.Where(i => DeadlineStanding.HasPassed(i, today)).Reverse().Select(Dated).ToList();
        var alsoPassed = ordered.Where(i => i.IsDeadline && i.Occurs.End < today && !DeadlineStanding.HasPassed(i, today)).Reverse().Select(Dated).ToList();
        // "Ahead" as the list's today marker counts it: an item is behind us only once its last possible day has passed.
        var next = ordered.Where(i => i.Occurs.End >= today).Take(NextCount).Select(Dated).ToList();
        var milestones = ordered.Where(IsMilestone).Select(Dated).ToList();
        return new TimelineSummary(passed, alsoPassed, next, milestones);
    }

    /// <summary>A milestone named so in the case's files; every deadline counts as one for display.</summary>
    public static bool IsMilestone(TimelineItem item) => item.Milestone || item.IsDeadline;

    /// <summary>"2 outcome unknown, 2 took effect, 1 closed": the passed deadlines counted by the outcome a source gives, unknown first.</summary>
    public string PassedByOutcome => string.Join(", ", Passed
        .GroupBy(d => d.Standing!.Value.Outcome ?? DeadlineOutcomes.Unknown)
        .OrderBy(g => g.Key == DeadlineOutcomes.Missed ? 0 : g.Key == DeadlineOutcomes.Unknown ? 1 : 2)
        .ThenByDescending(g => g.Count())
        .Select(g => $"{g.Count()} {DeadlineOutcomes.Label(g.Key).ToLowerInvariant()}"));

    /// <summary>How many passed deadlines a source says were missed: only these are overdue.</summary>
    public int Overdue => Passed.Count(d => d.Standing!.Value.IsOverdue);
}
