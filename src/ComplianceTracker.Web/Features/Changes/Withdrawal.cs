using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// An entry taken back without asserting a new fact: who withdrew it, when, and why. The entry stays in its item's
/// history, struck through; it stops counting everywhere, and the item falls back to what stood before it.
/// </summary>
public sealed record Withdrawal(DateTimeOffset At, string By, string Kind, string Reason)
{
    public static readonly IReadOnlyList<Term> Kinds =
    [
        new("entered-in-error", "Entered in error", "The entry should never have been made: a typing mistake, the wrong item, a misread document."),
        new("source-retracted", "Source retracted", "The document the entry rests on was withdrawn or corrected by its publisher."),
        new("other", "Other", "Say why in the reason."),
    ];

    public static string KindLabel(string kind) => Kinds.FirstOrDefault(k => k.Code == kind)?.Label ?? "Withdrawn";

    /// <summary>"Entered in error: the amount was the fine, not a payment", or the kind alone.</summary>
    public string Why => string.IsNullOrWhiteSpace(Reason) ? KindLabel(Kind) : $"{KindLabel(Kind)}: {Reason}";
}

/// <summary>Whether an entry of a history still says where its item stands.</summary>
public static class EntryStates
{
    public const string Current = "current";
    public const string Corrected = "corrected";
    public const string Withdrawn = "withdrawn";

    /// <summary>Withdrawn wins: a withdrawn entry that was also corrected was taken back, not replaced.</summary>
    public static string Of(DateTimeOffset? withdrawnAt, long? correctedById) =>
        withdrawnAt is not null ? Withdrawn : correctedById is not null ? Corrected : Current;

    public static string Label(string state) => state switch
    {
        Withdrawn => "Withdrawn",
        Corrected => "Corrected",
        _ => "Current",
    };
}

/// <summary>
/// What a history row says of its own standing: corrected (and by which entry), withdrawn (by whom, when, why), or
/// current, when an editor may withdraw it. <paramref name="ReplacedBy"/> is the address of the correcting entry.
/// </summary>
public sealed record EntryMark(string EntryType, long Id, string State, string? ReplacedBy, Withdrawal? Withdrawal, string? EntryLink = null)
{
    /// <summary>In a list of entries (not the item's own history): links go to the item's history, and no withdraw link.</summary>
    public bool InList => EntryLink is not null;

    public static EntryMark Of(StatusChange c, string anchorPrefix = "#change-") =>
        new("status", c.Id, c.State, c.CorrectedById is { } by ? anchorPrefix + by : null, c.Withdrawal);

    /// <summary>A status entry in a list (dashboard, change log): its links lead to the item's history.</summary>
    public static EntryMark InListOf(StatusChange c) =>
        new("status", c.Id, c.State, c.CorrectedById is { } by ? $"{c.HistoryPath}#change-{by}" : null, c.Withdrawal, $"{c.HistoryPath}#change-{c.Id}");

    public static EntryMark Of(Settlement.LedgerEntry l) =>
        new("ledger", l.Id, l.State, l.CorrectedById is { } by ? "#ledger-" + by : null, l.Withdrawal);

    public static EntryMark Of(FieldEdit e) => new("field-edit", e.Id, e.State, null, e.Withdrawal);

    /// <summary>"superseded withdrawn" / "superseded corrected" / null: the row's class, so a stale row never looks current.</summary>
    public string? RowClass => State == EntryStates.Current ? null : $"superseded {State}";
}
