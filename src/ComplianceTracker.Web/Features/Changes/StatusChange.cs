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

    /// <summary>The subject's title, or for a deficiency without one its finding, or that its details are not public.</summary>
    public string SubjectLabel => Deficiencies.Deficiency.Label(SubjectTitle, SubjectFinding);
    public long? CorrectedById { get; set; }

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
