using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>One public change of the record, whatever its kind, for the change log, its feed and the API.</summary>
public sealed class ChangeLogEntry
{
    public string Kind { get; set; } = "";
    public long RowId { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public DateOnly? EffectiveOn { get; set; }
    public string? EffectivePrecision { get; set; }
    public string ItemType { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public string? ItemTitle { get; set; }
    public string? Assessor { get; set; }
    public string? Field { get; set; }
    public string? FromValue { get; set; }
    public string? ToValue { get; set; }
    public string? Reason { get; set; }
    /// <summary>A number whose meaning is the kind's: a ledger entry's amount in cents, an extension's days, an edition's PDF bytes.</summary>
    public long? Amount { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? Confidence { get; set; }
    public string? SourceParty { get; set; }
    public string? SourceKind { get; set; }
    public bool HasSource { get; set; }
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>current, corrected or withdrawn: whether this entry still says where its item stands.</summary>
    public string State { get; set; } = EntryStates.Current;

    /// <summary>The standing entry that corrects this one, when it is corrected.</summary>
    public long? ReplacedById { get; set; }

    /// <summary>Said in the row of an entry that no longer counts; null for a current one.</summary>
    public string? StateNote => State switch
    {
        EntryStates.Withdrawn => "Withdrawn since; no longer counts.",
        EntryStates.Corrected => "Corrected by a later entry; no longer counts.",
        _ => null,
    };

    /// <summary>For a withdrawal: the kind of entry withdrawn (status, ledger, field-edit) and its id.</summary>
    public string? WithdrawnEntryType => Kind == "withdrawal" ? Field : null;

    /// <summary>Where this entry, or the entry a withdrawal took back, sits in its item's history.</summary>
    public string EntryLink => (Kind == "withdrawal" ? Field : TableOf(Kind)) switch
    {
        "status" when ItemType == "deficiency" => $"/deficiencies/{ItemCode}#change-{(Kind == "withdrawal" ? FromValue : RowId.ToString(System.Globalization.CultureInfo.InvariantCulture))}",
        "status" or "ledger" when ItemType is "obligation" or "ledger" => "/settlement#" + (Kind == "withdrawal" ? (Field == "ledger" ? "ledger-" : "change-") + FromValue : ItemCode),
        _ => Link,
    };

    /// <summary>Where the entry that replaced this one is, for a corrected entry.</summary>
    public string? ReplacedByLink => ReplacedById is not { } by ? null : ItemType switch
    {
        "deficiency" => $"/deficiencies/{ItemCode}#change-{by}",
        "ledger" => $"/settlement#ledger-{by}",
        "obligation" => $"/settlement#change-{by}",
        _ => Link,
    };

    /// <summary>For status entries: who gives the status, how sure, and what it rests on.</summary>
    public Provenance? Provenance => Kind is "assessment" or "obligation-status" || (Kind == "correction" && ItemType != "ledger")
        ? new Provenance(Assessor, Confidence ?? Shared.Confidence.Reported, HasSource ? new SourceBasis(SourceParty, SourceKind ?? "other") : null)
        : null;

    /// <summary>Who recorded it, in words: "by Ana Ruiz", "from the case files", or how an edition was asked for.</summary>
    public string ByLabel => Kind == "edition" ? Reports.Edition.DescribeTrigger(By) : Format.RecordedBy(By);

    public static readonly IReadOnlyList<Term> Kinds =
    [
        new("assessment", "Assessment", "A new status given to a deficiency by one of the case's assessors."),
        new("obligation-status", "Settlement status", "A new status of a settlement term."),
        new("correction", "Correction", "An entry that mends an earlier one, which stays visible as corrected."),
        new("detail-edit", "Detail edit", "A field of an item filled in or changed."),
        new("ledger", "Money ledger", "A sourced amount committed, paid, spent, assessed or waived."),
        new("new-event", "New event", "An event added to the timeline."),
        new("new-deadline", "New deadline", "A deadline added to the timeline."),
        new("edition", "Report edition", "A new PDF status report published."),
        new("withdrawal", "Withdrawal", "An entry made in error taken back; it stays visible, struck through, and no longer counts."),
        new("records-request", "Records request", "A public records request sent to an agency, and what became of it: acknowledged, extended, answered, withdrawn."),
    ];

    public string KindLabel => Kinds.FirstOrDefault(k => k.Code == Kind)?.Label ?? Kind;

    public PartialDate? Effective =>
        EffectiveOn is { } on && EffectivePrecision is { } precision ? PartialDate.FromStored(on, precision) : null;

    /// <summary>Stable for ever: the same change always has the same id, in the feed and the API.</summary>
    public string StableId => $"{(Kind is "ledger" or "correction" && ItemType == "ledger" ? "ledger" : TableOf(Kind))}-{RowId}";

    private static string TableOf(string kind) => kind switch
    {
        "assessment" or "obligation-status" or "correction" => "status",
        "detail-edit" => "edit",
        "withdrawal" => "withdrawal",
        "records-request" => "request-entry",
        "ledger" => "ledger",
        "edition" => "edition",
        _ => "item",
    };

    /// <summary>The item's public address, relative to the site.</summary>
    public string Link => ItemType switch
    {
        "deficiency" => $"/deficiencies/{ItemCode}",
        "obligation" or "ledger" => $"/settlement#{ItemCode}",
        "source" => $"/sources#{ItemCode}",
        "edition" => $"/reports/{ItemCode}.pdf",
        "records-request" => Requests.RecordsRequest.PathOf(long.Parse(ItemCode.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture)) + $"#entry-{RowId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        _ => $"/timeline#{ItemCode}",
    };

    public string ItemLabel => ItemType == "edition" ? $"Edition {ItemCode}" : $"{ItemCode} {ItemTitle ?? "(details not yet in this record)"}";

    /// <summary>One sentence saying what changed.</summary>
    public string Summary => Kind switch
    {
        "assessment" or "obligation-status" or "correction" when ItemType is "deficiency" or "obligation" =>
            $"{(Kind == "correction" ? "Correction: " : "")}{(Assessor is null ? "" : Assessors.Label(Assessor) + ": ")}{Status(FromValue)}{Status(ToValue, final: true)}"
            + (Effective is { } e ? $", effective {e}" : ""),
        "detail-edit" => $"{Field}: {Quote(FieldEdit.Shown(Field, ItemType, FromValue))} → {Quote(FieldEdit.Shown(Field, ItemType, ToValue))}",
        "ledger" or "correction" => $"{(Kind == "correction" ? "Correction: " : "")}{LedgerEntry.Entries.FirstOrDefault(l => l.Code == ToValue)?.Label ?? ToValue} {Format.Usd(Cents.ToUsd(Amount ?? 0))}"
            + (Effective is { } on ? $" ({on})" : ""),
        "new-event" or "new-deadline" => $"Added to the timeline{(Effective is { } d ? $", dated {d}" : "")}",
        "edition" => $"Edition {ItemCode} published{(Effective is { } asOf ? $", as of {asOf}" : "")}",
        // Field holds the agency's name, ToValue the entry's kind, Amount the days an extension adds and FromValue their kind.
        "records-request" => Requests.RequestsText.FeedSummary(ToValue ?? "", Field ?? "", (int?)Amount, FromValue, EffectiveOn),
        "withdrawal" => $"Withdrew {Field switch { "status" => "a status entry", "ledger" => "a ledger entry", "timeline-item" => "an item added to the timeline", _ => "an edit" }} ({Withdrawal.KindLabel(ToValue ?? "other").ToLowerInvariant()}); it no longer counts",
        _ => Kind,
    };

    private string Status(string? code, bool final = false)
    {
        if (code is null)
        {
            return "";
        }
        var label = ItemType == "deficiency" ? Assessors.StatusLabel(Assessor ?? "", code) : ObligationStatuses.Label(code);
        return final ? label : label + " → ";
    }

    private static string Quote(string? value) => value is null ? "(none on record)" : $"\u201C{(value.Length > 120 ? value[..117] + "…" : value)}\u201D";
}
