using System.Data.Common;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Sources;

public sealed class SourceStore(Database database)
{
    private const string ListSql = """
        SELECT s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.AddedBy,
               s.Version, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM Sources s
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn DESC, s.Title
        """;

    public Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Source>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Source>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // Status entries are read as distinct (source, item) pairs first, from IX_StatusChanges_Citations: a long history
    // cites the same few documents many times over.
    // Ordered on every column: one survey can be cited under two titles (its own, an aggregate finding's), and only
    // SQLite's UNION happened to sort the titles too; PostgreSQL's leaves ties in any order.
    private const string ListCitationsSql = """
        SELECT ds.SourceId, 'deficiency' AS ItemType, d.Code, COALESCE(d.Title, @NotInRecord) AS Title
        FROM DeficiencySources ds JOIN Deficiencies d ON d.Id = ds.DeficiencyId
        UNION
        SELECT sc.SourceId, 'deficiency', d.Code, COALESCE(d.Title, @NotInRecord)
        FROM (SELECT DISTINCT SourceId, SubjectId FROM StatusChanges WHERE SubjectType = 'deficiency' AND SourceId IS NOT NULL) sc
        JOIN Deficiencies d ON d.Id = sc.SubjectId
        UNION
        SELECT os.SourceId, 'obligation', o.Code, o.Title
        FROM ObligationSources os JOIN Obligations o ON o.Id = os.ObligationId
        UNION
        SELECT sc.SourceId, 'obligation', o.Code, o.Title
        FROM (SELECT DISTINCT SourceId, SubjectId FROM StatusChanges WHERE SubjectType = 'obligation' AND SourceId IS NOT NULL) sc
        JOIN Obligations o ON o.Id = sc.SubjectId
        UNION
        SELECT le.SourceId, 'obligation', o.Code, o.Title
        FROM LedgerEntries le JOIN Obligations o ON o.Id = le.ObligationId
        WHERE le.SourceId IS NOT NULL
        UNION
        SELECT ts.SourceId, t.Kind, t.Code, t.Title
        FROM TimelineItemSources ts JOIN TimelineItems t ON t.Id = ts.TimelineItemId
        WHERE NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'timeline-item' AND w.EntryId = t.Id)
        UNION
        SELECT ss.SourceId, 'survey', s.Key, s.Title
        FROM SurveySources ss JOIN Surveys s ON s.Id = ss.SurveyId
        UNION
        SELECT afs.SourceId, 'survey', s.Key, af.Title
        FROM AggregateFindingSources afs
        JOIN AggregateFindings af ON af.Id = afs.AggregateFindingId
        JOIN Surveys s ON s.Id = af.SurveyId
        ORDER BY 1, 2, 3, 4
        """;

    /// <summary>Every item that cites a source, grouped by source id.</summary>
    public Task<ILookup<long, Citation>> ListCitationsAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListCitationsAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<ILookup<long, Citation>> ListCitationsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Citation>(new CommandDefinition(ListCitationsSql, new { NotInRecord = Deficiencies.Deficiency.NotInRecord }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.ToLookup(c => c.SourceId);
    }

    private const string SetCopyOfSql = "UPDATE Sources SET CopyOfId = @copyOfId WHERE Id = @id";

    /// <summary>Links a copy to its original once both are on file (the seed may list the copy first).</summary>
    public static Task SetCopyOfAsync(DbConnection connection, DbTransaction transaction, long id, long copyOfId) =>
        connection.ExecuteAsync(SetCopyOfSql, new { id, copyOfId }, transaction);

    private const string FindIdsByKeySql = "SELECT Key, Id FROM Sources";

    public static async Task<Dictionary<string, long>> MapKeysAsync(DbConnection connection, DbTransaction transaction)
    {
        var rows = await connection.QueryAsync<(string Key, long Id)>(FindIdsByKeySql, transaction: transaction);
        return rows.ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal);
    }

    private const string InsertSql = """
        INSERT INTO Sources (Key, Title, Publisher, PublishedOn, PublishedPrecision, Kind, Url, Note, AddedAt, AddedBy, Party, IsCopy, CopyOfId)
        VALUES (@Key, @Title, @Publisher, @PublishedOn, @PublishedPrecision, @Kind, @Url, @Note, @AddedAt, @AddedBy, @Party, @IsCopy, @CopyOfId)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, Source source) =>
        connection.ExecuteScalarAsync<long>(InsertSql, source, transaction);

    private const string FindByKeySql = """
        SELECT s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.AddedBy,
               s.Version, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM Sources s
        WHERE s.Key = @key
        """;

    public Task<Source?> FindByKeyAsync(string key, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByKeyAsync(connection, null, key, cancellationToken), cancellationToken);

    public static async Task<Source?> FindByKeyAsync(DbConnection connection, DbTransaction? transaction, string key, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Source>(new CommandDefinition(FindByKeySql, new { key }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM Sources WHERE Id = @id)";

    public static Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<bool>(ExistsSql, new { id }, transaction);

    private const string KeyTakenSql = "SELECT EXISTS (SELECT 1 FROM Sources WHERE Key = @key)";

    public static Task<bool> KeyTakenAsync(DbConnection connection, DbTransaction transaction, string key) =>
        connection.ExecuteScalarAsync<bool>(KeyTakenSql, new { key }, transaction);

    private const string FindByUrlSql = "SELECT Id FROM Sources WHERE Url = @url AND Url <> ''";

    /// <summary>An existing source with exactly this address, so that adding the same document twice reuses it.</summary>
    public static Task<long?> FindIdByUrlAsync(DbConnection connection, DbTransaction transaction, string url) =>
        connection.QuerySingleOrDefaultAsync<long?>(FindByUrlSql, new { url }, transaction);

    private const string FindWithoutUrlSql = """
        SELECT Id, PublishedOn, PublishedPrecision
        FROM Sources
        WHERE Url = '' AND Title = @title AND Publisher = @publisher
        ORDER BY Id
        """;

    /// <summary>
    /// A source without an address that has exactly this title, publisher and date (or is undated too): the same letter
    /// described twice is one source. The dates are compared here rather than in SQL, where an absent date is NULL.
    /// </summary>
    public static async Task<long?> FindIdWithoutUrlAsync(DbConnection connection, DbTransaction transaction, string title, string publisher, PartialDate? published)
    {
        var rows = await connection.QueryAsync<Source>(FindWithoutUrlSql, new { title, publisher }, transaction);
        return rows.FirstOrDefault(s => s.Published == published)?.Id;
    }

    private const string VersionSql = "SELECT Version FROM Sources WHERE Id = @id";

    /// <summary>The item's version now (0 when there is no such item).</summary>
    public static Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteScalarAsync<int>(VersionSql, new { id }, transaction);

    private const string BumpVersionSql = "UPDATE Sources SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    public static async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string UpdateSql = """
        UPDATE Sources
        SET Title = @Title, Publisher = @Publisher, PublishedOn = @PublishedOn, PublishedPrecision = @PublishedPrecision,
            Kind = @Kind, Url = @Url, Note = @Note, Party = @Party
        WHERE Id = @Id
        """;

    public static Task UpdateAsync(DbConnection connection, DbTransaction transaction, Source source) =>
        connection.ExecuteAsync(UpdateSql, source, transaction);

    // Only the named field changes; a source with no address keeps '' (see Schema/0007). The version moves on so a
    // form read before the withdrawal is refused rather than saved over it.
    private const string RevertFieldSql = """
        UPDATE Sources SET
            Title = CASE WHEN @field = 'Title' THEN COALESCE(@value, Title) ELSE Title END,
            Publisher = CASE WHEN @field = 'Publisher' THEN COALESCE(@value, Publisher) ELSE Publisher END,
            Url = CASE WHEN @field = 'Address' THEN COALESCE(@value, '') ELSE Url END,
            PublishedOn = CASE WHEN @field = 'Date' THEN @on ELSE PublishedOn END,
            PublishedPrecision = CASE WHEN @field = 'Date' THEN @precision ELSE PublishedPrecision END,
            Kind = CASE WHEN @field = 'Kind' THEN COALESCE(@value, Kind) ELSE Kind END,
            Note = CASE WHEN @field = 'Note' THEN @value ELSE Note END,
            Version = Version + 1
        WHERE Id = @id
        """;

    /// <summary>Sets one field back to an earlier value (a withdrawn edit's old value); dates come parsed.</summary>
    public static async Task<bool> RevertFieldAsync(DbConnection connection, DbTransaction transaction, long id, string field, string? value, string? on, string? precision) =>
        await connection.ExecuteAsync(RevertFieldSql, new { id, field, value, on, precision }, transaction) == 1;
}
