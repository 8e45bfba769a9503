namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// When an agency's determination is due: the day, and everything needed to say how it was computed (the day counted
/// from and why, the period and its section, an extension and its section).
/// </summary>
public sealed record DueDate(
    DateOnly Day,
    DateOnly CountedFrom,
    bool CountedFromSentDate,
    int Days,
    string Section,
    int ExtensionDays,
    string? ExtensionSection,
    DateOnly Undelayed,
    RecordsLaw Law);

/// <summary>
/// Where a request stands on a day, computed from its entries and its law alone (no database, no clock): its state,
/// when it was sent and received, the determination date and whether it has passed with no determination on record.
/// Entries withdrawn as made in error do not count.
/// </summary>
public sealed record RequestStanding
{
    public const string Draft = "draft";

    /// <summary>draft, or the kind of the latest entry that moves a request (a follow-up sent does not).</summary>
    public required string State { get; init; }

    public RequestEntry? Sent { get; init; }

    /// <summary>The day the period is counted from: the agency's receipt when on record, else the day it was sent.</summary>
    public DateOnly? ReceivedOn { get; init; }

    public bool ReceiptIsSentDate { get; init; }

    public RecordsLaw? Law { get; init; }

    /// <summary>The determination date; null before sending, without a law, or when the law's data cannot give it.</summary>
    public DueDate? Due { get; init; }

    /// <summary>Why there is no determination date, once sent; null when there is one.</summary>
    public string? NoDueReason { get; init; }

    /// <summary>The agency's determination: the first answer on record.</summary>
    public RequestEntry? Answer { get; init; }

    public RequestEntry? Extension { get; init; }

    public int Extensions { get; init; }

    public RequestEntry? WithdrawnBy { get; init; }

    public DateOnly Today { get; init; }

    public bool IsDraft => Sent is null;

    /// <summary>Sent, not withdrawn, and no determination on record.</summary>
    public bool IsAwaiting => Sent is not null && Answer is null && WithdrawnBy is null;

    /// <summary>Only when the law's date has passed with no determination on record (and the request stands).</summary>
    public bool IsOverdue => IsAwaiting && Due is { } due && Today > due.Day;

    public int DaysOverdue => IsOverdue ? Today.DayNumber - Due!.Day.DayNumber : 0;

    /// <summary>Days until the determination date (0 on the day itself) while awaited and not yet due.</summary>
    public int? DaysLeft => IsAwaiting && Due is { } due && Today <= due.Day ? due.Day.DayNumber - Today.DayNumber : null;

    /// <summary>Determined on or before the law's date; null when there is no determination or no date to judge by.</summary>
    public bool? AnsweredOnTime => Answer is { } answer && Due is { } due ? answer.OccurredOn <= due.Day : null;

    /// <summary>Calendar days from sending to today, while the request awaits its determination.</summary>
    public int? DaysOutstanding => IsAwaiting ? Today.DayNumber - Sent!.OccurredOn.DayNumber : null;

    /// <summary>Calendar days from sending to the determination.</summary>
    public int? DaysToAnswer => Answer is { } answer && Sent is { } sent ? answer.OccurredOn.DayNumber - sent.OccurredOn.DayNumber : null;

    public static RequestStanding Of(RecordsLaw? law, IEnumerable<RequestEntry> entries, DateOnly today)
    {
        var standing = entries.Where(e => e.Stands).OrderBy(e => e.OccurredOn).ThenBy(e => e.Id).ToList();
        var sent = standing.FirstOrDefault(e => e.Kind == RequestEntryKinds.Sent);
        var moving = standing.Where(e => e.Kind != RequestEntryKinds.FollowUpSent).ToList();
        var state = moving.Count == 0 || sent is null ? Draft : moving[^1].Kind;
        var answer = standing.FirstOrDefault(e => e.IsAnswer);
        var extensions = standing.Where(e => e.Kind == RequestEntryKinds.Extended).ToList();
        var withdrawn = standing.LastOrDefault(e => e.Kind == RequestEntryKinds.Withdrawn);
        if (sent is null)
        {
            return new RequestStanding { State = Draft, Law = law, Today = today };
        }
        // The agency's receipt, when an entry gives it (a posted letter arrives later than it was sent), else the day sent.
        var receipt = standing.Where(e => e.ReceivedOn is not null && e.Kind is RequestEntryKinds.Sent or RequestEntryKinds.Acknowledged)
            .Select(e => e.ReceivedOn).LastOrDefault();
        var from = receipt ?? sent.OccurredOn;
        DueDate? due = null;
        string? noDue = null;
        if (law is null)
        {
            noDue = RequestsText.NoLawOnFile;
        }
        else
        {
            var days = law.Determination.Days!.Value;
            var (first, problem) = law.AddDays(from, days);
            var extension = extensions.FirstOrDefault();
            var extra = extension?.ExtensionDays ?? 0;
            if (first is { } day && extra > 0 && law.Extension is not null)
            {
                var (extended, later) = law.AddDays(day, extra);
                due = extended is { } on
                    ? new DueDate(on, from, receipt is null, days, law.Determination.Section, extra, law.Extension.Section, day, law)
                    : null;
                noDue = later;
            }
            else if (first is { } day2)
            {
                due = new DueDate(day2, from, receipt is null, days, law.Determination.Section, 0, null, day2, law);
            }
            else
            {
                noDue = problem;
            }
        }
        return new RequestStanding
        {
            State = state,
            Sent = sent,
            ReceivedOn = from,
            ReceiptIsSentDate = receipt is null,
            Law = law,
            Due = due,
            NoDueReason = noDue,
            Answer = answer,
            Extension = extensions.FirstOrDefault(),
            Extensions = extensions.Count,
            WithdrawnBy = withdrawn,
            Today = today,
        };
    }

    /// <summary>
    /// Why an extension of <paramref name="days"/> cannot be recorded, or null: the law must allow one, no more often than
    /// it allows, and never past its limit.
    /// </summary>
    public string? RefuseExtension(int days)
    {
        if (IsDraft)
        {
            return RequestsText.ExtensionBeforeSending;
        }
        if (Law?.Extension is not { } rule)
        {
            return Law is null ? RequestsText.ExtensionWithoutLaw : RequestsText.ExtensionNotInLaw(Law);
        }
        if (days <= 0)
        {
            return RequestsText.ExtensionDaysRequired(Law);
        }
        if (Extensions >= rule.Times)
        {
            return RequestsText.ExtensionTooOften(rule, Extension!);
        }
        if (days > rule.MaxDays)
        {
            var limit = Due is { } due ? Law.AddDays(due.Undelayed, rule.MaxDays).Day : null;
            return RequestsText.ExtensionTooLong(Law, rule, days, limit);
        }
        return null;
    }
}
