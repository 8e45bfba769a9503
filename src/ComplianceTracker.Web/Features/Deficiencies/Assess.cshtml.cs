using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Deficiencies;

[Authorize(Policy = Policies.Editor)]
public sealed class AssessModel(
    Database database,
    DeficiencyStore deficiencies,
    StatusChangeStore changes,
    SourceStore sources,
    Cases.CaseStore cases,
    CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public AssessInput Input { get; set; } = new();

    public Deficiency Deficiency { get; private set; } = new();
    public IReadOnlyList<StatusChange> History { get; private set; } = [];
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];

    /// <summary>The case's assessors: only they can be chosen.</summary>
    public IReadOnlyList<string> AssessorRoles { get; private set; } = [];
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        // No effective date and no confidence are filled in: each must be read from the source, not accepted by default.
        Input = new AssessInput { Version = Deficiency.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        var (assessor, status) = Input.Parse();
        // An empty choice already has its "required" message; only a value that is not in the list gets this one.
        if (!string.IsNullOrEmpty(Input.Assessment) && (assessor is null || status is null || !AssessorRoles.Contains(assessor)))
        {
            ModelState.AddModelError("Input.Assessment", "New status: choose one from the list.");
        }
        var effective = EditChecks.PastPartialDate(ModelState, "Input.EffectiveOn", "Effective date", Input.EffectiveOn, clock.Today);
        EditChecks.EvidenceConfidence(ModelState, "Input.Confidence", Input.Confidence);
        if (Input.Corrects is { } corrects && History.All(h => h.Id != corrects || !h.Stands || h.Assessor != assessor))
        {
            ModelState.AddModelError("Input.Corrects", "Corrects: choose an uncorrected entry of the same assessor on this deficiency, or none.");
        }
        Input.Source.Validate(ModelState, "Input.Source", clock.Today, required: true, SourceOptions);
        EditChecks.VerifiedNeedsOwnDocument(ModelState, "Input.Confidence", Input.Confidence, assessor, Input.Source.Chosen(SourceOptions));
        EditChecks.ConfirmAfterSource(ModelState, "Input.ConfirmAfterSource", Input.ConfirmAfterSource, effective, Input.Source.Chosen(SourceOptions), "the status takes effect");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var deficiencyId = Deficiency.Id;
        var conflict = await database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            [new VersionedItem("deficiency", deficiencyId, Input.Version, [HistoryWriter.Status])],
            Input.Source, now, user,
            async sourceId => new HistoryRows
            {
                StatusChanges =
                {
                    new StatusChange
                    {
                        SubjectType = "deficiency",
                        SubjectId = deficiencyId,
                        Assessor = assessor,
                        FromStatus = await StatusChangeStore.CurrentStatusAsync(connection, transaction, "deficiency", deficiencyId, assessor, Input.Corrects),
                        ToStatus = status!,
                        EffectiveOn = effective!.Value.Start,
                        EffectivePrecision = effective.Value.PrecisionName,
                        Reason = Input.Reason!.Trim(),
                        Confidence = Input.Confidence!,
                        CorrectsId = Input.Corrects,
                    },
                },
            }), cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => (await deficiencies.FindByCodeAsync(code, cancellationToken))?.Version,
            version => Input.Version = version,
            "Assessment recorded.",
            $"/deficiencies/{Deficiency.Code}");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        if (await deficiencies.FindByCodeAsync(code, cancellationToken) is not { } found)
        {
            return false;
        }
        Deficiency = found;
        History = await changes.ListForSubjectAsync("deficiency", found.Id, cancellationToken);
        SourceOptions = await sources.ListAsync(cancellationToken);
        AssessorRoles = (await cases.GetAsync(cancellationToken))?.AssessorRoles ?? [Assessors.Regulator];
        return true;
    }
}

/// <summary>The form's fields, declared in the order the form shows them: the error summary lists problems in this order.</summary>
public sealed class AssessInput
{
    /// <summary>"assessor:status", so one list carries both and the pair is always consistent.</summary>
    [Required(ErrorMessage = "New status is required: choose who assesses and what they found.")]
    [Display(Name = "New status")]
    public string? Assessment { get; set; }

    [Required(ErrorMessage = "Effective date is required.")]
    [Display(Name = "Effective date")]
    [StringLength(10, ErrorMessage = "Effective date must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known).")]
    public string? EffectiveOn { get; set; }

    [Required(ErrorMessage = "Reason is required: say what the source shows.")]
    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? Reason { get; set; }

    [Required(ErrorMessage = "Confidence is required.")]
    public string? Confidence { get; set; }

    public int Version { get; set; }

    public SourceInput Source { get; set; } = new();

    /// <summary>Ticked to save a status that takes effect after its source's date (see <see cref="EditChecks.ConfirmAfterSource"/>).</summary>
    public bool ConfirmAfterSource { get; set; }

    [Display(Name = "Corrects")]
    public long? Corrects { get; set; }

    public (string? Assessor, string? Status) Parse()
    {
        var parts = (Assessment ?? "").Split(':', 2);
        return parts.Length == 2 && Assessors.Status(parts[0], parts[1]) is not null ? (parts[0], parts[1]) : (null, null);
    }
}
