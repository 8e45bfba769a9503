using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>One entry of an append-only status history: of a deficiency (per assessor), an obligation or a deadline.</summary>
public sealed class StatusChange
{
    public long Id { get; set; }
    public string SubjectType { get; set; } = "";
    public long SubjectId { get; set; }
    public string? Assessor { get; set; }
    public string? FromStatus { get; set; }
    public string ToStatus { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public string EffectivePrecision { get; set; } = "day";
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public string Reason { get; set; } = "";
    public long? SourceId { get; set; }
    public string Confidence { get; set; } = "reported";
    public long? CorrectsId { get; set; }
    public int? ResultingVersion { get; set; }

    // Filled by joins for display.
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? SourceKey { get; set; }
    public string? SourceParty { get; set; }
    public string? SourceKind { get; set; }
    public string? SubjectCode { get; set; }
    public string? SubjectTitle { get; set; }

    /// <summary>A deficiency's finding: what names it when it has no title.</summary>
    public string? SubjectFinding { get; set; }

    /// <summary>The subject's title, or for a deficiency without one its finding, or that its details are not yet in this record.</summary>
    public string SubjectLabel => Deficiencies.Deficiency.Label(SubjectTitle, SubjectFinding);
    public long? CorrectedById { get; set; }

    // Filled by the join on Withdrawals when the entry has been withdrawn.
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
    public string? WithdrawalKind { get; set; }
    public string? WithdrawalReason { get; set; }

    /// <summary>current, corrected or withdrawn: whether this entry still says where the item stands.</summary>
    public string State => EntryStates.Of(WithdrawnAt, CorrectedById);

    /// <summary>Neither corrected nor withdrawn: the entry still counts.</summary>
    public bool Stands => State == EntryStates.Current;

    /// <summary>The page whose history shows this entry (its anchor is change-{Id}).</summary>
    public string HistoryPath => SubjectType switch
    {
        "deficiency" => $"/deficiencies/{SubjectCode}",
        "obligation" => "/settlement",
        _ => "/timeline",
    };

    /// <summary>Who withdrew the entry, when and why, as the history shows it; null while it stands.</summary>
    public Withdrawal? Withdrawal => WithdrawnAt is { } at ? new Withdrawal(at, WithdrawnBy ?? "", WithdrawalKind ?? "other", WithdrawalReason ?? "") : null;

    /// <summary>Who gives this status, how sure, and what kind of document it rests on.</summary>
    public Provenance Provenance => new(Assessor, Confidence, SourceId is null ? null : new SourceBasis(SourceParty, SourceKind ?? "other"));

    public PartialDate Effective => PartialDate.FromStored(EffectiveOn, EffectivePrecision);

    /// <summary>"Regulator: ", or nothing for a status without an assessor (a term's, a deadline's).</summary>
    public string Who => Assessor is null ? "" : Assessors.Label(Assessor) + ": ";

    /// <summary>"Regulator: Found → Not corrected": who moved the status from what to what, as every list says it.</summary>
    public string Movement => Who + (FromStatus is null ? "" : StatusLabel(FromStatus) + " → ") + StatusLabel(ToStatus);

    public string StatusLabel(string? code) => code is null
        ? "—"
        : SubjectType switch
        {
            "deficiency" => Assessors.StatusLabel(Assessor ?? "", code),
            "obligation" => ObligationStatuses.Label(code),
            _ => DeadlineStatuses.Label(code),
        };
}
