using System.Data.Common;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Settlement;

public sealed class ObligationStore(Database database)
{
    private const string ListSql = """
        SELECT Id, Code, ParentId, Kind, Title, Description, AmountCents, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder, Version
        FROM Obligations
        ORDER BY SortOrder, Id
        """;

    public Task<IReadOnlyList<Obligation>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Obligation>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Obligation>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListLedgerSql = """
        SELECT le.Id, le.ObligationId, le.Entry, le.AmountCents, le.OccurredOn, le.OccurredPrecision, le.SourceId, le.Confidence,
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

    public Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListLedgerAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<LedgerEntry>> ListLedgerAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<LedgerEntry>(new CommandDefinition(ListLedgerSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListSourcesSql = """
        SELECT os.ObligationId, s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM ObligationSources os JOIN Sources s ON s.Id = os.SourceId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    public Task<ILookup<long, Source>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListSourcesAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<ILookup<long, Source>> ListSourcesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<long, Source, (long ObligationId, Source Source)>(
            new CommandDefinition(ListSourcesSql, transaction: transaction, cancellationToken: cancellationToken),
            (obligationId, source) => (obligationId, source),
            splitOn: "Id");
        return rows.ToLookup(r => r.ObligationId, r => r.Source);
    }

    private const string CountUnsourcedSql = """
        SELECT COUNT(*) FROM Obligations o
        WHERE NOT EXISTS (SELECT 1 FROM ObligationSources os WHERE os.ObligationId = o.Id)
        """;

    public Task<int> CountUnsourcedAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => CountUnsourcedAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<int> CountUnsourcedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnsourcedSql, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO Obligations (Code, ParentId, Kind, Title, Description, AmountCents, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder)
        VALUES (@Code, @ParentId, @Kind, @Title, @Description, @AmountCents, @DueOn, @DuePrecision, @DueNote, @StatusNote, @Confidence, @SortOrder)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, Obligation obligation) =>
        connection.ExecuteScalarAsync<long>(InsertSql, obligation, transaction);

    private const string LinkSourceSql = "INSERT INTO ObligationSources (ObligationId, SourceId) VALUES (@obligationId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(DbConnection connection, DbTransaction transaction, long obligationId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { obligationId, sourceId }, transaction);

    private const string InsertLedgerSql = """
        INSERT INTO LedgerEntries (ObligationId, Entry, AmountCents, OccurredOn, OccurredPrecision, SourceId, Confidence, Note, RecordedAt, RecordedBy,
                                   CorrectsId, ResultingVersion)
        VALUES (@ObligationId, @Entry, @AmountCents, @OccurredOn, @OccurredPrecision, @SourceId, @Confidence, @Note, @RecordedAt, @RecordedBy,
                @CorrectsId, @ResultingVersion)
        RETURNING Id
        """;

    public static Task<long> InsertLedgerEntryAsync(DbConnection connection, DbTransaction transaction, LedgerEntry entry) =>
        connection.ExecuteScalarAsync<long>(InsertLedgerSql, entry, transaction);

    private const string FindByCodeSql = """
        SELECT Id, Code, ParentId, Kind, Title, Description, AmountCents, DueOn, DuePrecision, DueNote, StatusNote, Confidence, SortOrder, Version
        FROM Obligations
        WHERE Code = @code
        """;

    public Task<Obligation?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByCodeAsync(connection, null, code, cancellationToken), cancellationToken);

    public static async Task<Obligation?> FindByCodeAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Obligation>(new CommandDefinition(FindByCodeSql, new { code }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string VersionSql = "SELECT Version FROM Obligations WHERE Id = @id";

    /// <summary>The item's version now (0 when there is no such item).</summary>
    public static Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteScalarAsync<int>(VersionSql, new { id }, transaction);

    private const string BumpVersionSql = "UPDATE Obligations SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    /// <summary>Claims the next version of an obligation; false when someone else saved since <paramref name="version"/> was read.</summary>
    public static async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string ListLedgerSinceSql = """
        SELECT Entry, AmountCents, OccurredOn, RecordedAt, RecordedBy
        FROM LedgerEntries
        WHERE ObligationId = @obligationId AND ResultingVersion > @version
        ORDER BY Id
        """;

    /// <summary>Ledger entries added after <paramref name="version"/>, described for a refused save.</summary>
    public static async Task<IReadOnlyList<Changes.ChangeSince>> ListLedgerSinceAsync(DbConnection connection, DbTransaction transaction, long obligationId, int version)
    {
        var rows = await connection.QueryAsync<LedgerEntry>(ListLedgerSinceSql, new { obligationId, version }, transaction);
        return rows.Select(l => new Changes.ChangeSince(l.RecordedAt, l.RecordedBy, $"Ledger: {l.EntryLabel} {Shared.Format.Usd(l.AmountUsd)} on {l.OccurredOn:yyyy-MM-dd}")).ToList();
    }
}
