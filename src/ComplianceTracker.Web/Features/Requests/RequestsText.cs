using System.Globalization;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// Every sentence the tracker says about records requests, once: the pages, the brief, its PDF, the API and the feed read
/// these, so a date and the rule it comes from are said the same way everywhere. The letters' words are in
/// <see cref="LetterText"/>.
/// </summary>
public static class RequestsText
{
    public const string AskedHeading = "Asked and not yet answered";
    public const string AskedLede = "Records requests sent to an agency under the law that governs its records, whose determination is not yet on record.";
    public const string AgencyColumn = "Agency";
    public const string RequestColumn = "Request";
    public const string SentColumn = "Sent";
    public const string DueColumn = "Determination due";
    public const string OutstandingColumn = "Days outstanding";
    public const string OutcomeColumn = "Outcome";

    public const string NoLawOnFile = "No records law is on file for this agency, so the tracker computes no date.";
    public const string ExtensionBeforeSending = "Extension: a request that has not been sent cannot be extended; record that it was sent first.";
    public const string ExtensionWithoutLaw = "Extension: no records law is on file for this agency, so there is no period to extend. Record the agency's notice as an acknowledgement, with its words in the note.";

    public static string ExtensionNotInLaw(RecordsLaw law) =>
        $"Extension: the {law.Name} file gives no extension, so none is recorded. Record the agency's notice as an acknowledgement, with its words in the note.";

    public static string ExtensionDaysRequired(RecordsLaw law) =>
        $"Days of extension is required: give the number of {(law.CountsWorkingDays ? "working days" : "days")} the agency's notice adds.";

    public static string ExtensionTooOften(LawExtension rule, RequestEntry earlier) =>
        $"Days of extension: {rule.Section} allows {(rule.Times == 1 ? "one extension" : Format.Plural(rule.Times, "extension", "extensions"))}, and one was recorded on {Format.Day(earlier.OccurredOn)}. "
        + "Record a further notice as an acknowledgement, with its words in the note; the determination date stays where the law puts it.";

    public static string ExtensionTooLong(RecordsLaw law, LawExtension rule, int days, DateOnly? limit) =>
        $"Days of extension: {law.DaysLabel(days)} is more than the {law.DaysLabel(rule.MaxDays)} {rule.Section} allows"
        + (limit is { } last ? $" (to {Format.Day(last)} at the latest)" : "")
        + ". Enter the days the law allows; if the agency's notice claims more, record it as an acknowledgement with its words in the note: the determination date stays where the law puts it.";

    /// <summary>"10 days after receipt on 9 December 2026" or "10 days after 9 December 2026, the day it was sent".</summary>
    public static string CountedFrom(DueDate due) =>
        $"{due.Law.DaysLabel(due.Days)} after "
        + (due.CountedFromSentDate
            ? $"{Format.Day(due.CountedFrom)}, the day it was sent (no later day of receipt is on record)"
            : $"receipt on {Format.Day(due.CountedFrom)}");

    /// <summary>
    /// "Determination due 19 December 2026: 10 days after receipt on 9 December 2026 (Gov. Code § 7922.535(a))." with the
    /// extension and, for a date on a weekend under a law that gives no rule for one, that it stands as counted.
    /// </summary>
    public static string DueSentence(DueDate due)
    {
        var text = $"Determination due {Format.Day(due.Day)}: {CountedFrom(due)} ({due.Section})";
        if (due.ExtensionDays > 0)
        {
            text += $", extended by {due.Law.DaysLabel(due.ExtensionDays)} from {Format.Day(due.Undelayed)} ({due.ExtensionSection})";
        }
        text += ".";
        if (ClosedDayNote(due) is { } note)
        {
            text += " " + note;
        }
        return text;
    }

    /// <summary>For a date counted in calendar days that falls on a weekend or a listed holiday: what the law's file says of it.</summary>
    public static string? ClosedDayNote(DueDate due)
    {
        if (due.Law.CountsWorkingDays)
        {
            return null;
        }
        var weekend = due.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var holiday = due.Law.HolidayOn(due.Day);
        if (!weekend && holiday is null)
        {
            return null;
        }
        var what = holiday is not null ? holiday.Name : "a " + due.Day.ToString("dddd", Format.Us);
        return $"{Format.Day(due.Day)} is {what}. " + (due.Law.ClosedDayNote ?? "");
    }

    /// <summary>"Overdue by 8 days: no determination is on record, and it was due 19 December 2026 (Gov. Code § 7922.535(a))."</summary>
    public static string OverdueSentence(RequestStanding standing) =>
        standing.Due is { } due && standing.IsOverdue
            ? $"Overdue by {Format.Plural(standing.DaysOverdue, "day", "days")}: no determination is on record, and it was due {Format.Day(due.Day)} ({Sections(due)})."
            : "";

    private static string Sections(DueDate due) => due.ExtensionSection is { } extension && extension != due.Section ? $"{due.Section}; {extension}" : due.Section;

    /// <summary>The state in a word or two, for lists: "Awaiting determination", "Overdue by 8 days", "Records received".</summary>
    public static string Outcome(RequestStanding s)
    {
        if (s.IsDraft)
        {
            return "Draft, not sent";
        }
        if (s.WithdrawnBy is { } withdrawn && s.Answer is null)
        {
            return $"Withdrawn {Format.Day(withdrawn.OccurredOn)}";
        }
        if (s.Answer is { } answer)
        {
            var label = answer.Kind == RequestEntryKinds.Acknowledged ? "Determination" : answer.KindLabel;
            var timing = s.AnsweredOnTime switch
            {
                true => ", on time",
                false => $", {Format.Plural(answer.OccurredOn.DayNumber - s.Due!.Day.DayNumber, "day", "days")} late",
                null => "",
            };
            return $"{label} {Format.Day(answer.OccurredOn)}{timing}";
        }
        if (s.IsOverdue)
        {
            return $"Overdue by {Format.Plural(s.DaysOverdue, "day", "days")}";
        }
        return s.Extension is not null && s.Due is { } due ? $"Extended to {Format.Day(due.Day)}" : "Awaiting determination";
    }

    /// <summary>The due date cell: "19 December 2026", or why there is none.</summary>
    public static string DueCell(RequestStanding s) =>
        s.IsDraft ? "" : s.Due is { } due ? Format.Day(due.Day) : "no date computed";

    /// <summary>"Asked DMHC on 9 December 2026 (due 19 December 2026)." and, once answered, the answer.</summary>
    public static string AskedLine(string agency, RequestStanding s, bool isPublic)
    {
        if (s.IsDraft)
        {
            return $"A records request to {agency} is drafted, not sent" + (isPublic ? "." : " (private).");
        }
        var text = $"Asked {agency} on {Format.Day(s.Sent!.OccurredOn)}";
        if (s.Answer is { } answer)
        {
            text += $"; {(answer.Kind == RequestEntryKinds.Acknowledged ? "determination" : answer.KindLabel.ToLowerInvariant())} {Format.Day(answer.OccurredOn)}";
            text += s.AnsweredOnTime switch { true => ", on time", false => ", late", null => "" };
        }
        else if (s.WithdrawnBy is { } withdrawn)
        {
            text += $"; withdrawn {Format.Day(withdrawn.OccurredOn)}";
        }
        else if (s.Due is { } due)
        {
            text += s.IsOverdue
                ? $" (due {Format.Day(due.Day)}; overdue by {Format.Plural(s.DaysOverdue, "day", "days")}, {Sections(due)})"
                : $" (due {Format.Day(due.Day)})";
        }
        else
        {
            text += " (no due date computed)";
        }
        return text + (isPublic ? "." : " (private).");
    }

    /// <summary>What the link after an asked line says: the answer once there is one, else the request.</summary>
    public static string AskedLink(RequestStanding s) => s.Answer is not null ? "See the answer" : "See the request";

    /// <summary>
    /// The per-agency line of /requests: "DMHC: 3 requests sent; 1 of 2 determined on time; median 12 days to a
    /// determination." Counts only what it is given (the public requests).
    /// </summary>
    public static string AgencyLine(string agency, IReadOnlyList<RequestStanding> sent)
    {
        var text = $"{agency}: {Format.Plural(sent.Count, "request", "requests")} sent";
        var answered = sent.Where(s => s.Answer is not null).ToList();
        var judged = answered.Where(s => s.AnsweredOnTime is not null).ToList();
        if (answered.Count == 0)
        {
            return text + "; no determination on record yet.";
        }
        text += $"; {answered.Count.ToString(CultureInfo.InvariantCulture)} determined";
        if (judged.Count > 0)
        {
            text += $", {judged.Count(s => s.AnsweredOnTime == true).ToString(CultureInfo.InvariantCulture)} of them answered on time";
        }
        var days = answered.Select(s => s.DaysToAnswer!.Value).Order().ToList();
        var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2.0;
        return text + $"; median {median.ToString("0.#", CultureInfo.InvariantCulture)} days from sending to determination.";
    }

    /// <summary>The lede of /requests.</summary>
    public const string ListLede =
        "What has been asked of the agencies under the laws that govern their records, when, and whether each agency answered on time. "
        + "A request is overdue only when the law's date has passed with no determination on record.";

    public const string NoPublicRequests = "No records request is public yet.";

    public const string LawsHeading = "How dates are computed";

    public const string LawsLede = "Each date comes from the file of the law that governs the agency's records, which gives every period with the section it comes from. A law the tracker has no file for gives no date.";

    /// <summary>An entry in a sentence: "Sent by e-mail; received by the agency 10 December 2026", "Extended by 14 days".</summary>
    public static string EntryWhat(RequestEntry e)
    {
        var text = e.Kind switch
        {
            RequestEntryKinds.Sent or RequestEntryKinds.FollowUpSent => e.KindLabel + (e.Method is null ? "" : " by " + RequestEntryKinds.MethodLabel(e.Method).ToLowerInvariant()),
            RequestEntryKinds.Acknowledged => e.IsDetermination ? "Acknowledged, with the agency's determination" : "Acknowledged",
            RequestEntryKinds.Extended => e.ExtensionDays is { } days ? "Extended by " + DaysOf(days, e.ExtensionDayKind) : "Extended",
            RequestEntryKinds.Withdrawn => "Request withdrawn",
            _ => e.KindLabel,
        };
        if (e.ReceivedOn is { } received)
        {
            text += $"; received by the agency {Format.Day(received)}";
        }
        return text;
    }

    /// <summary>Said in the row of an entry withdrawn as made in error.</summary>
    public static string Withdrawn(RequestEntry e) =>
        $"Withdrawn {Format.RecordedBy(e.WithdrawnBy ?? "")}: {(e.WithdrawnReason ?? "").TrimEnd('.')}. It no longer counts.";

    public const string HistoryHeading = "History";
    public const string RecordsHeading = "Records asked for";
    public const string AnswersHeading = "Documents made sources of the case";

    /// <summary>"14 days", "10 working days": days as the law that counted them named them.</summary>
    public static string DaysOf(int days, string? dayKind) =>
        dayKind == RecordsLaw.WorkingDays ? Format.Plural(days, "working day", "working days") : Format.Plural(days, "day", "days");

    /// <summary>A request's entry in the change log and its feed: "Sent to DMHC, 9 December 2026".</summary>
    public static string FeedSummary(string kind, string agency, int? extensionDays, string? dayKind, DateOnly? on)
    {
        var what = kind switch
        {
            RequestEntryKinds.Sent => $"Sent to {agency}",
            RequestEntryKinds.Acknowledged => $"{agency} acknowledged it",
            RequestEntryKinds.Extended => extensionDays is { } days ? $"{agency} extended its time by {DaysOf(days, dayKind)}" : $"{agency} extended its time",
            RequestEntryKinds.RecordsReceived => $"Records received from {agency}",
            RequestEntryKinds.PartlyDenied => $"Partly denied by {agency}",
            RequestEntryKinds.Denied => $"Denied by {agency}",
            RequestEntryKinds.Withdrawn => "Request withdrawn",
            RequestEntryKinds.FollowUpSent => $"Follow-up sent to {agency}",
            _ => RequestEntryKinds.Label(kind),
        };
        return on is { } day ? $"{what}, {Format.Day(day)}" : what;
    }
}
