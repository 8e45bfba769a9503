using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Features.Timeline;

/// <summary>A dated event or deadline.</summary>
public sealed class TimelineItem
{
    public const string Event = "event";
    public const string Deadline = "deadline";

    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string Kind { get; set; } = Event;
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public DateOnly OccursOn { get; set; }
    public string OccursPrecision { get; set; } = "day";
    public DateOnly? AlternateOn { get; set; }
    public string? AlternatePrecision { get; set; }
    public string? AlternateNote { get; set; }
    public string? Status { get; set; }

    /// <summary>For deadlines: <see cref="DeadlineTypes"/>; null for events (and read as "due" for older deadlines).</summary>
    public string? DeadlineType { get; set; }

    /// <summary>One of the case's key milestones, named so in its files: shown across the whole span in summaries and editions.</summary>
    public bool Milestone { get; set; }
    public long? ObligationId { get; set; }

    /// <summary>The current status of the settlement term this deadline belongs to, if any.</summary>
    public string? ObligationStatus { get; set; }
    public string? ObligationCode { get; set; }
    public string Confidence { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "seed";
    public int Version { get; set; }
    public List<Source> Sources { get; set; } = [];

    public PartialDate Occurs => PartialDate.FromStored(OccursOn, OccursPrecision);

    public PartialDate? Alternate =>
        AlternateOn is { } on && AlternatePrecision is { } precision ? PartialDate.FromStored(on, precision) : null;

    public bool IsDeadline => Kind == Deadline;

    /// <summary>
    /// The day a list puts the item on: a deadline on the day it falls due under the app's rule (the last day of a month
    /// or year given without its day), an event on the first day it may have happened. Every list sorts by this.
    /// </summary>
    public DateOnly SortDay => IsDeadline ? Occurs.End : Occurs.Start;

    /// <summary>Items in the order every list shows them: by <see cref="SortDay"/>, then as entered.</summary>
    public static IOrderedEnumerable<TimelineItem> InOrder(IEnumerable<TimelineItem> items) =>
        items.OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id);
}

/// <summary>
/// Where a deadline stands on a given day. Month- and year-precision deadlines fall due at the end of their period.
/// Once passed, its standing is what a source says (<see cref="DeadlineOutcomes"/>): only a deadline a source says was
/// missed is overdue; one no source reports on has "passed, outcome unknown"; the end of a period has "ended".
/// </summary>
public readonly record struct DeadlineStanding(bool IsPast, int Days, string? Outcome, string Type)
{
    public static DeadlineStanding Of(TimelineItem item, DateOnly today)
    {
        var type = item.DeadlineType ?? DeadlineTypes.Due;
        var due = item.Occurs.End;
        if (due < today)
        {
            var outcome = DeadlineOutcomes.FromStatus(item.Status);
            // A term a source says was missed is still owed: its deadline is overdue even where the deadline itself
            // was never given an outcome.
            if (outcome == DeadlineOutcomes.Unknown && item.ObligationStatus == "missed")
            {
                outcome = DeadlineOutcomes.Missed;
            }
            return new DeadlineStanding(true, today.DayNumber - due.DayNumber, outcome, type);
        }
        return new DeadlineStanding(false, due.DayNumber - today.DayNumber, null, type);
    }

    /// <summary>
    /// A deadline of the case that has passed and whose outcome matters: not a rule that took effect, not one of an earlier
    /// matter closed long ago (status "historical"). The dashboard and the brief list these with their outcomes.
    /// </summary>
    public static bool HasPassed(TimelineItem item, DateOnly today) =>
        item.IsDeadline && Of(item, today).IsPast && item.DeadlineType != DeadlineTypes.TakesEffect && item.Status != "historical";

    /// <summary>Overdue only where a source says the deadline was missed; the end of a period is never overdue.</summary>
    public bool IsOverdue => IsPast && Outcome == DeadlineOutcomes.Missed && Type != DeadlineTypes.PeriodEnd;

    /// <summary>Passed, and no source on record says what happened.</summary>
    public bool IsOutcomeUnknown => IsPast && Outcome == DeadlineOutcomes.Unknown;

    /// <summary>
    /// "passed 392 days ago, outcome unknown", "overdue by 12 days (missed)", "ended 30 days ago, outcome unknown",
    /// "met (passed 5 days ago)", "12 days left", "ends in 3 days".
    /// </summary>
    public string Describe()
    {
        var days = Format.Plural(Days, "day", "days");
        if (!IsPast)
        {
            return (Type, Days) switch
            {
                (DeadlineTypes.PeriodEnd, 0) => "ends today",
                (DeadlineTypes.PeriodEnd, _) => $"ends in {days}",
                (DeadlineTypes.TakesEffect, 0) => "takes effect today",
                (DeadlineTypes.TakesEffect, _) => $"takes effect in {days}",
                (_, 0) => "due today",
                _ => $"{days} left",
            };
        }
        if (Type == DeadlineTypes.TakesEffect || Outcome == DeadlineOutcomes.TookEffect)
        {
            return $"took effect {days} ago";
        }
        var when = Type == DeadlineTypes.PeriodEnd ? $"ended {days} ago" : $"passed {days} ago";
        return Outcome switch
        {
            DeadlineOutcomes.Missed when Type != DeadlineTypes.PeriodEnd => $"overdue by {days} (missed)",
            DeadlineOutcomes.Missed => $"{when}, missed",
            DeadlineOutcomes.Met => $"{when}, met",
            DeadlineOutcomes.Extended => $"{when}, extended",
            DeadlineOutcomes.Superseded => $"{when}, superseded",
            DeadlineOutcomes.Closed => when,
            _ => $"{when}, outcome unknown",
        };
    }
}
