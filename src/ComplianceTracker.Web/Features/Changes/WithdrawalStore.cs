using System.Data.Common;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// Withdrawals of history entries: recording one, and what it undoes in the same transaction (the current status of
/// the item, a field's value). The entries themselves are never changed.
/// </summary>
public sealed class WithdrawalStore(Database database)
{
    /// <summary>The kinds of entry an editor can withdraw, as they appear in addresses.</summary>
    public static readonly IReadOnlyList<string> EntryTypes = ["status", "ledger", "field-edit", "timeline-item", "source-link"];

    /// <summary>The items whose sources are listed with a link each (deficiency, obligation, timeline).</summary>
    public static readonly IReadOnlyList<string> LinkedItemTypes = ["deficiency", "obligation", "timeline"];

    /// <summary>One entry as the withdraw page shows it: what it said, about which item, and whether it is withdrawn.</summary>
    public sealed class Entry
    {
        public string EntryType { get; set; } = "";
        public long EntryId { get; set; }
        public string ItemType { get; set; } = "";
        public long ItemId { get; set; }
        public string ItemCode { get; set; } = "";
        public string? ItemTitle { get; set; }
        public string? Assessor { get; set; }
        public string? Field { get; set; }
        public string? FromValue { get; set; }
        public string? ToValue { get; set; }
        /// <summary>A ledger entry's amount in cents, as stored; null for any other entry.</summary>
        public long? Amount { get; set; }
        public DateOnly? EffectiveOn { get; set; }
        public string? EffectivePrecision { get; set; }
        public string Reason { get; set; } = "";
        public string? SourceTitle { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string RecordedBy { get; set; } = "";
        public DateTimeOffset? WithdrawnAt { get; set; }

        public PartialDate? Effective => EffectiveOn is { } on && EffectivePrecision is { } precision ? PartialDate.FromStored(on, precision) : null;

        /// <summary>Where the entry is shown in its item's history, relative to the site.</summary>
        public string HistoryLink => (EntryType, ItemType) switch
        {
            ("status", "deficiency") => $"/deficiencies/{ItemCode}#change-{EntryId}",
            ("status", "obligation") or ("ledger", _) => $"/settlement#{ItemCode}",
            ("field-edit", "deficiency") => $"/deficiencies/{ItemCode}#edit-{EntryId}",
            ("field-edit", "source") => $"/sources/{ItemCode}/edit#edit-{EntryId}",
            ("field-edit", "timeline") => $"/timeline/{ItemCode}/edit#edit-{EntryId}",
            ("timeline-item", _) => $"/timeline/{ItemCode}/edit",
            ("source-link", "deficiency") => $"/deficiencies/{ItemCode}#sources",
            ("source-link", "obligation") => $"/settlement#{ItemCode}",
            _ => $"/timeline#{ItemCode}",
        };

        /// <summary>"D-04 · Health plan: Claims corrected, effective 20 November 2026" — the entry in a line.</summary>
        public string Describe() => $"{ItemCode} · {What}";

        /// <summary>What the entry said, without its item: "Health plan: Claims corrected, effective 20 November 2026".</summary>
        public string What => EntryType switch
        {
            "status" => $"{(Assessor is null ? "" : Assessors.Label(Assessor) + ": ")}{StatusLabel(ToValue)}, effective {Effective}",
            "source-link" => $"cites the source \u201C{SourceTitle}\u201D",
            "timeline-item" => $"{(ToValue == "deadline" ? "deadline" : "event")} added to the timeline: {ItemTitle}, dated {Effective}",
            "ledger" => $"ledger: {Settlement.LedgerEntry.Entries.FirstOrDefault(e => e.Code == ToValue)?.Label ?? ToValue} {Format.Usd(Cents.ToUsd(Amount ?? 0))}, {Effective}",
            _ => $"{Field}: \u201C{FromValue ?? "(empty)"}\u201D \u2192 \u201C{ToValue ?? "(empty)"}\u201D",
        };

        private string StatusLabel(string? code) => code is null ? "\u2014" : ItemType switch
        {
            "deficiency" => Assessors.StatusLabel(Assessor ?? "", code),
            "obligation" => ObligationStatuses.Label(code),
            _ => DeadlineStatuses.Label(code),
        };
    }

    private const string FindStatusSql = """
        SELECT 'status' AS EntryType, sc.Id AS EntryId, sc.SubjectType AS ItemType, sc.SubjectId AS ItemId,
               COALESCE(d.Code, o.Code, t.Code) AS ItemCode, COALESCE(d.Title, o.Title, t.Title) AS ItemTitle,
               sc.Assessor, NULL AS Field, sc.FromStatus AS FromValue, sc.ToStatus AS ToValue, CAST(NULL AS BIGINT) AS Amount,
               sc.EffectiveOn, sc.EffectivePrecision, sc.Reason, s.Title AS SourceTitle, sc.RecordedAt, sc.RecordedBy,
               w.WithdrawnAt
        FROM StatusChanges sc
        LEFT JOIN Sources s ON s.Id = sc.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'status' AND w.EntryId = sc.Id
        LEFT JOIN Deficiencies d ON sc.SubjectType = 'deficiency' AND d.Id = sc.SubjectId
        LEFT JOIN Obligations o ON sc.SubjectType = 'obligation' AND o.Id = sc.SubjectId
        LEFT JOIN TimelineItems t ON sc.SubjectType = 'deadline' AND t.Id = sc.SubjectId
        WHERE sc.Id = @id
        """;

    private const string FindLedgerSql = """
        SELECT 'ledger' AS EntryType, le.Id AS EntryId, 'obligation' AS ItemType, le.ObligationId AS ItemId,
               o.Code AS ItemCode, o.Title AS ItemTitle, NULL AS Assessor, NULL AS Field, NULL AS FromValue, le.Entry AS ToValue,
               le.AmountCents AS Amount, le.OccurredOn AS EffectiveOn, le.OccurredPrecision AS EffectivePrecision,
               COALESCE(le.Note, '') AS Reason, s.Title AS SourceTitle, le.RecordedAt, le.RecordedBy, w.WithdrawnAt
        FROM LedgerEntries le
        JOIN Obligations o ON o.Id = le.ObligationId
        LEFT JOIN Sources s ON s.Id = le.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'ledger' AND w.EntryId = le.Id
        WHERE le.Id = @id
        """;

    private const string FindFieldEditSql = """
        SELECT 'field-edit' AS EntryType, e.Id AS EntryId, e.ItemType, e.ItemId,
               COALESCE(d.Code, o.Code, t.Code, src.Key) AS ItemCode, COALESCE(d.Title, o.Title, t.Title, src.Title) AS ItemTitle,
               NULL AS Assessor, e.Field, e.OldValue AS FromValue, e.NewValue AS ToValue, CAST(NULL AS BIGINT) AS Amount,
               CAST(NULL AS TEXT) AS EffectiveOn, NULL AS EffectivePrecision, e.Reason, s.Title AS SourceTitle, e.RecordedAt, e.RecordedBy,
               w.WithdrawnAt
        FROM FieldEdits e
        LEFT JOIN Deficiencies d ON e.ItemType = 'deficiency' AND d.Id = e.ItemId
        LEFT JOIN Obligations o ON e.ItemType = 'obligation' AND o.Id = e.ItemId
        LEFT JOIN TimelineItems t ON e.ItemType = 'timeline' AND t.Id = e.ItemId
        LEFT JOIN Sources src ON e.ItemType = 'source' AND src.Id = e.ItemId
        LEFT JOIN Sources s ON s.Id = e.SourceId
        LEFT JOIN Withdrawals w ON w.EntryType = 'field-edit' AND w.EntryId = e.Id
        WHERE e.Id = @id
        """;

    private const string FindTimelineItemSql = """
        SELECT 'timeline-item' AS EntryType, t.Id AS EntryId, 'timeline' AS ItemType, t.Id AS ItemId, t.Code AS ItemCode, t.Title AS ItemTitle,
               NULL AS Assessor, NULL AS Field, NULL AS FromValue, t.Kind AS ToValue, CAST(NULL AS BIGINT) AS Amount,
               t.OccursOn AS EffectiveOn, t.OccursPrecision AS EffectivePrecision, COALESCE(t.Description, '') AS Reason,
               NULL AS SourceTitle, t.RecordedAt, t.RecordedBy, w.WithdrawnAt
        FROM TimelineItems t
        LEFT JOIN Withdrawals w ON w.EntryType = 'timeline-item' AND w.EntryId = t.Id
        WHERE t.Id = @id
        """;

    // A link between an item and a source, as an entry: present (WithdrawnAt NULL) or absent (no row).
    private const string FindSourceLinkSql = """
        SELECT 'source-link' AS EntryType, s.Id AS EntryId, l.ItemType, l.ItemId, l.ItemCode, l.ItemTitle,
               NULL AS Assessor, NULL AS Field, NULL AS FromValue, NULL AS ToValue, CAST(NULL AS BIGINT) AS Amount,
               CAST(NULL AS TEXT) AS EffectiveOn, NULL AS EffectivePrecision, '' AS Reason, s.Title AS SourceTitle,
               s.AddedAt AS RecordedAt, s.AddedBy AS RecordedBy, CAST(NULL AS TEXT) AS WithdrawnAt
        FROM Sources s
        JOIN (SELECT 'deficiency' AS ItemType, d.Id AS ItemId, d.Code AS ItemCode, d.Title AS ItemTitle, ds.SourceId
              FROM DeficiencySources ds JOIN Deficiencies d ON d.Id = ds.DeficiencyId
              UNION ALL
              SELECT 'obligation', o.Id, o.Code, o.Title, os.SourceId
              FROM ObligationSources os JOIN Obligations o ON o.Id = os.ObligationId
              UNION ALL
              SELECT 'timeline', t.Id, t.Code, t.Title, ts.SourceId
              FROM TimelineItemSources ts JOIN TimelineItems t ON t.Id = ts.TimelineItemId) l ON l.SourceId = s.Id
        WHERE s.Id = @sourceId AND l.ItemType = @itemType AND l.ItemCode = @itemCode
        """;

    /// <summary>An item's link to a source, while it stands; null when there is no such link.</summary>
    public Task<Entry?> FindSourceLinkAsync(string itemType, string itemCode, long sourceId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindSourceLinkAsync(connection, null, itemType, itemCode, sourceId, cancellationToken), cancellationToken);

    public static Task<Entry?> FindSourceLinkAsync(DbConnection connection, DbTransaction? transaction, string itemType, string itemCode, long sourceId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Entry>(new CommandDefinition(FindSourceLinkSql, new { itemType, itemCode, sourceId }, transaction, cancellationToken: cancellationToken));

    /// <summary>A link to a source taken back, as the item's source list shows it.</summary>
    public sealed class WithdrawnLink
    {
        public long ItemId { get; set; }
        public string SourceTitle { get; set; } = "";
        public string SourceUrl { get; set; } = "";
        public string ReasonKind { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset WithdrawnAt { get; set; }
        public string WithdrawnBy { get; set; } = "";

        public Withdrawal Withdrawal => new(WithdrawnAt, WithdrawnBy, ReasonKind, Reason);
    }

    private const string ListWithdrawnLinksSql = """
        SELECT w.ItemId, s.Title AS SourceTitle, s.Url AS SourceUrl, w.ReasonKind, w.Reason, w.WithdrawnAt, w.WithdrawnBy
        FROM Withdrawals w JOIN Sources s ON s.Id = w.EntryId
        WHERE w.EntryType = 'source-link' AND w.ItemType = @itemType
        ORDER BY w.Id
        """;

    /// <summary>Every withdrawn source link of items of one type, by item.</summary>
    public Task<ILookup<long, WithdrawnLink>> ListWithdrawnLinksAsync(string itemType, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListWithdrawnLinksAsync(connection, null, itemType, cancellationToken), cancellationToken);

    public static async Task<ILookup<long, WithdrawnLink>> ListWithdrawnLinksAsync(DbConnection connection, DbTransaction? transaction, string itemType, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<WithdrawnLink>(new CommandDefinition(ListWithdrawnLinksSql, new { itemType }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.ItemId);
    }

    // Entries of the item that still stand and rest on the source: while one does, the link stays (the page cites it).
    private const string CountStandingOnSourceSql = """
        SELECT
          (SELECT COUNT(*) FROM StatusChanges sc
           WHERE sc.SubjectType = @subjectType AND sc.SubjectId = @itemId AND sc.SourceId = @sourceId
             AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'status' AND w.EntryId = sc.Id))
        + (SELECT COUNT(*) FROM LedgerEntries le
           WHERE @itemType = 'obligation' AND le.ObligationId = @itemId AND le.SourceId = @sourceId
             AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'ledger' AND w.EntryId = le.Id))
        + (SELECT COUNT(*) FROM FieldEdits e
           WHERE e.ItemType = @itemType AND e.ItemId = @itemId AND e.SourceId = @sourceId
             AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'field-edit' AND w.EntryId = e.Id))
        """;

    private const string UnlinkDeficiencySql = "DELETE FROM DeficiencySources WHERE DeficiencyId = @itemId AND SourceId = @sourceId";
    private const string UnlinkObligationSql = "DELETE FROM ObligationSources WHERE ObligationId = @itemId AND SourceId = @sourceId";
    private const string UnlinkTimelineSql = "DELETE FROM TimelineItemSources WHERE TimelineItemId = @itemId AND SourceId = @sourceId";

    /// <summary>One entry of a history by its kind and id; null when there is none.</summary>
    public Task<Entry?> FindAsync(string entryType, long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindAsync(connection, null, entryType, id, cancellationToken), cancellationToken);

    public static Task<Entry?> FindAsync(DbConnection connection, DbTransaction? transaction, string entryType, long id, CancellationToken cancellationToken = default)
    {
        var sql = entryType switch
        {
            "status" => FindStatusSql,
            "ledger" => FindLedgerSql,
            "field-edit" => FindFieldEditSql,
            "timeline-item" => FindTimelineItemSql,
            _ => null,
        };
        return sql is null
            ? Task.FromResult<Entry?>(null)
            : connection.QuerySingleOrDefaultAsync<Entry>(new CommandDefinition(sql, new { id }, transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO Withdrawals (EntryType, EntryId, ItemType, ItemId, ReasonKind, Reason, WithdrawnAt, WithdrawnBy)
        VALUES (@EntryType, @EntryId, @ItemType, @ItemId, @ReasonKind, @Reason, @WithdrawnAt, @WithdrawnBy)
        """;

    private const string KeyDeadlineSql = "SELECT COUNT(*) FROM Cases WHERE KeyDeadlineCode = @code";

    private const string CorrectedEntrySql = "SELECT CorrectsId FROM StatusChanges WHERE Id = @id";

    private const string SubjectOfSql = "SELECT SubjectType, SubjectId, Assessor FROM StatusChanges WHERE Id = @id";

    // The latest edit of the same field of the same item that still stands: only that one can be undone by withdrawing it.
    private const string LatestStandingEditSql = """
        SELECT MAX(e.Id) FROM FieldEdits e
        WHERE e.ItemType = @itemType AND e.ItemId = @itemId AND e.Field = @field
          AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'field-edit' AND w.EntryId = e.Id)
        """;

    /// <summary>
    /// Withdraws one entry and undoes what it did, in the caller's transaction. Returns a sentence naming what stops
    /// it (already withdrawn, a later edit of the same field), or null when it was withdrawn.
    /// </summary>
    public static async Task<string?> WithdrawAsync(
        DbConnection connection, DbTransaction transaction, Entry entry, string reasonKind, string reason, DateTimeOffset at, string by)
    {
        if (entry.WithdrawnAt is not null)
        {
            return "This entry has already been withdrawn.";
        }
        if (entry.EntryType == "timeline-item"
            && await connection.ExecuteScalarAsync<long>(KeyDeadlineSql, new { code = entry.ItemCode }, transaction) > 0)
        {
            return "This is the case's key deadline, which the dashboard and every edition lead with: correct its fields instead.";
        }
        if (entry.EntryType == "source-link")
        {
            var subjectType = entry.ItemType == "timeline" ? "deadline" : entry.ItemType;
            var resting = await connection.ExecuteScalarAsync<long>(
                CountStandingOnSourceSql, new { subjectType, itemType = entry.ItemType, itemId = entry.ItemId, sourceId = entry.EntryId }, transaction);
            if (resting > 0)
            {
                return $"{Format.Plural((int)resting, "entry", "entries")} of {entry.ItemCode} still rest on this source: withdraw or correct {(resting == 1 ? "it" : "them")} first.";
            }
            var unlink = entry.ItemType switch
            {
                "deficiency" => UnlinkDeficiencySql,
                "obligation" => UnlinkObligationSql,
                _ => UnlinkTimelineSql,
            };
            await connection.ExecuteAsync(unlink, new { itemId = entry.ItemId, sourceId = entry.EntryId }, transaction);
        }
        if (entry.EntryType == "field-edit")
        {
            var latest = await connection.ExecuteScalarAsync<long?>(
                LatestStandingEditSql, new { itemType = entry.ItemType, itemId = entry.ItemId, field = entry.Field }, transaction);
            if (latest != entry.EntryId)
            {
                return $"A later edit changed {entry.Field} again: withdraw that one first, or edit the field.";
            }
            if (!await FieldReverts.RevertAsync(connection, transaction, entry.ItemType, entry.ItemId, entry.Field!, entry.FromValue))
            {
                return $"{entry.Field} cannot be set back automatically: edit the item to restore it.";
            }
        }
        await connection.ExecuteAsync(InsertSql, new
        {
            entry.EntryType,
            entry.EntryId,
            entry.ItemType,
            entry.ItemId,
            ReasonKind = reasonKind,
            Reason = reason,
            WithdrawnAt = at,
            WithdrawnBy = by,
        }, transaction);
        if (entry.EntryType == "status")
        {
            // The item falls back to what stood before the entry; an entry this one corrected stands again.
            await StatusChangeStore.RefreshCurrentAsync(connection, transaction, entry.ItemType, entry.ItemId, entry.Assessor);
            if (await connection.ExecuteScalarAsync<long?>(CorrectedEntrySql, new { id = entry.EntryId }, transaction) is { } corrected
                && await connection.QuerySingleOrDefaultAsync<(string SubjectType, long SubjectId, string? Assessor)?>(SubjectOfSql, new { id = corrected }, transaction) is { } other)
            {
                await StatusChangeStore.RefreshCurrentAsync(connection, transaction, other.SubjectType, other.SubjectId, other.Assessor);
            }
        }
        return null;
    }

    /// <summary>A withdrawal as the change log and the editions list it: when, by whom, of what.</summary>
    public sealed class Recorded
    {
        public long Id { get; set; }
        public string EntryType { get; set; } = "";
        public long EntryId { get; set; }
        public string ReasonKind { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset WithdrawnAt { get; set; }
        public string WithdrawnBy { get; set; } = "";

        public Withdrawal Withdrawal => new(WithdrawnAt, WithdrawnBy, ReasonKind, Reason);
    }

    private const string ListRecordedBetweenSql = """
        SELECT Id, EntryType, EntryId, ReasonKind, Reason, WithdrawnAt, WithdrawnBy
        FROM Withdrawals
        WHERE WithdrawnAt >= @fromDay AND WithdrawnAt < @toDay
        ORDER BY Id
        """;

    /// <summary>Every withdrawal made after <paramref name="after"/>, up to and including <paramref name="upTo"/>, oldest first.</summary>
    public Task<IReadOnlyList<Recorded>> ListRecordedBetweenAsync(DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecordedBetweenAsync(connection, null, after, upTo, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Recorded>> ListRecordedBetweenAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset after, DateTimeOffset upTo, CancellationToken cancellationToken = default)
    {
        var (fromDay, toDay) = RecordedDays.Around(after, upTo);
        var rows = await connection.QueryAsync<Recorded>(new CommandDefinition(ListRecordedBetweenSql, new { fromDay, toDay }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.Where(w => w.WithdrawnAt > after && w.WithdrawnAt <= upTo).ToList();
    }
}
