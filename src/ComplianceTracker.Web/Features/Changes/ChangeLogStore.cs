using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;
using Npgsql;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// Reads every kind of public change as one list: status entries, field edits, ledger entries, new timeline items,
/// editions, withdrawals, and the entries of public records requests (a private request's never: its rows are filtered
/// here, in the one query the log, its feed and the API read).
/// </summary>
public sealed class ChangeLogStore(Database database, Shared.CaseClock clock)
{
    // The first branch names the columns' types: PostgreSQL reads two untyped NULLs as text and then refuses a number.
    private const string AllChanges = """
        SELECT CASE WHEN sc.CorrectsId IS NOT NULL THEN 'correction'
                    WHEN sc.SubjectType = 'deficiency' THEN 'assessment'
                    ELSE 'obligation-status' END AS Kind,
               sc.Id AS RowId, sc.RecordedAt AS At, sc.RecordedBy AS By, sc.EffectiveOn, sc.EffectivePrecision,
               sc.SubjectType AS ItemType, COALESCE(d.Code, o.Code, t.Code) AS ItemCode, COALESCE(d.Title, o.Title, t.Title) AS ItemTitle,
               sc.Assessor, NULL AS Field, sc.FromStatus AS FromValue, sc.ToStatus AS ToValue, sc.Reason, CAST(NULL AS BIGINT) AS Amount,
               s.Title AS SourceTitle, s.Url AS SourceUrl, sc.Confidence, s.Party AS SourceParty, s.Kind AS SourceKind,
               CASE WHEN sc.SourceId IS NULL THEN 0 ELSE 1 END AS HasSource, NULL AS AsOf,
               CASE WHEN EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'status' AND w.EntryId = sc.Id) THEN 'withdrawn'
                    WHEN EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id
                                   AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'status' AND cw.EntryId = c.Id)) THEN 'corrected'
                    ELSE 'current' END AS State,
               (SELECT MIN(c.Id) FROM StatusChanges c WHERE c.CorrectsId = sc.Id
                  AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'status' AND cw.EntryId = c.Id)) AS ReplacedById
        FROM StatusChanges sc
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        UNION ALL
        SELECT 'detail-edit', e.Id, e.RecordedAt, e.RecordedBy, NULL, NULL,
               e.ItemType, COALESCE(d.Code, o.Code, t.Code, src.Key), COALESCE(d.Title, o.Title, t.Title, src.Title),
               NULL, e.Field, e.OldValue, e.NewValue, e.Reason, NULL, s.Title, s.Url, NULL, s.Party, s.Kind,
               CASE WHEN e.SourceId IS NULL THEN 0 ELSE 1 END, NULL,
               CASE WHEN EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'field-edit' AND w.EntryId = e.Id) THEN 'withdrawn' ELSE 'current' END,
               CAST(NULL AS BIGINT)
        FROM FieldEdits e
        LEFT JOIN Deficiencies d ON e.ItemType = 'deficiency' AND d.Id = e.ItemId
        LEFT JOIN Obligations o ON e.ItemType = 'obligation' AND o.Id = e.ItemId
        LEFT JOIN TimelineItems t ON e.ItemType = 'timeline' AND t.Id = e.ItemId
        LEFT JOIN Sources src ON e.ItemType = 'source' AND src.Id = e.ItemId
        LEFT JOIN Sources s ON s.Id = e.SourceId
        UNION ALL
        SELECT CASE WHEN le.CorrectsId IS NOT NULL THEN 'correction' ELSE 'ledger' END, le.Id, le.RecordedAt, le.RecordedBy,
               le.OccurredOn, le.OccurredPrecision, 'ledger', o.Code, o.Title,
               NULL, NULL, NULL, le.Entry, le.Note, le.AmountCents, s.Title, s.Url, le.Confidence, s.Party, s.Kind,
               CASE WHEN le.SourceId IS NULL THEN 0 ELSE 1 END, NULL,
               CASE WHEN EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'ledger' AND w.EntryId = le.Id) THEN 'withdrawn'
                    WHEN EXISTS (SELECT 1 FROM LedgerEntries c WHERE c.CorrectsId = le.Id
                                   AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'ledger' AND cw.EntryId = c.Id)) THEN 'corrected'
                    ELSE 'current' END,
               (SELECT MIN(c.Id) FROM LedgerEntries c WHERE c.CorrectsId = le.Id
                  AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'ledger' AND cw.EntryId = c.Id))
        FROM LedgerEntries le
        JOIN Obligations o ON o.Id = le.ObligationId
        LEFT JOIN Sources s ON s.Id = le.SourceId
        UNION ALL
        SELECT CASE WHEN t.Kind = 'deadline' THEN 'new-deadline' ELSE 'new-event' END, t.Id, t.RecordedAt, t.RecordedBy,
               t.OccursOn, t.OccursPrecision, t.Kind, t.Code, t.Title,
               NULL, NULL, NULL, NULL, t.Description, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
               CASE WHEN EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'timeline-item' AND w.EntryId = t.Id) THEN 'withdrawn' ELSE 'current' END,
               NULL
        FROM TimelineItems t
        UNION ALL
        SELECT 'edition', ed.Number, ed.GeneratedAt, ed.Trigger, NULL, 'day', 'edition', CAST(ed.Number AS TEXT), NULL,
               NULL, NULL, NULL, NULL, NULL, ed.Bytes, NULL, NULL, NULL, NULL, NULL, 0, ed.AsOf, 'current', NULL
        FROM Editions ed
        UNION ALL
        SELECT 'withdrawal', wd.Id, wd.WithdrawnAt, wd.WithdrawnBy, NULL, NULL,
               CASE wd.EntryType WHEN 'status' THEN ws.SubjectType WHEN 'ledger' THEN 'ledger' WHEN 'timeline-item' THEN 'timeline' ELSE wf.ItemType END,
               COALESCE(d.Code, o.Code, t.Code, src.Key), COALESCE(d.Title, o.Title, t.Title, src.Title),
               ws.Assessor, wd.EntryType, CAST(wd.EntryId AS TEXT), wd.ReasonKind, wd.Reason, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
               'current', NULL
        FROM Withdrawals wd
        LEFT JOIN StatusChanges ws ON wd.EntryType = 'status' AND ws.Id = wd.EntryId
        LEFT JOIN LedgerEntries wl ON wd.EntryType = 'ledger' AND wl.Id = wd.EntryId
        LEFT JOIN FieldEdits wf ON wd.EntryType = 'field-edit' AND wf.Id = wd.EntryId
        LEFT JOIN Deficiencies d ON (ws.SubjectType = 'deficiency' AND d.Id = ws.SubjectId) OR (wf.ItemType = 'deficiency' AND d.Id = wf.ItemId)
        LEFT JOIN Obligations o ON (ws.SubjectType = 'obligation' AND o.Id = ws.SubjectId) OR o.Id = wl.ObligationId
        LEFT JOIN TimelineItems t ON (ws.SubjectType = 'deadline' AND t.Id = ws.SubjectId) OR (wf.ItemType = 'timeline' AND t.Id = wf.ItemId)
                                  OR (wd.EntryType = 'timeline-item' AND t.Id = wd.EntryId)
        LEFT JOIN Sources src ON wf.ItemType = 'source' AND src.Id = wf.ItemId
        UNION ALL
        SELECT 'records-request', e.Id, e.RecordedAt, e.RecordedBy, e.OccurredOn, 'day',
               'records-request', 'R-' || CAST(r.Id AS TEXT), r.Subject,
               NULL, a.Name, e.ExtensionDayKind, e.Kind, e.Note, e.ExtensionDays, s.Title, s.Url, NULL, s.Party, s.Kind,
               CASE WHEN s.Id IS NULL THEN 0 ELSE 1 END, NULL,
               CASE WHEN e.WithdrawnAt IS NULL THEN 'current' ELSE 'withdrawn' END, NULL
        FROM RecordsRequestEntries e
        JOIN RecordsRequests r ON r.Id = e.RequestId
        JOIN RecordsAgencies a ON a.Id = r.AgencyId
        LEFT JOIN RecordsRequestFiles f ON f.Id = e.FileId
        LEFT JOIN Sources s ON s.Id = COALESCE(e.SourceId, f.SourceId)
        WHERE r.IsPublic = 1
        """;

    // Entries without an effective date (detail edits) sort after dated ones recorded at the same moment, as SQLite does.
    private const string ListSql = $"""
        SELECT * FROM ({AllChanges}) c
        WHERE (@allKinds = 1 OR c.Kind IN @kinds)
        ORDER BY c.At DESC, c.EffectiveOn DESC NULLS LAST, c.Kind, c.RowId DESC
        LIMIT @take OFFSET @skip
        """;

    // Dapper sends a list to PostgreSQL as one array parameter instead of expanding "IN @kinds".
    private const string ListPostgresSql = $"""
        SELECT * FROM ({AllChanges}) c
        WHERE (@allKinds = 1 OR c.Kind = ANY(@kinds))
        ORDER BY c.At DESC, c.EffectiveOn DESC NULLS LAST, c.Kind, c.RowId DESC
        LIMIT @take OFFSET @skip
        """;

    /// <summary>Changes newest first (by when they were recorded), optionally of some kinds only.</summary>
    public Task<IReadOnlyList<ChangeLogEntry>> ListAsync(IReadOnlyCollection<string>? kinds, int skip, int take, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, clock, kinds, skip, take, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<ChangeLogEntry>> ListAsync(DbConnection connection, DbTransaction? transaction, Shared.CaseClock clock, IReadOnlyCollection<string>? kinds, int skip, int take, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<ChangeLogEntry>(new CommandDefinition(
            connection is NpgsqlConnection ? ListPostgresSql : ListSql,
            new { allKinds = kinds is null or { Count: 0 } ? 1 : 0, kinds = (kinds ?? []).ToArray(), take, skip },
            cancellationToken: cancellationToken));
        var entries = rows.AsList();
        // An edition is as of an instant; readers see the date in the case's time zone, as on the edition itself.
        foreach (var entry in entries.Where(e => e.AsOf is not null))
        {
            entry.EffectiveOn = clock.DateOf(entry.AsOf!.Value);
        }
        return entries;
    }

    // What the alerts scan has not read yet: rows newer than the highest id it saw in each table of the change log.
    private const string ListNewerSql = $"""
        SELECT * FROM ({AllChanges}) c
        WHERE ((c.Kind IN ('assessment', 'obligation-status') OR (c.Kind = 'correction' AND c.ItemType <> 'ledger')) AND c.RowId > @Status)
           OR ((c.Kind = 'ledger' OR (c.Kind = 'correction' AND c.ItemType = 'ledger')) AND c.RowId > @Ledger)
           OR (c.Kind = 'detail-edit' AND c.RowId > @Edit)
           OR (c.Kind IN ('new-event', 'new-deadline') AND c.RowId > @Item)
           OR (c.Kind = 'edition' AND c.RowId > @Edition)
           OR (c.Kind = 'withdrawal' AND c.RowId > @Withdrawal)
        ORDER BY c.At, c.RowId
        """;

    /// <summary>Entries of rows newer than <paramref name="after"/>'s id in their table, oldest first (the alerts scan).</summary>
    public static async Task<IReadOnlyList<ChangeLogEntry>> ListNewerAsync(DbConnection connection, DbTransaction? transaction, Shared.CaseClock clock, ChangeLogCursor after, CancellationToken cancellationToken = default)
    {
        var entries = (await connection.QueryAsync<ChangeLogEntry>(new CommandDefinition(ListNewerSql, after, transaction, cancellationToken: cancellationToken))).AsList();
        foreach (var entry in entries.Where(e => e.AsOf is not null))
        {
            entry.EffectiveOn = clock.DateOf(entry.AsOf!.Value);
        }
        return entries;
    }

    private const string LatestRowIdsSql = """
        SELECT (SELECT COALESCE(MAX(Id), 0) FROM StatusChanges) AS Status,
               (SELECT COALESCE(MAX(Id), 0) FROM LedgerEntries) AS Ledger,
               (SELECT COALESCE(MAX(Id), 0) FROM FieldEdits) AS Edit,
               (SELECT COALESCE(MAX(Id), 0) FROM TimelineItems) AS Item,
               (SELECT COALESCE(MAX(Number), 0) FROM Editions) AS Edition,
               (SELECT COALESCE(MAX(Id), 0) FROM Withdrawals) AS Withdrawal
        """;

    /// <summary>The newest row of each table of the change log: where a reader that starts now begins.</summary>
    public static Task<ChangeLogCursor> LatestRowIdsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        connection.QuerySingleAsync<ChangeLogCursor>(new CommandDefinition(LatestRowIdsSql, transaction: transaction, cancellationToken: cancellationToken));

    private const string CountSql = $"""
        SELECT COUNT(*) FROM ({AllChanges}) c
        WHERE (@allKinds = 1 OR c.Kind IN @kinds)
        """;

    private const string CountPostgresSql = $"""
        SELECT COUNT(*) FROM ({AllChanges}) c
        WHERE (@allKinds = 1 OR c.Kind = ANY(@kinds))
        """;

    public Task<int> CountAsync(IReadOnlyCollection<string>? kinds, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => CountAsync(connection, null, kinds, cancellationToken), cancellationToken);

    public static async Task<int> CountAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string>? kinds, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            connection is NpgsqlConnection ? CountPostgresSql : CountSql, new { allKinds = kinds is null or { Count: 0 } ? 1 : 0, kinds = (kinds ?? []).ToArray() }, transaction: transaction, cancellationToken: cancellationToken));
    }

    /// <summary>One page of the change log and the count of every entry it pages through, read in one snapshot so the two agree.</summary>
    public Task<(int Total, IReadOnlyList<ChangeLogEntry> Entries)> PageAsync(IReadOnlyCollection<string>? kinds, int skip, int take, CancellationToken cancellationToken = default) =>
        database.ReadSnapshotAsync(async (connection, transaction) => (
            await CountAsync(connection, transaction, kinds, cancellationToken),
            await ListAsync(connection, transaction, clock, kinds, skip, take, cancellationToken)), cancellationToken);
}

/// <summary>
/// The highest row id read from each table the change log is made of. Rows are numbered in the order their writes
/// commit (every write of the record holds the one write lock), so "newer than" is "written after".
/// </summary>
public sealed class ChangeLogCursor
{
    public long Status { get; set; }
    public long Ledger { get; set; }
    public long Edit { get; set; }
    public long Item { get; set; }
    public long Edition { get; set; }
    public long Withdrawal { get; set; }

    /// <summary>Moves past <paramref name="entry"/>, by the table its <see cref="ChangeLogEntry.StableId"/> names.</summary>
    public void MovePast(ChangeLogEntry entry)
    {
        var id = entry.RowId;
        switch (entry.StableId[..entry.StableId.IndexOf('-', StringComparison.Ordinal)])
        {
            case "status": Status = Math.Max(Status, id); break;
            case "ledger": Ledger = Math.Max(Ledger, id); break;
            case "edit": Edit = Math.Max(Edit, id); break;
            case "item": Item = Math.Max(Item, id); break;
            case "edition": Edition = Math.Max(Edition, id); break;
            case "withdrawal": Withdrawal = Math.Max(Withdrawal, id); break;
        }
    }
}
