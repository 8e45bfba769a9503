using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>One field of one item changed by an editor: what it was, what it became, who, when, why and on what source.</summary>
public sealed class FieldEdit
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
    public long? SourceId { get; set; }
    public int? ResultingVersion { get; set; }

    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
    public string? WithdrawalKind { get; set; }
    public string? WithdrawalReason { get; set; }

    /// <summary>current or withdrawn (an edit is replaced by a later edit, never corrected).</summary>
    public string State => EntryStates.Of(WithdrawnAt, null);

    /// <summary>What the field was, in the words the item's page uses.</summary>
    public string? OldShown => Shown(Field, ItemType, OldValue);

    /// <summary>What the field became, in the words the item's page uses.</summary>
    public string? NewShown => Shown(Field, ItemType, NewValue);

    /// <summary>
    /// An edited field's value as a reader sees it on the item: a date as a date ("August 2024", not "2024-08"), a
    /// confidence, a deadline's status or type and a kind by their labels, never the stored code.
    /// </summary>
    public static string? Shown(string? field, string itemType, string? value) => value is null ? null : field switch
    {
        "Date" or "Other date" or Deficiencies.DetailsInput.WithdrawnField when PartialDate.TryParse(value, out var date) => date.ToString(),
        "Confidence" => Confidence.Label(value),
        "Status" when itemType == "timeline" => DeadlineStatuses.Label(value),
        "Deadline type" => DeadlineTypes.Label(value),
        "Kind" when itemType == "source" => Sources.Source.Kinds.FirstOrDefault(k => k.Code == value)?.Label ?? value,
        "Kind" => value switch { "event" => "Event", "deadline" => "Deadline", _ => value },
        _ => value,
    };

    public Withdrawal? Withdrawal => WithdrawnAt is { } at ? new Withdrawal(at, WithdrawnBy ?? "", WithdrawalKind ?? "other", WithdrawalReason ?? "") : null;
}

/// <summary>What a refused save is told: the entries others recorded after the version the form was read at.</summary>
public sealed record ChangeSince(DateTimeOffset RecordedAt, string RecordedBy, string Description);
