using System.Data.Common;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>One request with everything it is read with: its agency, its law's file, its history, documents, letters and where it stands.</summary>
public sealed record RequestRecord(
    RecordsRequest Request,
    RecordsAgency Agency,
    RecordsLaw? Law,
    IReadOnlyList<RequestEntry> Entries,
    IReadOnlyList<RequestFile> Files,
    IReadOnlyList<RequestLetter> Letters,
    RequestStanding Standing)
{
    public string AskedLine => RequestsText.AskedLine(Agency.Name, Standing, Request.IsPublic);

    /// <summary>Where an asked line leads: the answer's entry once there is one, else the request.</summary>
    public string AskedPath => Standing.Answer is { } answer ? $"{Request.Path}#entry-{answer.Id}" : Request.Path;

    /// <summary>The letter as sent, once it is.</summary>
    public RequestLetter? SentLetter => Standing.Sent?.LetterId is { } id ? Letters.FirstOrDefault(l => l.Id == id) : null;

    /// <summary>The newest follow-up letter drafted and not yet recorded as sent.</summary>
    public RequestLetter? PendingFollowUp =>
        Letters.Where(l => l.Kind == RequestLetter.FollowUp && Entries.All(e => e.LetterId != l.Id || !e.Stands)).OrderByDescending(l => l.Id).FirstOrDefault();

    /// <summary>The sources made of its documents, for public readers.</summary>
    public IEnumerable<RequestFile> FilesMadeSources => Files.Where(f => f.SourceKey is not null);
}

/// <summary>
/// Reads requests with everything that goes with them, in one snapshot of the record, and works out where each stands
/// today. Private requests are read only when the caller asks for them (staff pages, the daily job).
/// </summary>
public sealed class RequestsQuery(Database database, RecordsLaws laws, CaseClock clock)
{
    public RecordsLaws Laws => laws;

    public Task<IReadOnlyList<RequestRecord>> ListAsync(bool includePrivate, CancellationToken cancellationToken = default) =>
        database.ReadSnapshotAsync((connection, transaction) => ListAsync(connection, transaction, laws, clock.Today, includePrivate, cancellationToken), cancellationToken);

    public async Task<RequestRecord?> FindAsync(long id, bool includePrivate, CancellationToken cancellationToken = default) =>
        (await ListAsync(includePrivate, cancellationToken)).FirstOrDefault(r => r.Request.Id == id);

    public static async Task<IReadOnlyList<RequestRecord>> ListAsync(
        DbConnection connection, DbTransaction? transaction, RecordsLaws laws, DateOnly today, bool includePrivate, CancellationToken cancellationToken = default)
    {
        var requests = (await RecordsRequestStore.ListAsync(connection, transaction, cancellationToken)).Where(r => includePrivate || r.IsPublic).ToList();
        if (requests.Count == 0)
        {
            return [];
        }
        var agencies = (await RecordsAgencyStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(a => a.Id);
        var entries = (await RequestEntryStore.ListAsync(connection, transaction, cancellationToken)).ToLookup(e => e.RequestId);
        var files = (await RequestFileStore.ListAsync(connection, transaction, cancellationToken)).ToLookup(f => f.RequestId);
        var letters = (await RecordsRequestStore.ListLettersAsync(connection, transaction, cancellationToken)).ToLookup(l => l.RequestId);
        return requests.Select(r =>
        {
            var law = laws.Find(r.LawKey);
            var history = entries[r.Id].ToList();
            return new RequestRecord(r, agencies[r.AgencyId], law, history, files[r.Id].ToList(), letters[r.Id].ToList(), RequestStanding.Of(law, history, today));
        }).ToList();
    }
}
