using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Desk;

/// <summary>A source the desk lists: one without a date, or a copy whose original is not on file.</summary>
public sealed class DeskSource
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Publisher { get; set; } = "";
}

/// <summary>A status entry whose effective date is later than the date of the source it rests on.</summary>
public sealed class DeskStatusEntry
{
    public long Id { get; set; }
    public string SubjectType { get; set; } = "";
    public string? SubjectCode { get; set; }
    public string? Assessor { get; set; }
    public string ToStatus { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public string EffectivePrecision { get; set; } = "day";
    public string SourceKey { get; set; } = "";
    public string SourceTitle { get; set; } = "";
    public DateOnly SourcePublishedOn { get; set; }
    public string SourcePublishedPrecision { get; set; } = "day";
}

/// <summary>The staff desk's own questions of the record: what needs attention that no other store already lists.</summary>
public sealed class DeskStore(Database database)
{
    private const string ListUndatedSourcesSql = """
        SELECT Id, Key, Title, Publisher
        FROM Sources
        WHERE PublishedOn IS NULL
        ORDER BY Title, Id
        """;

    /// <summary>Sources with no publication date on record.</summary>
    public Task<IReadOnlyList<DeskSource>> ListUndatedSourcesAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListUndatedSourcesAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<DeskSource>> ListUndatedSourcesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<DeskSource>(new CommandDefinition(ListUndatedSourcesSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListOrphanCopiesSql = """
        SELECT Id, Key, Title, Publisher
        FROM Sources
        WHERE IsCopy = 1 AND CopyOfId IS NULL
        ORDER BY Title, Id
        """;

    /// <summary>Copies (reposts, mirrors) whose original is not linked: a reader cannot tell what they copy.</summary>
    public Task<IReadOnlyList<DeskSource>> ListCopiesWithoutOriginalAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListCopiesWithoutOriginalAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<DeskSource>> ListCopiesWithoutOriginalAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<DeskSource>(new CommandDefinition(ListOrphanCopiesSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // Stored dates are the start of their period: the page compares the periods' ends, so a month-dated source is not
    // outrun by a status effective later in that month. Corrected and withdrawn entries no longer count and are left out.
    private const string ListStatusAfterSourceSql = $"""
        SELECT sc.Id, sc.SubjectType, COALESCE(d.Code, o.Code, t.Code) AS SubjectCode, sc.Assessor, sc.ToStatus,
               sc.EffectiveOn, sc.EffectivePrecision,
               s.Key AS SourceKey, s.Title AS SourceTitle, s.PublishedOn AS SourcePublishedOn, s.PublishedPrecision AS SourcePublishedPrecision
        FROM StatusChanges sc
        JOIN Sources s ON s.Id = sc.SourceId
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        WHERE s.PublishedOn IS NOT NULL AND s.PublishedPrecision IS NOT NULL AND sc.EffectiveOn > s.PublishedOn
          AND {Changes.StatusChangeStore.StandsSql}
        ORDER BY sc.EffectiveOn DESC, sc.Id DESC
        """;

    /// <summary>Status entries that take effect after the date of their source: a source cannot report what had not yet happened.</summary>
    public Task<IReadOnlyList<DeskStatusEntry>> ListStatusAfterSourceAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListStatusAfterSourceAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<DeskStatusEntry>> ListStatusAfterSourceAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<DeskStatusEntry>(new CommandDefinition(ListStatusAfterSourceSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
