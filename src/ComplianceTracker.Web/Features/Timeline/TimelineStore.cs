using System.Data;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Timeline;

public sealed class TimelineStore(Database database)
{
    private const string SelectColumns = """
        t.Id, t.Code, t.Kind, t.Title, t.Description, t.OccursOn, t.OccursPrecision, t.AlternateOn, t.AlternatePrecision,
        t.AlternateNote, t.Status, t.DeadlineType, t.Milestone, t.ObligationId, o.Code AS ObligationCode, t.Confidence, t.RecordedAt, t.RecordedBy, t.Version,
        (SELECT sc.ToStatus FROM CurrentStatuses cs JOIN StatusChanges sc ON sc.Id = cs.StatusChangeId
         WHERE cs.SubjectType = 'obligation' AND cs.SubjectId = t.ObligationId) AS ObligationStatus
        """;

    private const string ListSql = $"""
        SELECT {SelectColumns}
        FROM TimelineItems t LEFT JOIN Obligations o ON o.Id = t.ObligationId
        ORDER BY t.OccursOn, t.Id
        """;

    private const string ListSourcesSql = """
        SELECT ts.TimelineItemId, s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM TimelineItemSources ts JOIN Sources s ON s.Id = ts.SourceId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    /// <summary>Every event and deadline in date order, each with its sources.</summary>
    public async Task<IReadOnlyList<TimelineItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var items = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))).AsList();
        var byId = items.ToDictionary(i => i.Id);
        await connection.QueryAsync<long, Source, long>(
            new CommandDefinition(ListSourcesSql, cancellationToken: cancellationToken),
            (itemId, source) =>
            {
                byId[itemId].Sources.Add(source);
                return itemId;
            },
            splitOn: "Id");
        return items;
    }

    private const string FindByCodeSql = $"""
        SELECT {SelectColumns}
        FROM TimelineItems t LEFT JOIN Obligations o ON o.Id = t.ObligationId
        WHERE t.Code = @code
        """;

    public async Task<TimelineItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TimelineItem>(new CommandDefinition(FindByCodeSql, new { code }, cancellationToken: cancellationToken));
    }

    private const string CountUnsourcedSql = """
        SELECT COUNT(*) FROM TimelineItems t
        WHERE NOT EXISTS (SELECT 1 FROM TimelineItemSources ts WHERE ts.TimelineItemId = t.Id)
        """;

    public async Task<int> CountUnsourcedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnsourcedSql, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO TimelineItems (Code, Kind, Title, Description, OccursOn, OccursPrecision, AlternateOn, AlternatePrecision,
                                   AlternateNote, Status, DeadlineType, Milestone, ObligationId, Confidence, RecordedAt, RecordedBy)
        VALUES (@Code, @Kind, @Title, @Description, @OccursOn, @OccursPrecision, @AlternateOn, @AlternatePrecision,
                @AlternateNote, @Status, @DeadlineType, @Milestone, @ObligationId, @Confidence, @RecordedAt, @RecordedBy)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(IDbConnection connection, IDbTransaction transaction, TimelineItem item) =>
        connection.ExecuteScalarAsync<long>(InsertSql, item, transaction);

    private const string LinkSourceSql = "INSERT INTO TimelineItemSources (TimelineItemId, SourceId) VALUES (@itemId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(IDbConnection connection, IDbTransaction transaction, long itemId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { itemId, sourceId }, transaction);

    private const string CodeTakenSql = "SELECT EXISTS (SELECT 1 FROM TimelineItems WHERE Code = @code)";

    public static Task<bool> CodeTakenAsync(IDbConnection connection, IDbTransaction transaction, string code) =>
        connection.ExecuteScalarAsync<bool>(CodeTakenSql, new { code }, transaction);

    private const string BumpVersionSql = "UPDATE TimelineItems SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    public static async Task<bool> TryBumpVersionAsync(IDbConnection connection, IDbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string UpdateSql = """
        UPDATE TimelineItems
        SET Kind = @Kind, Title = @Title, Description = @Description, OccursOn = @OccursOn, OccursPrecision = @OccursPrecision,
            AlternateOn = @AlternateOn, AlternatePrecision = @AlternatePrecision, AlternateNote = @AlternateNote,
            Status = @Status, DeadlineType = @DeadlineType, Milestone = @Milestone, ObligationId = @ObligationId, Confidence = @Confidence
        WHERE Id = @Id
        """;

    public static Task UpdateAsync(IDbConnection connection, IDbTransaction transaction, TimelineItem item) =>
        connection.ExecuteAsync(UpdateSql, item, transaction);

    private const string VersionSql = "SELECT Version FROM TimelineItems WHERE Id = @id";

    public static Task<int> VersionAsync(IDbConnection connection, IDbTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<int>(VersionSql, new { id }, transaction);

    private const string UpdateStatusSql = "UPDATE TimelineItems SET Status = @status WHERE Id = @id";

    /// <summary>Sets a deadline's status (its outcome) alone; the caller has claimed the item's next version and writes the field's history.</summary>
    public static Task UpdateStatusAsync(IDbConnection connection, IDbTransaction transaction, long id, string status) =>
        connection.ExecuteAsync(UpdateStatusSql, new { id, status }, transaction);

    private const string ListItemSourcesSql = """
        SELECT s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM TimelineItemSources ts JOIN Sources s ON s.Id = ts.SourceId
        WHERE ts.TimelineItemId = @itemId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    public async Task<IReadOnlyList<Source>> ListSourcesAsync(long itemId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Source>(new CommandDefinition(ListItemSourcesSql, new { itemId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
