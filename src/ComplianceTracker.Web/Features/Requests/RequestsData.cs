using System.Globalization;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// A public records request as the API gives it (and the CSV flattens it): never the requester, the letter, a private
/// request or a draft. Dates are days (yyyy-MM-dd); instants carry the case's offset.
/// </summary>
public sealed record RequestDto(
    string Number, string Agency, string AgencyName, string? Law, string? LawName, string Subject, string Records, string? Question, string? QuestionLink,
    string SentOn, string? ReceivedOn, string? DueOn, string? DueRule, int? ExtensionDays, string State, string Outcome, string? DeterminationOn,
    bool? AnsweredOnTime, bool IsOverdue, int? DaysOutstanding, int? DaysToDetermination, IReadOnlyList<string> Sources, string Permalink,
    IReadOnlyList<RequestEntryDto> Entries);

public sealed record RequestEntryDto(
    long Id, string Kind, string Label, string OccurredOn, string? ReceivedOn, int? ExtensionDays, bool IsDetermination, string? Method, string? Note,
    string? Source, DateTimeOffset RecordedAt, string RecordedBy, string State, DateTimeOffset? WithdrawnAt, string? WithdrawalReason);

/// <summary>The public requests for /api/v1/requests and /data/requests.csv, read in one snapshot.</summary>
public sealed class RequestsData(RequestsQuery query, CaseClock clock)
{
    public async Task<IReadOnlyList<RequestDto>> ListAsync(string baseUrl, CancellationToken cancellationToken = default)
    {
        var records = await query.ListAsync(includePrivate: false, cancellationToken);
        return records.Where(r => r.Request.IsPublic && !r.Standing.IsDraft).Select(r => Of(r, baseUrl)).ToList();
    }

    private RequestDto Of(RequestRecord r, string baseUrl)
    {
        var s = r.Standing;
        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sources = r.Entries.Where(e => e.Stands && e.SourceKey is not null).Select(e => e.SourceKey!)
            .Concat(r.FilesMadeSources.Select(f => f.SourceKey!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new RequestDto(
            r.Request.Number,
            r.Agency.Name,
            r.Agency.FullName,
            r.Law?.Key,
            r.Law?.Name,
            r.Request.Subject,
            r.Request.Records,
            r.Request.Question,
            r.Request.QuestionPath is { } path ? baseUrl + path : null,
            Day(s.Sent!.OccurredOn),
            s.ReceiptIsSentDate ? null : s.ReceivedOn is { } received ? Day(received) : null,
            s.Due is { } due ? Day(due.Day) : null,
            s.Due is { } rule ? RequestsText.DueSentence(rule) : s.NoDueReason,
            s.Due?.ExtensionDays is > 0 ? s.Due.ExtensionDays : null,
            s.State,
            RequestsText.Outcome(s),
            s.Answer is { } answer ? Day(answer.OccurredOn) : null,
            s.AnsweredOnTime,
            s.IsOverdue,
            s.DaysOutstanding,
            s.DaysToAnswer,
            sources,
            baseUrl + r.Request.Path,
            r.Entries.Select(e => new RequestEntryDto(
                e.Id,
                e.Kind,
                e.KindLabel,
                Day(e.OccurredOn),
                e.ReceivedOn is { } on ? Day(on) : null,
                e.ExtensionDays,
                e.IsDetermination,
                e.Method,
                e.Note,
                e.SourceKey ?? (e.FileId is { } fid ? r.Files.FirstOrDefault(f => f.Id == fid)?.SourceKey : null),
                clock.Local(e.RecordedAt),
                e.RecordedBy,
                e.Stands ? EntryStates.Current : EntryStates.Withdrawn,
                e.WithdrawnAt is { } at ? clock.Local(at) : null,
                e.WithdrawnReason)).ToList());
    }
}
