using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Settlement;

[Authorize(Policy = Policies.Editor)]
public sealed class StatusModel(Database database, ObligationStore obligations, StatusChangeStore changes, SourceStore sources, CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public ObligationStatusInput Input { get; set; } = new();

    public Obligation Obligation { get; private set; } = new();
    public IReadOnlyList<StatusChange> History { get; private set; } = [];
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);
    public string CurrentStatus => History.FirstOrDefault(h => h.Stands)?.ToStatus ?? "unknown";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        // No effective date and no confidence are filled in: each must be read from the source, not accepted by default.
        Input = new ObligationStatusInput { Version = Obligation.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        if (Input.Status is not null && ObligationStatuses.All.All(t => t.Code != Input.Status))
        {
            ModelState.AddModelError("Input.Status", "New status: choose one from the list.");
        }
        var effective = EditChecks.PastPartialDate(ModelState, "Input.EffectiveOn", "Effective date", Input.EffectiveOn, clock.Today);
        EditChecks.EvidenceConfidence(ModelState, "Input.Confidence", Input.Confidence);
        if (Input.Corrects is { } corrects && History.All(h => h.Id != corrects || !h.Stands))
        {
            ModelState.AddModelError("Input.Corrects", "Corrects: choose an uncorrected entry of this term, or none.");
        }
        Input.Source.Validate(ModelState, "Input.Source", clock.Today, required: true, SourceOptions);
        EditChecks.VerifiedNeedsOwnDocument(ModelState, "Input.Confidence", Input.Confidence, null, Input.Source.Chosen(SourceOptions));
        EditChecks.ConfirmAfterSource(ModelState, "Input.ConfirmAfterSource", Input.ConfirmAfterSource, effective, Input.Source.Chosen(SourceOptions), "the status takes effect");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var obligationId = Obligation.Id;
        var conflict = await database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            [new VersionedItem("obligation", obligationId, Input.Version, [HistoryWriter.Status, HistoryWriter.Ledger])],
            Input.Source, now, user,
            async sourceId => new HistoryRows
            {
                StatusChanges =
                {
                    new StatusChange
                    {
                        SubjectType = "obligation",
                        SubjectId = obligationId,
                        FromStatus = await StatusChangeStore.CurrentStatusAsync(connection, transaction, "obligation", obligationId, null, Input.Corrects) ?? "unknown",
                        ToStatus = Input.Status!,
                        EffectiveOn = effective!.Value.Start,
                        EffectivePrecision = effective.Value.PrecisionName,
                        Reason = Input.Reason!.Trim(),
                        Confidence = Input.Confidence!,
                        CorrectsId = Input.Corrects,
                    },
                },
                LinkSourceTo = { ("obligation", obligationId) },
            }), cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => (await obligations.FindByCodeAsync(code, cancellationToken))?.Version,
            version => Input.Version = version,
            $"Status of {Obligation.Code} recorded.",
            $"/settlement#{Obligation.Code}");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        if (await obligations.FindByCodeAsync(code, cancellationToken) is not { } found)
        {
            return false;
        }
        Obligation = found;
        History = await changes.ListForSubjectAsync("obligation", found.Id, cancellationToken);
        SourceOptions = await sources.ListAsync(cancellationToken);
        return true;
    }
}

public sealed class ObligationStatusInput
{
    [Required(ErrorMessage = "New status is required.")]
    public string? Status { get; set; }

    [Required(ErrorMessage = "Effective date is required.")]
    [StringLength(10, ErrorMessage = "Effective date must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known).")]
    public string? EffectiveOn { get; set; }

    [Required(ErrorMessage = "Reason is required: say what the source shows.")]
    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? Reason { get; set; }

    [Required(ErrorMessage = "Confidence is required.")]
    public string? Confidence { get; set; }

    public SourceInput Source { get; set; } = new();

    /// <summary>Ticked to save a status that takes effect after its source's date (see <see cref="EditChecks.ConfirmAfterSource"/>).</summary>
    public bool ConfirmAfterSource { get; set; }

    public long? Corrects { get; set; }

    public int Version { get; set; }
}
