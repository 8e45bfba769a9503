using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Settlement;

/// <summary>Adds a sourced amount to a term's money ledger, or corrects an earlier one.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class LedgerModel(Database database, ObligationStore obligations, SourceStore sources, CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public LedgerInput Input { get; set; } = new();

    public Obligation Obligation { get; private set; } = new();
    public IReadOnlyList<LedgerEntry> Ledger { get; private set; } = [];
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        Input = new LedgerInput { Version = Obligation.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        if (Input.Entry is not null && LedgerEntry.Entries.All(e => e.Code != Input.Entry))
        {
            ModelState.AddModelError("Input.Entry", "Entry: choose one from the list.");
        }
        var amount = EditChecks.Dollars(ModelState, "Input.Amount", "Amount", Input.Amount);
        var on = EditChecks.PartialDate(ModelState, "Input.On", "Date", Input.On);
        if (on is { } date && date.Start > clock.Today)
        {
            ModelState.AddModelError("Input.On", "Date cannot be in the future.");
        }
        EditChecks.EvidenceConfidence(ModelState, "Input.Confidence", Input.Confidence);
        if (Input.Corrects is { } corrects && Ledger.All(l => l.Id != corrects || !l.Counts))
        {
            ModelState.AddModelError("Input.Corrects", "Corrects: choose an uncorrected entry of this ledger, or none.");
        }
        Input.Source.Validate(ModelState, "Input.Source", clock.Today, required: true, SourceOptions);
        EditChecks.VerifiedNeedsOwnDocument(ModelState, "Input.Confidence", Input.Confidence, null, Input.Source.Chosen(SourceOptions));
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var obligationId = Obligation.Id;
        var conflict = await database.WriteAsync<IReadOnlyList<ChangeSince>?>(async (connection, transaction) =>
        {
            if (!await ObligationStore.TryBumpVersionAsync(connection, transaction, obligationId, Input.Version))
            {
                return [
                    .. await ObligationStore.ListLedgerSinceAsync(connection, transaction, obligationId, Input.Version),
                    .. await StatusChangeStore.ListSinceAsync(connection, transaction, "obligation", obligationId, Input.Version),
                ];
            }
            var sourceId = await Input.Source.ResolveAsync(connection, transaction, now, user);
            await ObligationStore.InsertLedgerEntryAsync(connection, transaction, new LedgerEntry
            {
                ObligationId = obligationId,
                Entry = Input.Entry!,
                AmountUsd = amount!.Value,
                OccurredOn = on!.Value.Start,
                OccurredPrecision = on.Value.PrecisionName,
                SourceId = sourceId,
                Confidence = Input.Confidence!,
                Note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim(),
                RecordedAt = now,
                RecordedBy = user,
                CorrectsId = Input.Corrects,
                ResultingVersion = Input.Version + 1,
            });
            if (sourceId is { } linked)
            {
                await ObligationStore.LinkSourceAsync(connection, transaction, obligationId, linked);
            }
            return null;
        }, cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => (await obligations.FindByCodeAsync(code, cancellationToken))?.Version,
            version => Input.Version = version,
            $"Ledger entry added to {Obligation.Code}.",
            $"/settlement#{Obligation.Code}");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        if (await obligations.FindByCodeAsync(code, cancellationToken) is not { } found)
        {
            return false;
        }
        Obligation = found;
        Ledger = (await obligations.ListLedgerAsync(cancellationToken)).Where(l => l.ObligationId == found.Id).ToList();
        SourceOptions = await sources.ListAsync(cancellationToken);
        return true;
    }
}

/// <summary>The form's fields, declared in the order the form shows them: the error summary lists problems in this order.</summary>
public sealed class LedgerInput
{
    [Required(ErrorMessage = "Entry is required: committed, paid, reported spent, assessed or waived.")]
    public string? Entry { get; set; }

    [Required(ErrorMessage = "Amount is required.")]
    [StringLength(30, ErrorMessage = "Amount must be a whole number of dollars, such as 40,000,000.")]
    public string? Amount { get; set; }

    [Required(ErrorMessage = "Date is required.")]
    [StringLength(10, ErrorMessage = "Date must be written yyyy-MM-dd, yyyy-MM or yyyy.")]
    public string? On { get; set; }

    [Required(ErrorMessage = "Confidence is required.")]
    public string? Confidence { get; set; }

    [StringLength(1000, ErrorMessage = "Note can be at most 1,000 characters.")]
    public string? Note { get; set; }

    public int Version { get; set; }

    public SourceInput Source { get; set; } = new();

    public long? Corrects { get; set; }
}
