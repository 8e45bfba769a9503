using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>A line under an open question: "Asked DMHC on 9 December 2026 (due 19 December 2026)." and where it leads.</summary>
public sealed record AskedMention(string Text, string LinkText, string Path, bool Overdue);

/// <summary>One row of "Asked and not yet answered", every cell in words.</summary>
public sealed record AskedRow(string Agency, string Number, string Subject, string Sent, string Due, string Outstanding, string Outcome, bool Overdue, string Path);

/// <summary>
/// What the brief (its page and its PDF alike) says of records requests: only public requests that have been sent,
/// never a private one or a draft.
/// </summary>
public static class BriefRequests
{
    public static IReadOnlyList<AskedMention> Mentions(IReadOnlyList<RequestRecord> requests, string questionKey) =>
        requests
            .Where(r => r.Request.IsPublic && !r.Standing.IsDraft && r.Request.QuestionKey == questionKey)
            .Select(r => new AskedMention(r.AskedLine, RequestsText.AskedLink(r.Standing), r.AskedPath, r.Standing.IsOverdue))
            .ToList();

    public static IReadOnlyList<AskedRow> Awaiting(IReadOnlyList<RequestRecord> requests) =>
        requests
            .Where(r => r.Request.IsPublic && r.Standing.IsAwaiting)
            .OrderBy(r => r.Standing.Sent!.OccurredOn).ThenBy(r => r.Request.Id)
            .Select(r => new AskedRow(
                r.Agency.Name,
                r.Request.Number,
                r.Request.Subject,
                Format.Day(r.Standing.Sent!.OccurredOn),
                RequestsText.DueCell(r.Standing),
                r.Standing.DaysOutstanding!.Value.ToString("N0", Format.Us),
                RequestsText.Outcome(r.Standing),
                r.Standing.IsOverdue,
                r.Request.Path))
            .ToList();
}
