using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Changes;

public sealed class StatusChangeStore(Database database)
{
    private const string EntryColumns = """
        sc.Id, sc.SubjectType, sc.SubjectId, sc.Assessor, sc.FromStatus, sc.ToStatus, sc.EffectiveOn, sc.EffectivePrecision,
        sc.RecordedAt, sc.RecordedBy, sc.Reason, sc.SourceId, sc.Confidence, sc.CorrectsId, sc.ResultingVersion,
        s.Title AS SourceTitle, s.Url AS SourceUrl, s.Key AS SourceKey, s.Party AS SourceParty, s.Kind AS SourceKind,
        w.WithdrawnAt, w.WithdrawnBy, w.ReasonKind AS WithdrawalKind, w.Reason AS WithdrawalReason
        """;

    // Every query that reads entries joins their withdrawal, if any (at most one per entry).
    private const string JoinWithdrawal = "LEFT JOIN Withdrawals w ON w.EntryType = 'status' AND w.EntryId = sc.Id";

    // An entry is corrected only by a correction that still stands: a withdrawn correction gives the entry back.
    private const string SelectColumns = $"""
        {EntryColumns},
        (SELECT MIN(c.Id) FROM StatusChanges c WHERE c.CorrectsId = sc.Id
           AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'status' AND cw.EntryId = c.Id)) AS CorrectedById
        """;

    /// <summary>"Nothing stands in for this entry": no standing correction names it, and it is not withdrawn.</summary>
    internal const string StandsSql = """
        NOT EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id
                      AND NOT EXISTS (SELECT 1 FROM Withdrawals cw WHERE cw.EntryType = 'status' AND cw.EntryId = c.Id))
          AND NOT EXISTS (SELECT 1 FROM Withdrawals sw WHERE sw.EntryType = 'status' AND sw.EntryId = sc.Id)
        """;

    private const string ListForSubjectSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        """;

    /// <summary>The whole history of one item, newest first.</summary>
    public Task<IReadOnlyList<StatusChange>> ListForSubjectAsync(string subjectType, long subjectId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListForSubjectAsync(connection, null, subjectType, subjectId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListForSubjectAsync(DbConnection connection, DbTransaction? transaction, string subjectType, long subjectId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListForSubjectSql, new { subjectType, subjectId }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListForTypeSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE sc.SubjectType = @subjectType
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        """;

    /// <summary>The whole history of every item of a type, newest first.</summary>
    public Task<IReadOnlyList<StatusChange>> ListForTypeAsync(string subjectType, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListForTypeAsync(connection, null, subjectType, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListForTypeAsync(DbConnection connection, DbTransaction? transaction, string subjectType, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListForTypeSql, new { subjectType }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // CurrentStatuses holds the latest entry per subject and assessor that nothing has corrected (see RefreshCurrentSql),
    // so none of these is corrected: no need to ask, row by row.
    private const string ListLatestSql = $"""
        SELECT {EntryColumns}, NULL AS CorrectedById
        FROM CurrentStatuses cs
        JOIN StatusChanges sc ON sc.Id = cs.StatusChangeId
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE cs.SubjectType = @subjectType
        """;

    /// <summary>The current status of every item of a type, one row per item and assessor.</summary>
    public Task<IReadOnlyList<StatusChange>> ListLatestAsync(string subjectType, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListLatestAsync(connection, null, subjectType, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListLatestAsync(DbConnection connection, DbTransaction? transaction, string subjectType, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListLatestSql, new { subjectType }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListLatestBriefSql = """
        SELECT sc.Id, sc.SubjectType, sc.SubjectId, sc.Assessor, sc.ToStatus, sc.EffectiveOn, sc.EffectivePrecision,
               sc.Confidence, sc.SourceId, s.Party AS SourceParty, s.Kind AS SourceKind
        FROM CurrentStatuses cs
        JOIN StatusChanges sc ON sc.Id = cs.StatusChangeId
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE cs.SubjectType = @subjectType
        """;

    /// <summary>
    /// The current status of every item of a type with only what a list shows (status, effective date): no reasons,
    /// sources' titles or recorders, so a list of thousands reads a fraction of the text.
    /// </summary>
    public Task<IReadOnlyList<StatusChange>> ListLatestBriefAsync(string subjectType, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListLatestBriefAsync(connection, null, subjectType, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListLatestBriefAsync(DbConnection connection, DbTransaction? transaction, string subjectType, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListLatestBriefSql, new { subjectType }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // Entries with their subject's code, title and (for a deficiency) finding: what a list of entries across items shows.
    private const string SelectWithSubject = $"""
        SELECT {SelectColumns},
               COALESCE(d.Code, o.Code, t.Code) AS SubjectCode,
               COALESCE(d.Title, o.Title, t.Title) AS SubjectTitle,
               d.Finding AS SubjectFinding
        FROM StatusChanges sc
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        """;

    private const string ListRecentSql = $"""
        {SelectWithSubject}
        ORDER BY sc.EffectiveOn DESC, sc.RecordedAt DESC, sc.Id DESC
        LIMIT @limit
        """;

    /// <summary>The most recent changes by effective date, for the dashboard.</summary>
    public Task<IReadOnlyList<StatusChange>> ListRecentAsync(int limit, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecentAsync(connection, null, limit, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListRecentAsync(DbConnection connection, DbTransaction? transaction, int limit, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListRecentSql, new { limit }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListEffectiveFromSql = $"""
        {SelectWithSubject}
        WHERE sc.EffectiveOn >= @from
        ORDER BY sc.EffectiveOn, sc.Id
        """;

    /// <summary>
    /// Every entry whose effective period starts on or after <paramref name="from"/> (stored dates are the start of their
    /// period), oldest first, with its subject's code and title.
    /// </summary>
    public Task<IReadOnlyList<StatusChange>> ListEffectiveFromAsync(DateOnly from, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListEffectiveFromAsync(connection, null, from, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListEffectiveFromAsync(DbConnection connection, DbTransaction? transaction, DateOnly from, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListEffectiveFromSql, new { from }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // As ListRecordedBetweenSql: a range of days narrows the search by index, the exact bound is applied to the instants.
    private const string ListRecordedAfterSql = $"""
        {SelectWithSubject}
        WHERE sc.RecordedAt >= @fromDay
        ORDER BY sc.Id
        """;

    /// <summary>Every entry recorded after <paramref name="after"/>, oldest first, with its subject's code and title.</summary>
    public Task<IReadOnlyList<StatusChange>> ListRecordedAfterAsync(DateTimeOffset after, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecordedAfterAsync(connection, null, after, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListRecordedAfterAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        var (fromDay, _) = RecordedDays.Around(after, after);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListRecordedAfterSql, new { fromDay }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.Where(c => c.RecordedAt > after).ToList();
    }

    private const string CountWithoutSourceSql = "SELECT COUNT(*) FROM StatusChanges WHERE SourceId IS NULL";

    public Task<int> CountWithoutSourceAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => CountWithoutSourceAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<int> CountWithoutSourceAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountWithoutSourceSql, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO StatusChanges (SubjectType, SubjectId, Assessor, FromStatus, ToStatus, EffectiveOn, EffectivePrecision,
                                   RecordedAt, RecordedBy, Reason, SourceId, Confidence, CorrectsId, ResultingVersion)
        VALUES (@SubjectType, @SubjectId, @Assessor, @FromStatus, @ToStatus, @EffectiveOn, @EffectivePrecision,
                @RecordedAt, @RecordedBy, @Reason, @SourceId, @Confidence, @CorrectsId, @ResultingVersion)
        RETURNING Id
        """;

    // The latest entry by effective date (then by entry) that stands (neither corrected nor withdrawn); ties on the date go to the later entry.
    private const string RefreshCurrentSql = $"""
        DELETE FROM CurrentStatuses
        WHERE SubjectType = @subjectType AND SubjectId = @subjectId AND AssessorKey = @assessorKey;

        INSERT INTO CurrentStatuses (SubjectType, SubjectId, AssessorKey, StatusChangeId)
        SELECT sc.SubjectType, sc.SubjectId, @assessorKey, sc.Id
        FROM StatusChanges sc
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId AND COALESCE(sc.Assessor, '') = @assessorKey
          AND {StandsSql}
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        LIMIT 1;
        """;

    private const string SubjectOfSql = "SELECT SubjectType, SubjectId, Assessor FROM StatusChanges WHERE Id = @id";

    /// <summary>Adds an entry and, in the same transaction, brings the current status of its item (and of a corrected entry's item) up to date.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, StatusChange change)
    {
        var id = await connection.ExecuteScalarAsync<long>(InsertSql, change, transaction);
        await RefreshCurrentAsync(connection, transaction, change.SubjectType, change.SubjectId, change.Assessor);
        if (change.CorrectsId is { } corrected
            && await connection.QuerySingleOrDefaultAsync<(string SubjectType, long SubjectId, string? Assessor)?>(SubjectOfSql, new { id = corrected }, transaction) is { } other
            && (other.SubjectType, other.SubjectId, other.Assessor) != (change.SubjectType, change.SubjectId, change.Assessor))
        {
            await RefreshCurrentAsync(connection, transaction, other.SubjectType, other.SubjectId, other.Assessor);
        }
        return id;
    }

    internal static Task RefreshCurrentAsync(DbConnection connection, DbTransaction transaction, string subjectType, long subjectId, string? assessor) =>
        connection.ExecuteAsync(RefreshCurrentSql, new { subjectType, subjectId, assessorKey = assessor ?? "" }, transaction);

    // Recorded-at instants are ISO-8601 text, so a range of days narrows the search by index; the exact bounds are
    // applied to the parsed instants, whatever textual form (offset or Z) a row was written in.
    private const string ListRecordedBetweenSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE sc.RecordedAt >= @fromDay AND sc.RecordedAt < @toDay
        ORDER BY sc.Id
        """;

    /// <summary>Every entry recorded after <paramref name="after"/>, up to and including <paramref name="upTo"/>, oldest first.</summary>
    public Task<IReadOnlyList<StatusChange>> ListRecordedBetweenAsync(DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecordedBetweenAsync(connection, null, after, upTo, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<StatusChange>> ListRecordedBetweenAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default)
    {
        var (fromDay, toDay) = RecordedDays.Around(after, upTo);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListRecordedBetweenSql, new { fromDay, toDay }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.Where(c => c.RecordedAt > after && c.RecordedAt <= upTo).ToList();
    }

    private const string FindSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE sc.Id = @id
        """;

    public static Task<StatusChange?> FindAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<StatusChange>(FindSql, new { id }, transaction);

    // The current status of one assessor on one item, leaving out corrected entries and the one now being corrected.
    private const string CurrentStatusSql = $"""
        SELECT sc.ToStatus
        FROM StatusChanges sc
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId AND COALESCE(sc.Assessor, '') = COALESCE(@assessor, '')
          AND sc.Id <> COALESCE(@excludeId, -1)
          AND {StandsSql}
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        LIMIT 1
        """;

    public static Task<string?> CurrentStatusAsync(DbConnection connection, DbTransaction transaction, string subjectType, long subjectId, string? assessor, long? excludeId) =>
        connection.QuerySingleOrDefaultAsync<string?>(CurrentStatusSql, new { subjectType, subjectId, assessor, excludeId }, transaction);

    private const string ListSinceSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        {JoinWithdrawal}
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId AND sc.ResultingVersion > @version
        ORDER BY sc.Id
        """;

    /// <summary>Status entries recorded after <paramref name="version"/>, described for a refused save.</summary>
    public static async Task<IReadOnlyList<ChangeSince>> ListSinceAsync(DbConnection connection, DbTransaction transaction, string subjectType, long subjectId, int version)
    {
        var rows = await connection.QueryAsync<StatusChange>(ListSinceSql, new { subjectType, subjectId, version }, transaction);
        return rows.Select(c => new ChangeSince(
            c.RecordedAt,
            c.RecordedBy,
            $"{c.Movement}, effective {c.Effective}")).ToList();
    }
}
