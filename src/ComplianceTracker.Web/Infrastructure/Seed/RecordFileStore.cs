using System.Data.Common;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Timeline;
using Dapper;
using Npgsql;

namespace ComplianceTracker.Web.Infrastructure.Seed;

/// <summary>
/// The SQL of the record as files (<see cref="RecordExporter"/> and the export branch of <see cref="SeedLoader"/>) that no
/// entity's store already has: whole tables read in id order with the keys an export names things by, and the writes
/// only an export needs — history entries with the numbers the public record already shows (permalinks, feed ids), and
/// each item's version. Whatever a store already reads (sources, surveys and their findings, deficiencies,
/// obligations, status entries, editions), the exporter reads through that store.
/// </summary>
public static class RecordFileStore
{
    // Which sources each item cites, as (item id, source key) pairs in the order the sources were put on file.
    private const string ListSurveySourcesSql = "SELECT l.SurveyId, s.Key FROM SurveySources l JOIN Sources s ON s.Id = l.SourceId ORDER BY l.SurveyId, s.Id";
    private const string ListFindingSourcesSql = "SELECT l.AggregateFindingId, s.Key FROM AggregateFindingSources l JOIN Sources s ON s.Id = l.SourceId ORDER BY l.AggregateFindingId, s.Id";
    private const string ListDeficiencySourcesSql = "SELECT l.DeficiencyId, s.Key FROM DeficiencySources l JOIN Sources s ON s.Id = l.SourceId ORDER BY l.DeficiencyId, s.Id";
    private const string ListObligationSourcesSql = "SELECT l.ObligationId, s.Key FROM ObligationSources l JOIN Sources s ON s.Id = l.SourceId ORDER BY l.ObligationId, s.Id";
    private const string ListTimelineSourcesSql = "SELECT l.TimelineItemId, s.Key FROM TimelineItemSources l JOIN Sources s ON s.Id = l.SourceId ORDER BY l.TimelineItemId, s.Id";

    public static async Task<ILookup<long, string>> ListCitationsAsync(DbConnection connection, DbTransaction transaction, string itemType)
    {
        var sql = itemType switch
        {
            "survey" => ListSurveySourcesSql,
            "finding" => ListFindingSourcesSql,
            "deficiency" => ListDeficiencySourcesSql,
            "obligation" => ListObligationSourcesSql,
            "timeline" => ListTimelineSourcesSql,
            _ => throw new ArgumentOutOfRangeException(nameof(itemType)),
        };
        return (await connection.QueryAsync<(long ItemId, string Key)>(sql, transaction: transaction)).ToLookup(r => r.ItemId, r => r.Key);
    }

    private const string ListEvidenceSql = """
        SELECT e.Id, e.DeficiencyId, e.Text, e.SourceId, e.Confidence, e.Note, e.SortOrder, s.Key AS SourceKey
        FROM DeficiencyEvidence e LEFT JOIN Sources s ON s.Id = e.SourceId
        ORDER BY e.DeficiencyId, e.SortOrder, e.Id
        """;

    public static async Task<List<DeficiencyEvidence>> ListEvidenceAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<DeficiencyEvidence>(ListEvidenceSql, transaction: transaction)).AsList();

    /// <summary>A deficiency's tie to an earlier survey's finding, named by survey and slot as the seed names it.</summary>
    public sealed class RepeatRow
    {
        public long DeficiencyId { get; set; }
        public string EarlierSurveyKey { get; set; } = "";
        public int EarlierSlot { get; set; }
        public string SourceKey { get; set; } = "";
        public string? Note { get; set; }
    }

    private const string ListRepeatsSql = """
        SELECT r.DeficiencyId, es.Key AS EarlierSurveyKey, e.Slot AS EarlierSlot, s.Key AS SourceKey, r.Note
        FROM DeficiencyRepeats r
        JOIN Deficiencies e ON e.Id = r.EarlierDeficiencyId JOIN Surveys es ON es.Id = e.SurveyId
        JOIN Sources s ON s.Id = r.SourceId
        ORDER BY r.DeficiencyId, r.Id
        """;

    public static async Task<List<RepeatRow>> ListRepeatsAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<RepeatRow>(ListRepeatsSql, transaction: transaction)).AsList();

    /// <summary>A ledger entry with the key of its source, for the export.</summary>
    public sealed class LedgerRow
    {
        public long Id { get; set; }
        public long ObligationId { get; set; }
        public string Entry { get; set; } = "";
        /// <summary>The amount as stored, in whole cents.</summary>
        public long AmountCents { get; set; }

        /// <summary>The amount in dollars, exact to the cent.</summary>
        public decimal AmountUsd => Features.Shared.Cents.ToUsd(AmountCents);
        public DateOnly OccurredOn { get; set; }
        public string OccurredPrecision { get; set; } = "day";
        public string? SourceKey { get; set; }
        public string Confidence { get; set; } = "";
        public string? Note { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string RecordedBy { get; set; } = "";
        public long? CorrectsId { get; set; }
        public int? ResultingVersion { get; set; }
    }

    private const string ListLedgerSql = """
        SELECT l.Id, l.ObligationId, l.Entry, l.AmountCents, l.OccurredOn, l.OccurredPrecision, s.Key AS SourceKey, l.Confidence, l.Note,
               l.RecordedAt, l.RecordedBy, l.CorrectsId, l.ResultingVersion
        FROM LedgerEntries l LEFT JOIN Sources s ON s.Id = l.SourceId
        ORDER BY l.Id
        """;

    public static async Task<List<LedgerRow>> ListLedgerAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<LedgerRow>(ListLedgerSql, transaction: transaction)).AsList();

    private const string ListTimelineSql = """
        SELECT t.Id, t.Code, t.Kind, t.Title, t.Description, t.OccursOn, t.OccursPrecision, t.AlternateOn, t.AlternatePrecision, t.AlternateNote,
               t.Status, t.DeadlineType, t.Milestone, t.ObligationId, o.Code AS ObligationCode, t.Confidence, t.RecordedAt, t.RecordedBy, t.Version
        FROM TimelineItems t LEFT JOIN Obligations o ON o.Id = t.ObligationId
        ORDER BY t.Id
        """;

    public static async Task<List<TimelineItem>> ListTimelineAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<TimelineItem>(ListTimelineSql, transaction: transaction)).AsList();

    /// <summary>A field edit with the key of its source, for the export.</summary>
    public sealed class FieldEditRow
    {
        public long Id { get; set; }
        public string ItemType { get; set; } = "";
        public long ItemId { get; set; }
        public string Field { get; set; } = "";
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string RecordedBy { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? SourceKey { get; set; }
        public int? ResultingVersion { get; set; }
    }

    private const string ListFieldEditsSql = """
        SELECT f.Id, f.ItemType, f.ItemId, f.Field, f.OldValue, f.NewValue, f.RecordedAt, f.RecordedBy, f.Reason, s.Key AS SourceKey, f.ResultingVersion
        FROM FieldEdits f LEFT JOIN Sources s ON s.Id = f.SourceId
        ORDER BY f.Id
        """;

    public static async Task<List<FieldEditRow>> ListFieldEditsAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<FieldEditRow>(ListFieldEditsSql, transaction: transaction)).AsList();

    // ---- Loading an export: entries keep their numbers, items their versions. ----

    private const string ImportStatusChangeSql = """
        INSERT INTO StatusChanges (Id, SubjectType, SubjectId, Assessor, FromStatus, ToStatus, EffectiveOn, EffectivePrecision,
                                   RecordedAt, RecordedBy, Reason, SourceId, Confidence, CorrectsId, ResultingVersion)
        VALUES (@Id, @SubjectType, @SubjectId, @Assessor, @FromStatus, @ToStatus, @EffectiveOn, @EffectivePrecision,
                @RecordedAt, @RecordedBy, @Reason, @SourceId, @Confidence, @CorrectsId, @ResultingVersion)
        """;

    /// <summary>Adds a status entry with its own id; call <see cref="StatusChangeStore.RefreshCurrentAsync"/> once all are in.</summary>
    public static Task ImportStatusChangeAsync(DbConnection connection, DbTransaction transaction, StatusChange change) =>
        connection.ExecuteAsync(ImportStatusChangeSql, change, transaction);

    private const string ImportLedgerEntrySql = """
        INSERT INTO LedgerEntries (Id, ObligationId, Entry, AmountCents, OccurredOn, OccurredPrecision, SourceId, Confidence, Note, RecordedAt, RecordedBy,
                                   CorrectsId, ResultingVersion)
        VALUES (@Id, @ObligationId, @Entry, @AmountCents, @OccurredOn, @OccurredPrecision, @SourceId, @Confidence, @Note, @RecordedAt, @RecordedBy,
                @CorrectsId, @ResultingVersion)
        """;

    public static Task ImportLedgerEntryAsync(DbConnection connection, DbTransaction transaction, LedgerEntry entry) =>
        connection.ExecuteAsync(ImportLedgerEntrySql, entry, transaction);

    private const string ImportFieldEditSql = """
        INSERT INTO FieldEdits (Id, ItemType, ItemId, Field, OldValue, NewValue, RecordedAt, RecordedBy, Reason, SourceId, ResultingVersion)
        VALUES (@Id, @ItemType, @ItemId, @Field, @OldValue, @NewValue, @RecordedAt, @RecordedBy, @Reason, @SourceId, @ResultingVersion)
        """;

    public static Task ImportFieldEditAsync(DbConnection connection, DbTransaction transaction, FieldEdit edit) =>
        connection.ExecuteAsync(ImportFieldEditSql, edit, transaction);

    private const string SetSourceVersionSql = "UPDATE Sources SET Version = @version WHERE Id = @id";
    private const string SetDeficiencyVersionSql = "UPDATE Deficiencies SET Version = @version WHERE Id = @id";
    private const string SetObligationVersionSql = "UPDATE Obligations SET Version = @version WHERE Id = @id";
    private const string SetTimelineVersionSql = "UPDATE TimelineItems SET Version = @version WHERE Id = @id";

    public static Task SetVersionAsync(DbConnection connection, DbTransaction transaction, string itemType, long id, int version) =>
        connection.ExecuteAsync(
            itemType switch
            {
                "source" => SetSourceVersionSql,
                "deficiency" => SetDeficiencyVersionSql,
                "obligation" => SetObligationVersionSql,
                "timeline" => SetTimelineVersionSql,
                _ => throw new ArgumentOutOfRangeException(nameof(itemType)),
            },
            new { id, version },
            transaction);

    // PostgreSQL's identity does not see ids given explicitly: it is moved past the highest, as copy-to-postgres does.
    private const string RestartStatusChangeIdsSql = "SELECT setval(pg_get_serial_sequence('statuschanges', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM StatusChanges), false)";
    private const string RestartLedgerIdsSql = "SELECT setval(pg_get_serial_sequence('ledgerentries', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM LedgerEntries), false)";
    private const string RestartFieldEditIdsSql = "SELECT setval(pg_get_serial_sequence('fieldedits', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM FieldEdits), false)";

    /// <summary>After entries were added with their own ids: the next entry made in the app gets the next number.</summary>
    public static async Task RestartIdsAsync(DbConnection connection, DbTransaction transaction)
    {
        if (connection is not NpgsqlConnection)
        {
            return;
        }
        await connection.ExecuteAsync(RestartStatusChangeIdsSql, transaction: transaction);
        await connection.ExecuteAsync(RestartLedgerIdsSql, transaction: transaction);
        await connection.ExecuteAsync(RestartFieldEditIdsSql, transaction: transaction);
    }

    /// <summary>A withdrawal of an entry, for the export and the import.</summary>
    public sealed class WithdrawalRow
    {
        public string EntryType { get; set; } = "";
        public long EntryId { get; set; }
        public string? ItemType { get; set; }
        public long? ItemId { get; set; }
        public string ReasonKind { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset WithdrawnAt { get; set; }
        public string WithdrawnBy { get; set; } = "";
    }

    private const string ListWithdrawalsSql = """
        SELECT EntryType, EntryId, ItemType, ItemId, ReasonKind, Reason, WithdrawnAt, WithdrawnBy FROM Withdrawals ORDER BY Id
        """;

    public static async Task<List<WithdrawalRow>> ListWithdrawalsAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<WithdrawalRow>(ListWithdrawalsSql, transaction: transaction)).AsList();

    private const string ImportWithdrawalSql = """
        INSERT INTO Withdrawals (EntryType, EntryId, ItemType, ItemId, ReasonKind, Reason, WithdrawnAt, WithdrawnBy)
        VALUES (@EntryType, @EntryId, @ItemType, @ItemId, @ReasonKind, @Reason, @WithdrawnAt, @WithdrawnBy)
        """;

    /// <summary>Adds a withdrawal of an imported entry; add them before the current statuses are worked out.</summary>
    public static Task ImportWithdrawalAsync(DbConnection connection, DbTransaction transaction, WithdrawalRow row) =>
        connection.ExecuteAsync(ImportWithdrawalSql, row, transaction);
}
