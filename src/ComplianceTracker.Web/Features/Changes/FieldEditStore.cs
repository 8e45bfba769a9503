using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Changes;

public sealed class FieldEditStore(Database database)
{
    private const string ListForItemSql = """
        SELECT e.Id, e.ItemType, e.ItemId, e.Field, e.OldValue, e.NewValue, e.RecordedAt, e.RecordedBy, e.Reason, e.SourceId,
               e.ResultingVersion, s.Title AS SourceTitle, s.Url AS SourceUrl,
               w.WithdrawnAt, w.WithdrawnBy, w.ReasonKind AS WithdrawalKind, w.Reason AS WithdrawalReason
        FROM FieldEdits e LEFT JOIN Sources s ON s.Id = e.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'field-edit' AND w.EntryId = e.Id
        WHERE e.ItemType = @itemType AND e.ItemId = @itemId
        ORDER BY e.Id DESC
        """;

    /// <summary>Every edit of one item's fields, newest first.</summary>
    public Task<IReadOnlyList<FieldEdit>> ListForItemAsync(string itemType, long itemId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListForItemAsync(connection, null, itemType, itemId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<FieldEdit>> ListForItemAsync(DbConnection connection, DbTransaction? transaction, string itemType, long itemId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<FieldEdit>(new CommandDefinition(ListForItemSql, new { itemType, itemId }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListRecordedBetweenSql = """
        SELECT e.Id, e.ItemType, e.ItemId, e.Field, e.OldValue, e.NewValue, e.RecordedAt, e.RecordedBy, e.Reason, e.SourceId,
               e.ResultingVersion, s.Title AS SourceTitle, s.Url AS SourceUrl,
               w.WithdrawnAt, w.WithdrawnBy, w.ReasonKind AS WithdrawalKind, w.Reason AS WithdrawalReason
        FROM FieldEdits e LEFT JOIN Sources s ON s.Id = e.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'field-edit' AND w.EntryId = e.Id
        WHERE e.RecordedAt >= @fromDay AND e.RecordedAt < @toDay
        ORDER BY e.Id
        """;

    /// <summary>Every edit recorded after <paramref name="after"/>, up to and including <paramref name="upTo"/>, oldest first.</summary>
    public Task<IReadOnlyList<FieldEdit>> ListRecordedBetweenAsync(DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecordedBetweenAsync(connection, null, after, upTo, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<FieldEdit>> ListRecordedBetweenAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default)
    {
        var (fromDay, toDay) = RecordedDays.Around(after, upTo);
        var rows = await connection.QueryAsync<FieldEdit>(new CommandDefinition(ListRecordedBetweenSql, new { fromDay, toDay }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.Where(e => e.RecordedAt > after && e.RecordedAt <= upTo).ToList();
    }

    private const string InsertSql = """
        INSERT INTO FieldEdits (ItemType, ItemId, Field, OldValue, NewValue, RecordedAt, RecordedBy, Reason, SourceId, ResultingVersion)
        VALUES (@ItemType, @ItemId, @Field, @OldValue, @NewValue, @RecordedAt, @RecordedBy, @Reason, @SourceId, @ResultingVersion)
        """;

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, FieldEdit edit) =>
        connection.ExecuteAsync(InsertSql, edit, transaction);

    private const string ListSinceSql = """
        SELECT RecordedAt, RecordedBy, Field, OldValue, NewValue
        FROM FieldEdits
        WHERE ItemType = @itemType AND ItemId = @itemId AND ResultingVersion > @version
        ORDER BY Id
        """;

    /// <summary>Field edits made after <paramref name="version"/>, described for a refused save.</summary>
    public static async Task<IReadOnlyList<ChangeSince>> ListSinceAsync(DbConnection connection, DbTransaction transaction, string itemType, long itemId, int version)
    {
        var rows = await connection.QueryAsync<(string RecordedAt, string RecordedBy, string Field, string? OldValue, string? NewValue)>(
            ListSinceSql, new { itemType, itemId, version }, transaction);
        return rows.Select(r => new ChangeSince(
            DateTimeOffset.Parse(r.RecordedAt, System.Globalization.CultureInfo.InvariantCulture),
            r.RecordedBy,
            $"{r.Field}: \"{r.OldValue ?? "(empty)"}\" → \"{r.NewValue ?? "(empty)"}\"")).ToList();
    }
}
