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
    public long? ObligationId { get; set; }
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
}

/// <summary>Where a deadline stands on a given day. Month- and year-precision deadlines fall due at the end of their period.</summary>
public readonly record struct DeadlineStanding(bool IsPast, int Days, bool IsOverdue)
{
    public static DeadlineStanding Of(TimelineItem item, DateOnly today)
    {
        var due = item.Occurs.End;
        if (due < today)
        {
            var days = today.DayNumber - due.DayNumber;
            return new DeadlineStanding(true, days, DeadlineStatuses.CanBeOverdue(item.Status));
        }
        return new DeadlineStanding(false, due.DayNumber - today.DayNumber, false);
    }

    /// <summary>"passed 392 days ago", "due today", "12 days left".</summary>
    public string Describe() => (IsPast, Days) switch
    {
        (true, 1) => "passed 1 day ago",
        (true, _) => $"passed {Days:N0} days ago",
        (false, 0) => "due today",
        (false, 1) => "1 day left",
        _ => $"{Days:N0} days left",
    };
}
