using System.Data.Common;
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

    // An event or deadline added in error and withdrawn is in no list, count, feed or edition; its own page still says what it was.
    private const string ListSql = $"""
        SELECT {SelectColumns}
        FROM TimelineItems t LEFT JOIN Obligations o ON o.Id = t.ObligationId
        WHERE NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'timeline-item' AND w.EntryId = t.Id)
        ORDER BY t.OccursOn, t.Id
        """;

    private const string ListSourcesSql = """
        SELECT ts.TimelineItemId, s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM TimelineItemSources ts JOIN Sources s ON s.Id = ts.SourceId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    /// <summary>Every event and deadline in date order, each with its sources.</summary>
    public Task<IReadOnlyList<TimelineItem>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<TimelineItem>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var items = (await connection.QueryAsync<TimelineItem>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();
        var byId = items.ToDictionary(i => i.Id);
        await connection.QueryAsync<long, Source, long>(
            new CommandDefinition(ListSourcesSql, transaction: transaction, cancellationToken: cancellationToken),
            (itemId, source) =>
            {
                // A withdrawn item is not in the list; its sources are not either.
                if (byId.TryGetValue(itemId, out var item))
                {
                    item.Sources.Add(source);
                }
                return itemId;
            },
            splitOn: "Id");
        // The SQL's order is the stored first day; a deadline given as a month or year falls due on its last day.
        return TimelineItem.InOrder(items).ToList();
    }

    private const string FindByCodeSql = $"""
        SELECT {SelectColumns}
        FROM TimelineItems t LEFT JOIN Obligations o ON o.Id = t.ObligationId
        WHERE t.Code = @code
        """;

    public Task<TimelineItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByCodeAsync(connection, null, code, cancellationToken), cancellationToken);

    public static async Task<TimelineItem?> FindByCodeAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<TimelineItem>(new CommandDefinition(FindByCodeSql, new { code }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string CountUnsourcedSql = """
        SELECT COUNT(*) FROM TimelineItems t
        WHERE NOT EXISTS (SELECT 1 FROM TimelineItemSources ts WHERE ts.TimelineItemId = t.Id)
          AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'timeline-item' AND w.EntryId = t.Id)
        """;

    public Task<int> CountUnsourcedAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => CountUnsourcedAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<int> CountUnsourcedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnsourcedSql, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO TimelineItems (Code, Kind, Title, Description, OccursOn, OccursPrecision, AlternateOn, AlternatePrecision,
                                   AlternateNote, Status, DeadlineType, Milestone, ObligationId, Confidence, RecordedAt, RecordedBy)
        VALUES (@Code, @Kind, @Title, @Description, @OccursOn, @OccursPrecision, @AlternateOn, @AlternatePrecision,
                @AlternateNote, @Status, @DeadlineType, @Milestone, @ObligationId, @Confidence, @RecordedAt, @RecordedBy)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, TimelineItem item) =>
        connection.ExecuteScalarAsync<long>(InsertSql, item, transaction);

    private const string LinkSourceSql = "INSERT INTO TimelineItemSources (TimelineItemId, SourceId) VALUES (@itemId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(DbConnection connection, DbTransaction transaction, long itemId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { itemId, sourceId }, transaction);

    private const string CodeTakenSql = "SELECT EXISTS (SELECT 1 FROM TimelineItems WHERE Code = @code)";

    public static Task<bool> CodeTakenAsync(DbConnection connection, DbTransaction transaction, string code) =>
        connection.ExecuteScalarAsync<bool>(CodeTakenSql, new { code }, transaction);

    private const string BumpVersionSql = "UPDATE TimelineItems SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    public static async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string UpdateSql = """
        UPDATE TimelineItems
        SET Kind = @Kind, Title = @Title, Description = @Description, OccursOn = @OccursOn, OccursPrecision = @OccursPrecision,
            AlternateOn = @AlternateOn, AlternatePrecision = @AlternatePrecision, AlternateNote = @AlternateNote,
            Status = @Status, DeadlineType = @DeadlineType, Milestone = @Milestone, ObligationId = @ObligationId, Confidence = @Confidence
        WHERE Id = @Id
        """;

    public static Task UpdateAsync(DbConnection connection, DbTransaction transaction, TimelineItem item) =>
        connection.ExecuteAsync(UpdateSql, item, transaction);

    private const string VersionSql = "SELECT Version FROM TimelineItems WHERE Id = @id";

    /// <summary>The item's version now (0 when there is no such item).</summary>
    public static Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteScalarAsync<int>(VersionSql, new { id }, transaction);

    private const string UpdateStatusSql = "UPDATE TimelineItems SET Status = @status WHERE Id = @id";

    /// <summary>Sets a deadline's status (its outcome) alone; the caller has claimed the item's next version and writes the field's history.</summary>
    public static Task UpdateStatusAsync(DbConnection connection, DbTransaction transaction, long id, string status) =>
        connection.ExecuteAsync(UpdateStatusSql, new { id, status }, transaction);

    private const string ListItemSourcesSql = """
        SELECT s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM TimelineItemSources ts JOIN Sources s ON s.Id = ts.SourceId
        WHERE ts.TimelineItemId = @itemId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    public Task<IReadOnlyList<Source>> ListSourcesAsync(long itemId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListSourcesAsync(connection, null, itemId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Source>> ListSourcesAsync(DbConnection connection, DbTransaction? transaction, long itemId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Source>(new CommandDefinition(ListItemSourcesSql, new { itemId }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // Only the named field changes; the version moves on so a form read before the withdrawal is refused rather
    // than saved over it. "Settlement term" holds a term's code; "Key milestone" holds yes or no.
    private const string RevertFieldSql = """
        UPDATE TimelineItems SET
            Kind = CASE WHEN @field = 'Kind' THEN COALESCE(@value, Kind) ELSE Kind END,
            Title = CASE WHEN @field = 'Title' THEN COALESCE(@value, Title) ELSE Title END,
            Description = CASE WHEN @field = 'Description' THEN @value ELSE Description END,
            OccursOn = CASE WHEN @field = 'Date' THEN COALESCE(@on, OccursOn) ELSE OccursOn END,
            OccursPrecision = CASE WHEN @field = 'Date' THEN COALESCE(@precision, OccursPrecision) ELSE OccursPrecision END,
            AlternateOn = CASE WHEN @field = 'Other date' THEN @on ELSE AlternateOn END,
            AlternatePrecision = CASE WHEN @field = 'Other date' THEN @precision ELSE AlternatePrecision END,
            AlternateNote = CASE WHEN @field = 'Why two dates' THEN @value ELSE AlternateNote END,
            Status = CASE WHEN @field = 'Status' THEN @value ELSE Status END,
            DeadlineType = CASE WHEN @field = 'Deadline type' THEN @value ELSE DeadlineType END,
            Milestone = CASE WHEN @field = 'Key milestone' THEN @milestone ELSE Milestone END,
            ObligationId = CASE WHEN @field = 'Settlement term' THEN (SELECT o.Id FROM Obligations o WHERE o.Code = @value) ELSE ObligationId END,
            Confidence = CASE WHEN @field = 'Confidence' THEN COALESCE(@value, Confidence) ELSE Confidence END,
            Version = Version + 1
        WHERE Id = @id
        """;

    /// <summary>Sets one field back to an earlier value (a withdrawn edit's old value); dates come parsed.</summary>
    public static async Task<bool> RevertFieldAsync(DbConnection connection, DbTransaction transaction, long id, string field, string? value, string? on, string? precision) =>
        await connection.ExecuteAsync(RevertFieldSql, new { id, field, value, on, precision, milestone = value == "yes" ? 1 : 0 }, transaction) == 1;
}
