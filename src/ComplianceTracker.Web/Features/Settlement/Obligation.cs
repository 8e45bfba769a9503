using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Features.Settlement;

/// <summary>One term of the settlement.</summary>
public sealed class Obligation
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public long? ParentId { get; set; }
    public string Kind { get; set; } = "other";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The amount as stored: whole cents (column AmountCents). Null when no source gives one.</summary>
    public long? AmountCents { get; set; }

    /// <summary>The amount in dollars, exact to the cent.</summary>
    public decimal? AmountUsd
    {
        get => Cents.ToUsd(AmountCents);
        set => AmountCents = Cents.FromUsd(value);
    }

    public DateOnly? DueOn { get; set; }
    public string? DuePrecision { get; set; }
    public string? DueNote { get; set; }

    /// <summary>What the sources say, in words, about where this term stands.</summary>
    public string? StatusNote { get; set; }
    public string Confidence { get; set; } = "";
    public int SortOrder { get; set; }
    public int Version { get; set; }

    public PartialDate? Due => DueOn is { } on && DuePrecision is { } precision ? PartialDate.FromStored(on, precision) : null;

    public static readonly IReadOnlyList<Term> Kinds =
    [
        new("payment", "Payment", "Money the plan must pay."),
        new("investment", "Investment", "Money the plan must spend on improvements."),
        new("restitution", "Restitution", "Money the plan must pay back to the people it is owed to."),
        new("ceiling", "Maximum penalty", "The most the plan may have to pay if a condition is not met: a ceiling, not a sum owed."),
        new("consultant", "Consultant", "An outside consultant the plan must engage."),
        new("corrective-action-plan", "Corrective action", "Corrective action and its work plan."),
        new("reporting", "Reporting", "Reports the plan must give the regulator."),
        new("monitoring", "Monitoring", "Oversight by the regulator or a monitor."),
        new("other", "Other", "Any other term."),
    ];

    public string KindLabel => Kinds.FirstOrDefault(k => k.Code == Kind)?.Label ?? Kind;
}

public sealed class LedgerEntry
{
    public long Id { get; set; }
    public long ObligationId { get; set; }
    public string Entry { get; set; } = "";
    /// <summary>The amount as stored: whole cents (column AmountCents).</summary>
    public long AmountCents { get; set; }

    /// <summary>The amount in dollars, exact to the cent.</summary>
    public decimal AmountUsd
    {
        get => Cents.ToUsd(AmountCents);
        set => AmountCents = Cents.FromUsd(value);
    }

    public DateOnly OccurredOn { get; set; }
    public string OccurredPrecision { get; set; } = "day";
    public long? SourceId { get; set; }
    public string Confidence { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public long? CorrectsId { get; set; }
    public int? ResultingVersion { get; set; }
    public long? CorrectedById { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? SourcePublisher { get; set; }

    /// <summary>Whose own document the source is; null for a secondary report.</summary>
    public string? SourceParty { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
    public string? WithdrawalKind { get; set; }
    public string? WithdrawalReason { get; set; }

    /// <summary>current, corrected or withdrawn.</summary>
    public string State => EntryStates.Of(WithdrawnAt, CorrectedById);

    /// <summary>A corrected or withdrawn entry stays visible but no longer counts.</summary>
    public bool Counts => State == EntryStates.Current;

    public Withdrawal? Withdrawal => WithdrawnAt is { } at ? new Withdrawal(at, WithdrawnBy ?? "", WithdrawalKind ?? "other", WithdrawalReason ?? "") : null;

    public PartialDate Occurred => PartialDate.FromStored(OccurredOn, OccurredPrecision);

    public static readonly IReadOnlyList<Term> Entries =
    [
        new("committed", "Committed", "The amount the settlement commits."),
        new("paid", "Paid", "An amount a source shows was paid."),
        new("reported-spent", "Reported spent", "An amount a source reports as spent."),
        new("assessed", "Assessed", "An amount the regulator assessed."),
        new("waived", "Waived", "An amount the regulator waived."),
    ];

    public string EntryLabel => Entries.FirstOrDefault(e => e.Code == Entry)?.Label ?? Entry;
}

/// <summary>An obligation with what is known of it now, for the settlement page and the dashboard.</summary>
public sealed class ObligationView
{
    public required Obligation Obligation { get; init; }
    public StatusChange? Status { get; init; }
    public IReadOnlyList<LedgerEntry> Ledger { get; init; } = [];
    public IReadOnlyList<Source> Sources { get; init; } = [];
    public IReadOnlyList<WithdrawalStore.WithdrawnLink> WithdrawnLinks { get; init; } = [];
    public IReadOnlyList<ObligationView> Children { get; init; } = [];

    public string StatusCode => Status?.ToStatus ?? "unknown";

    public decimal Sum(string entry) => Cents.Plain(Ledger.Where(l => l.Entry == entry && l.Counts).Sum(l => l.AmountUsd));
}
