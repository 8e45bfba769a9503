using System.Data.Common;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// An item a save claims the next version of: its type as history names it (deficiency, obligation, timeline,
/// source), the version the form was read at, and the histories that say what changed since (status, field-edit,
/// ledger), in the order a refused save lists them.
/// </summary>
public sealed record VersionedItem(string ItemType, long Id, int Version, IReadOnlyList<string> ShownOnConflict);

/// <summary>
/// What one save puts on record, as the page words it. <see cref="HistoryWriter"/> stamps each row with when, by whom,
/// on which source and at which version of its item, so no page states those twice.
/// </summary>
public sealed class HistoryRows
{
    public List<LedgerEntry> LedgerEntries { get; } = [];
    public List<StatusChange> StatusChanges { get; } = [];
    public List<FieldEdit> FieldEdits { get; } = [];

    /// <summary>The items whose own source list gains the save's source (deficiency, obligation or timeline).</summary>
    public List<(string ItemType, long Id)> LinkSourceTo { get; } = [];
}

/// <summary>
/// The one shape of a versioned save, run inside <see cref="Infrastructure.Database.WriteAsync{T}"/>: claim the next
/// version of every item the save touches, or say what others saved since; resolve the source picked or typed; let the
/// page change the items; write the history rows; link the source.
/// </summary>
public static class HistoryWriter
{
    /// <summary>Entry kinds, as <see cref="WithdrawalStore.EntryTypes"/> names them.</summary>
    public const string Status = "status";
    public const string FieldEdit = "field-edit";
    public const string Ledger = "ledger";

    /// <returns>Null when saved; otherwise what changed since the form was read (nothing was written).</returns>
    /// <param name="connection">The write's connection.</param>
    /// <param name="transaction">The write's transaction.</param>
    /// <param name="items">The items whose versions the save claims; none when it adds an item.</param>
    /// <param name="source">The source picked or typed, or null for a save that cites none.</param>
    /// <param name="now">When the save is recorded.</param>
    /// <param name="user">Who saves it, as the record shows them.</param>
    /// <param name="write">Changes the items themselves, given the source's id, and returns the history rows.</param>
    public static async Task<IReadOnlyList<ChangeSince>?> SaveAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<VersionedItem> items,
        SourceInput? source,
        DateTimeOffset now,
        string user,
        Func<long?, Task<HistoryRows>> write)
    {
        // Every version is checked before anything is written: the transaction commits whatever the save returns with.
        foreach (var item in items)
        {
            if (await VersionAsync(connection, transaction, item) != item.Version)
            {
                return await ChangedSinceAsync(connection, transaction, item);
            }
        }
        foreach (var item in items)
        {
            // Writes are serialised (Database.WriteAsync), so the versions read above still stand.
            await TryBumpVersionAsync(connection, transaction, item);
        }
        var sourceId = source is null ? null : await source.ResolveAsync(connection, transaction, now, user);
        var rows = await write(sourceId);

        int? ResultingVersion(string itemType, long id, int? given) =>
            items.FirstOrDefault(i => i.ItemType == itemType && i.Id == id) is { } item ? item.Version + 1 : given;

        foreach (var entry in rows.LedgerEntries)
        {
            entry.RecordedAt = now;
            entry.RecordedBy = user;
            entry.SourceId = sourceId;
            entry.ResultingVersion = ResultingVersion("obligation", entry.ObligationId, entry.ResultingVersion);
            await ObligationStore.InsertLedgerEntryAsync(connection, transaction, entry);
        }
        foreach (var change in rows.StatusChanges)
        {
            change.RecordedAt = now;
            change.RecordedBy = user;
            change.SourceId = sourceId;
            change.ResultingVersion = ResultingVersion(change.SubjectType == "deadline" ? "timeline" : change.SubjectType, change.SubjectId, change.ResultingVersion);
            await StatusChangeStore.InsertAsync(connection, transaction, change);
        }
        foreach (var edit in rows.FieldEdits)
        {
            edit.RecordedAt = now;
            edit.RecordedBy = user;
            edit.SourceId = sourceId;
            edit.ResultingVersion = ResultingVersion(edit.ItemType, edit.ItemId, edit.ResultingVersion);
            await FieldEditStore.InsertAsync(connection, transaction, edit);
        }
        if (sourceId is { } cited)
        {
            foreach (var (itemType, id) in rows.LinkSourceTo)
            {
                await LinkSourceAsync(connection, transaction, itemType, id, cited);
            }
        }
        return null;
    }

    private static Task<int> VersionAsync(DbConnection connection, DbTransaction transaction, VersionedItem item) => item.ItemType switch
    {
        "deficiency" => DeficiencyStore.VersionAsync(connection, transaction, item.Id),
        "obligation" => ObligationStore.VersionAsync(connection, transaction, item.Id),
        "timeline" => TimelineStore.VersionAsync(connection, transaction, item.Id),
        "source" => SourceStore.VersionAsync(connection, transaction, item.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.ItemType, "Not an item with a version."),
    };

    private static Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, VersionedItem item) => item.ItemType switch
    {
        "deficiency" => DeficiencyStore.TryBumpVersionAsync(connection, transaction, item.Id, item.Version),
        "obligation" => ObligationStore.TryBumpVersionAsync(connection, transaction, item.Id, item.Version),
        "timeline" => TimelineStore.TryBumpVersionAsync(connection, transaction, item.Id, item.Version),
        "source" => SourceStore.TryBumpVersionAsync(connection, transaction, item.Id, item.Version),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.ItemType, "Not an item with a version."),
    };

    private static async Task<IReadOnlyList<ChangeSince>> ChangedSinceAsync(DbConnection connection, DbTransaction transaction, VersionedItem item)
    {
        var changes = new List<ChangeSince>();
        foreach (var kind in item.ShownOnConflict)
        {
            changes.AddRange(kind switch
            {
                // Status entries of a timeline item are a deadline's.
                Status => await StatusChangeStore.ListSinceAsync(connection, transaction, item.ItemType == "timeline" ? "deadline" : item.ItemType, item.Id, item.Version),
                FieldEdit => await FieldEditStore.ListSinceAsync(connection, transaction, item.ItemType, item.Id, item.Version),
                Ledger => await ObligationStore.ListLedgerSinceAsync(connection, transaction, item.Id, item.Version),
                _ => throw new ArgumentOutOfRangeException(nameof(item), kind, "Not a history."),
            });
        }
        return changes;
    }

    private static Task LinkSourceAsync(DbConnection connection, DbTransaction transaction, string itemType, long id, long sourceId) => itemType switch
    {
        "deficiency" => DeficiencyStore.LinkSourceAsync(connection, transaction, id, sourceId),
        "obligation" => ObligationStore.LinkSourceAsync(connection, transaction, id, sourceId),
        "timeline" => TimelineStore.LinkSourceAsync(connection, transaction, id, sourceId),
        _ => throw new ArgumentOutOfRangeException(nameof(itemType), itemType, "Not an item with a list of sources."),
    };
}
