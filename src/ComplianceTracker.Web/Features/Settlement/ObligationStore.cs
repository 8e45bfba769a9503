using System.Data;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Settlement;

public sealed class ObligationStore(Database database)
{
    private const string ListSql = """
        SELECT Id, Code, ParentId, Kind, Title, Description, AmountUsd, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder, Version
        FROM Obligations
        ORDER BY SortOrder, Id
        """;

    public async Task<IReadOnlyList<Obligation>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Obligation>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListLedgerSql = """
        SELECT le.Id, le.ObligationId, le.Entry, le.AmountUsd, le.OccurredOn, le.OccurredPrecision, le.SourceId, le.Confidence,
               le.Note, le.RecordedAt, le.RecordedBy, le.CorrectsId, le.ResultingVersion,
               s.Title AS SourceTitle, s.Url AS SourceUrl,
               s.Publisher AS SourcePublisher, s.Party AS SourceParty,
               (SELECT MIN(c.Id) FROM LedgerEntries c WHERE c.CorrectsId = le.Id
                  AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'ledger' AND cw.EntryId = c.Id)) AS CorrectedById,
               w.WithdrawnAt, w.WithdrawnBy, w.ReasonKind AS WithdrawalKind, w.Reason AS WithdrawalReason
        FROM LedgerEntries le LEFT JOIN Sources s ON s.Id = le.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'ledger' AND w.EntryId = le.Id
        ORDER BY le.OccurredOn, le.Id
        """;

    public async Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LedgerEntry>(new CommandDefinition(ListLedgerSql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListSourcesSql = """
        SELECT os.ObligationId, s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM ObligationSources os JOIN Sources s ON s.Id = os.SourceId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    public async Task<ILookup<long, Source>> ListSourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long, Source, (long ObligationId, Source Source)>(
            new CommandDefinition(ListSourcesSql, cancellationToken: cancellationToken),
            (obligationId, source) => (obligationId, source),
            splitOn: "Id");
        return rows.ToLookup(r => r.ObligationId, r => r.Source);
    }

    private const string CountUnsourcedSql = """
        SELECT COUNT(*) FROM Obligations o
        WHERE NOT EXISTS (SELECT 1 FROM ObligationSources os WHERE os.ObligationId = o.Id)
        """;

    public async Task<int> CountUnsourcedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnsourcedSql, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO Obligations (Code, ParentId, Kind, Title, Description, AmountUsd, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder)
        VALUES (@Code, @ParentId, @Kind, @Title, @Description, @AmountUsd, @DueOn, @DuePrecision, @DueNote, @StatusNote, @Confidence, @SortOrder)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(IDbConnection connection, IDbTransaction transaction, Obligation obligation) =>
        connection.ExecuteScalarAsync<long>(InsertSql, obligation, transaction);

    private const string LinkSourceSql = "INSERT INTO ObligationSources (ObligationId, SourceId) VALUES (@obligationId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(IDbConnection connection, IDbTransaction transaction, long obligationId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { obligationId, sourceId }, transaction);

    private const string InsertLedgerSql = """
        INSERT INTO LedgerEntries (ObligationId, Entry, AmountUsd, OccurredOn, OccurredPrecision, SourceId, Confidence, Note, RecordedAt, RecordedBy,
                                   CorrectsId, ResultingVersion)
        VALUES (@ObligationId, @Entry, @AmountUsd, @OccurredOn, @OccurredPrecision, @SourceId, @Confidence, @Note, @RecordedAt, @RecordedBy,
                @CorrectsId, @ResultingVersion)
        RETURNING Id
        """;

    public static Task<long> InsertLedgerEntryAsync(IDbConnection connection, IDbTransaction transaction, LedgerEntry entry) =>
        connection.ExecuteScalarAsync<long>(InsertLedgerSql, entry, transaction);

    private const string FindByCodeSql = """
        SELECT Id, Code, ParentId, Kind, Title, Description, AmountUsd, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder, Version
        FROM Obligations
        WHERE Code = @code
        """;

    public async Task<Obligation?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Obligation>(new CommandDefinition(FindByCodeSql, new { code }, cancellationToken: cancellationToken));
    }

    private const string BumpVersionSql = "UPDATE Obligations SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    /// <summary>Claims the next version of an obligation; false when someone else saved since <paramref name="version"/> was read.</summary>
    public static async Task<bool> TryBumpVersionAsync(IDbConnection connection, IDbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string ListLedgerSinceSql = """
        SELECT Entry, AmountUsd, OccurredOn, RecordedAt, RecordedBy
        FROM LedgerEntries
        WHERE ObligationId = @obligationId AND ResultingVersion > @version
        ORDER BY Id
        """;

    /// <summary>Ledger entries added after <paramref name="version"/>, described for a refused save.</summary>
    public static async Task<IReadOnlyList<Changes.ChangeSince>> ListLedgerSinceAsync(IDbConnection connection, IDbTransaction transaction, long obligationId, int version)
    {
        var rows = await connection.QueryAsync<LedgerEntry>(ListLedgerSinceSql, new { obligationId, version }, transaction);
        return rows.Select(l => new Changes.ChangeSince(l.RecordedAt, l.RecordedBy, $"Ledger: {l.EntryLabel} {Shared.Format.Usd(l.AmountUsd)} on {l.OccurredOn:yyyy-MM-dd}")).ToList();
    }
}
