using System.Data;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Changes;

public sealed class StatusChangeStore(Database database)
{
    private const string SelectColumns = """
        sc.Id, sc.SubjectType, sc.SubjectId, sc.Assessor, sc.FromStatus, sc.ToStatus, sc.EffectiveOn, sc.EffectivePrecision,
        sc.RecordedAt, sc.RecordedBy, sc.Reason, sc.SourceId, sc.Confidence, sc.CorrectsId, sc.ResultingVersion,
        s.Title AS SourceTitle, s.Url AS SourceUrl, s.Key AS SourceKey,
        (SELECT MIN(c.Id) FROM StatusChanges c WHERE c.CorrectsId = sc.Id) AS CorrectedById
        """;

    private const string ListForSubjectSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        """;

    /// <summary>The whole history of one item, newest first.</summary>
    public async Task<IReadOnlyList<StatusChange>> ListForSubjectAsync(string subjectType, long subjectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListForSubjectSql, new { subjectType, subjectId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListForTypeSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE sc.SubjectType = @subjectType
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        """;

    /// <summary>The whole history of every item of a type, newest first.</summary>
    public async Task<IReadOnlyList<StatusChange>> ListForTypeAsync(string subjectType, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListForTypeSql, new { subjectType }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // The latest entry per subject and assessor that nothing has corrected; ties on the effective date go to the later entry.
    private const string ListLatestSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE sc.SubjectType = @subjectType
          AND NOT EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id)
          AND NOT EXISTS (
              SELECT 1 FROM StatusChanges n
              WHERE n.SubjectType = sc.SubjectType AND n.SubjectId = sc.SubjectId
                AND COALESCE(n.Assessor, '') = COALESCE(sc.Assessor, '')
                AND NOT EXISTS (SELECT 1 FROM StatusChanges c2 WHERE c2.CorrectsId = n.Id)
                AND (n.EffectiveOn > sc.EffectiveOn OR (n.EffectiveOn = sc.EffectiveOn AND n.Id > sc.Id)))
        """;

    /// <summary>The current status of every item of a type, one row per item and assessor.</summary>
    public async Task<IReadOnlyList<StatusChange>> ListLatestAsync(string subjectType, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListLatestSql, new { subjectType }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListRecentSql = $"""
        SELECT {SelectColumns},
               COALESCE(d.Code, o.Code, t.Code) AS SubjectCode,
               COALESCE(d.Title, o.Title, t.Title) AS SubjectTitle
        FROM StatusChanges sc
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        ORDER BY sc.EffectiveOn DESC, sc.RecordedAt DESC, sc.Id DESC
        LIMIT @limit
        """;

    /// <summary>The most recent changes by effective date, for the dashboard.</summary>
    public async Task<IReadOnlyList<StatusChange>> ListRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StatusChange>(new CommandDefinition(ListRecentSql, new { limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string CountWithoutSourceSql = "SELECT COUNT(*) FROM StatusChanges WHERE SourceId IS NULL";

    public async Task<int> CountWithoutSourceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountWithoutSourceSql, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO StatusChanges (SubjectType, SubjectId, Assessor, FromStatus, ToStatus, EffectiveOn, EffectivePrecision,
                                   RecordedAt, RecordedBy, Reason, SourceId, Confidence, CorrectsId, ResultingVersion)
        VALUES (@SubjectType, @SubjectId, @Assessor, @FromStatus, @ToStatus, @EffectiveOn, @EffectivePrecision,
                @RecordedAt, @RecordedBy, @Reason, @SourceId, @Confidence, @CorrectsId, @ResultingVersion)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(IDbConnection connection, IDbTransaction transaction, StatusChange change) =>
        connection.ExecuteScalarAsync<long>(InsertSql, change, transaction);

    private const string FindSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE sc.Id = @id
        """;

    public static Task<StatusChange?> FindAsync(IDbConnection connection, IDbTransaction transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<StatusChange>(FindSql, new { id }, transaction);

    // The current status of one assessor on one item, leaving out corrected entries and the one now being corrected.
    private const string CurrentStatusSql = """
        SELECT sc.ToStatus
        FROM StatusChanges sc
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId AND COALESCE(sc.Assessor, '') = COALESCE(@assessor, '')
          AND sc.Id <> COALESCE(@excludeId, -1)
          AND NOT EXISTS (SELECT 1 FROM StatusChanges c WHERE c.CorrectsId = sc.Id)
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        LIMIT 1
        """;

    public static Task<string?> CurrentStatusAsync(IDbConnection connection, IDbTransaction transaction, string subjectType, long subjectId, string? assessor, long? excludeId) =>
        connection.QuerySingleOrDefaultAsync<string?>(CurrentStatusSql, new { subjectType, subjectId, assessor, excludeId }, transaction);

    private const string ListSinceSql = $"""
        SELECT {SelectColumns}
        FROM StatusChanges sc LEFT JOIN Sources s ON s.Id = sc.SourceId
        WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @subjectId AND sc.ResultingVersion > @version
        ORDER BY sc.Id
        """;

    /// <summary>Status entries recorded after <paramref name="version"/>, described for a refused save.</summary>
    public static async Task<IReadOnlyList<ChangeSince>> ListSinceAsync(IDbConnection connection, IDbTransaction transaction, string subjectType, long subjectId, int version)
    {
        var rows = await connection.QueryAsync<StatusChange>(ListSinceSql, new { subjectType, subjectId, version }, transaction);
        return rows.Select(c => new ChangeSince(
            c.RecordedAt,
            c.RecordedBy,
            $"{(c.Assessor is null ? "" : Shared.Assessors.Label(c.Assessor) + ": ")}{(c.FromStatus is null ? "" : c.StatusLabel(c.FromStatus) + " → ")}{c.StatusLabel(c.ToStatus)}, effective {c.Effective}")).ToList();
    }
}
