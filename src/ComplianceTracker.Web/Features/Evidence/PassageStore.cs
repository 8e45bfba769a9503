using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>All SQL of passages and of their checks against archived copies.</summary>
public sealed class PassageStore(Database database)
{
    // The check summary is read with the passage: how many copies it was checked against, and the newest copy that
    // holds it with the page (a later copy of a moved page may hold it where an earlier one did not, or the reverse).
    private const string Columns = """
        p.Id, p.ItemType, p.ItemId, p.SourceId, s.Key AS SourceKey, s.Title AS SourceTitle, p.Text, p.AddedAt, p.AddedBy,
        (SELECT COUNT(*) FROM PassageChecks pc WHERE pc.PassageId = p.Id) AS CopiesChecked,
        (SELECT pc.CopyId FROM PassageChecks pc WHERE pc.PassageId = p.Id AND pc.Page IS NOT NULL ORDER BY pc.CopyId DESC LIMIT 1) AS FoundInCopyId,
        (SELECT pc.Page FROM PassageChecks pc WHERE pc.PassageId = p.Id AND pc.Page IS NOT NULL ORDER BY pc.CopyId DESC LIMIT 1) AS FoundPage,
        (SELECT pc.PageCount FROM PassageChecks pc WHERE pc.PassageId = p.Id AND pc.Page IS NOT NULL ORDER BY pc.CopyId DESC LIMIT 1) AS FoundPageCount
        """;

    private const string ListSql = $"""
        SELECT {Columns}
        FROM Passages p JOIN Sources s ON s.Id = p.SourceId
        WHERE p.WithdrawnAt IS NULL
        ORDER BY p.Id
        """;

    /// <summary>Every passage in force, indexed by what cites it.</summary>
    public Task<PassageIndex> IndexAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => IndexAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<PassageIndex> IndexAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        new(await ListAsync(connection, transaction, cancellationToken));

    public static async Task<IReadOnlyList<Passage>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<Passage>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    public Task<IReadOnlyList<Passage>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    private const string ListForSourceSql = $"""
        SELECT {Columns}
        FROM Passages p JOIN Sources s ON s.Id = p.SourceId
        WHERE p.SourceId = @sourceId AND p.WithdrawnAt IS NULL
        ORDER BY p.Id
        """;

    public static async Task<IReadOnlyList<Passage>> ListForSourceAsync(DbConnection connection, DbTransaction? transaction, long sourceId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<Passage>(new CommandDefinition(ListForSourceSql, new { sourceId }, transaction, cancellationToken: cancellationToken))).AsList();

    private const string InsertSql = """
        INSERT INTO Passages (ItemType, ItemId, SourceId, Text, AddedAt, AddedBy)
        VALUES (@ItemType, @ItemId, @SourceId, @Text, @AddedAt, @AddedBy)
        RETURNING Id
        """;

    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, Passage passage)
    {
        passage.Id = await connection.ExecuteScalarAsync<long>(InsertSql, passage, transaction);
        return passage.Id;
    }

    private const string ExistsSql = """
        SELECT EXISTS (SELECT 1 FROM Passages WHERE ItemType = @itemType AND ItemId = @itemId AND SourceId = @sourceId AND Text = @text AND WithdrawnAt IS NULL)
        """;

    public static Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string itemType, long itemId, long sourceId, string text) =>
        connection.ExecuteScalarAsync<bool>(ExistsSql, new { itemType, itemId, sourceId, text }, transaction);

    private const string WithdrawSql = """
        UPDATE Passages SET WithdrawnAt = @at, WithdrawnBy = @by, WithdrawnReason = @reason
        WHERE Id = @id AND SourceId = @sourceId AND WithdrawnAt IS NULL
        """;

    /// <summary>Takes a passage back (it was not the source's words, or not the right ones); false when there is none to take back.</summary>
    public static async Task<bool> WithdrawAsync(DbConnection connection, DbTransaction transaction, long id, long sourceId, DateTimeOffset at, string by, string reason) =>
        await connection.ExecuteAsync(WithdrawSql, new { id, sourceId, at, by, reason }, transaction) == 1;

    private const string SaveCheckSql = """
        INSERT INTO PassageChecks (PassageId, CopyId, Page, PageCount, CheckedAt)
        VALUES (@passageId, @copyId, @page, @pageCount, @checkedAt)
        ON CONFLICT (PassageId, CopyId) DO UPDATE SET Page = excluded.Page, PageCount = excluded.PageCount, CheckedAt = excluded.CheckedAt
        """;

    /// <summary>Records whether the passage occurs in the copy, and where.</summary>
    public static Task SaveCheckAsync(DbConnection connection, DbTransaction transaction, long passageId, long copyId, int? page, int pageCount, DateTimeOffset checkedAt) =>
        connection.ExecuteAsync(SaveCheckSql, new { passageId, copyId, page, pageCount, checkedAt }, transaction);

    // Every entry and item that cites the source, for the passage form's choice and the source page. Withdrawn status
    // and ledger entries are left out: a passage added to an entry that no longer counts would support nothing.
    private const string ListCitingSql = """
        SELECT 'aggregate-finding' AS ItemType, af.Id AS ItemId, s.Key AS Code, af.Title AS Label, '' AS Detail, 'survey' AS Subject
        FROM AggregateFindingSources afs JOIN AggregateFindings af ON af.Id = afs.AggregateFindingId JOIN Surveys s ON s.Id = af.SurveyId
        WHERE afs.SourceId = @sourceId
        UNION ALL
        SELECT 'survey', s.Id, s.Key, s.Title, '', 'survey'
        FROM SurveySources ss JOIN Surveys s ON s.Id = ss.SurveyId
        WHERE ss.SourceId = @sourceId
        UNION ALL
        SELECT 'deficiency', d.Id, d.Code, COALESCE(d.Title, @notInRecord), '', 'deficiency'
        FROM DeficiencySources ds JOIN Deficiencies d ON d.Id = ds.DeficiencyId
        WHERE ds.SourceId = @sourceId
        UNION ALL
        SELECT 'evidence', de.Id, d.Code, de.Text, '', 'deficiency'
        FROM DeficiencyEvidence de JOIN Deficiencies d ON d.Id = de.DeficiencyId
        WHERE de.SourceId = @sourceId
        UNION ALL
        SELECT 'obligation', o.Id, o.Code, o.Title, '', 'obligation'
        FROM ObligationSources os JOIN Obligations o ON o.Id = os.ObligationId
        WHERE os.SourceId = @sourceId
        UNION ALL
        SELECT 'ledger', le.Id, o.Code, o.Title, le.Entry || ' ' || le.OccurredOn, 'obligation'
        FROM LedgerEntries le JOIN Obligations o ON o.Id = le.ObligationId
        WHERE le.SourceId = @sourceId
          AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'ledger' AND w.EntryId = le.Id)
        UNION ALL
        SELECT 'timeline-item', t.Id, t.Code, t.Title, '', 'deadline'
        FROM TimelineItemSources ts JOIN TimelineItems t ON t.Id = ts.TimelineItemId
        WHERE ts.SourceId = @sourceId
          AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'timeline-item' AND w.EntryId = t.Id)
        UNION ALL
        SELECT 'status', sc.Id,
               COALESCE(d.Code, o.Code, t.Code, ''), COALESCE(d.Title, o.Title, t.Title, @notInRecord),
               sc.ToStatus || ' ' || sc.EffectiveOn || COALESCE(' ' || sc.Assessor, ''), sc.SubjectType
        FROM StatusChanges sc
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        WHERE sc.SourceId = @sourceId
          AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'status' AND w.EntryId = sc.Id)
          AND NOT EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id)
        ORDER BY 1, 3, 2
        """;

    /// <summary>Every entry and item that cites the source: what a passage of it can be attached to.</summary>
    public static async Task<IReadOnlyList<CitingEntry>> ListCitingAsync(DbConnection connection, DbTransaction? transaction, long sourceId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<CitingEntry>(new CommandDefinition(
            ListCitingSql, new { sourceId, notInRecord = Deficiencies.Deficiency.NotInRecord }, transaction, cancellationToken: cancellationToken))).AsList();
}
