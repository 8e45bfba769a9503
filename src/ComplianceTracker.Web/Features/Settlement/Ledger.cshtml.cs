using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Settlement;

/// <summary>
/// Adds a sourced amount to a term's money ledger, or corrects an earlier one; in the same save, and on the same source,
/// date and confidence, it can also record the term's status and the outcome of the term's deadlines, so that the money,
/// the status and the deadline tell one story.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class LedgerModel(Database database, ObligationStore obligations, SourceStore sources, TimelineStore timeline, StatusChangeStore changes, CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public LedgerInput Input { get; set; } = new();

    public Obligation Obligation { get; private set; } = new();
    public IReadOnlyList<LedgerEntry> Ledger { get; private set; } = [];
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);

    /// <summary>The term's deadlines on the timeline, whose outcome the form offers to record.</summary>
    public IReadOnlyList<TimelineItem> Deadlines { get; private set; } = [];

    /// <summary>The term's current status: the form says what it would replace.</summary>
    public string CurrentStatus { get; private set; } = "unknown";

    /// <summary>The statuses a ledger entry can bear out, offered beside it; none is chosen for the editor.</summary>
    public static readonly IReadOnlyList<string> OfferedStatuses = ["met", "partly-met"];

    /// <summary>The deadline outcomes offered beside a ledger entry.</summary>
    public static readonly IReadOnlyList<string> OfferedOutcomes = ["met", "missed"];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        Input = new LedgerInput
        {
            Version = Obligation.Version,
            Deadlines = Deadlines.Select(d => new DeadlineOutcomeInput { Code = d.Code, Version = d.Version }).ToList(),
        };
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
        if (amount == 0)
        {
            // "$0 paid" would read as a sourced fact that nothing was paid; a wrong entry is withdrawn, never zeroed.
            ModelState.AddModelError("Input.Amount", "Amount must be more than $0: a ledger entry records money a source reports. To take back an entry made in error, withdraw it from the term's ledger.");
            amount = null;
        }
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
        var status = string.IsNullOrEmpty(Input.Status) ? null : Input.Status;
        if (status is not null && !OfferedStatuses.Contains(status))
        {
            ModelState.AddModelError("Input.Status", "Status of the term: choose met, partly met, or leave the status as it is.");
        }
        var outcomes = new List<(TimelineItem Deadline, int Version, string Outcome)>();
        for (var i = 0; i < Input.Deadlines.Count; i++)
        {
            var posted = Input.Deadlines[i];
            if (string.IsNullOrEmpty(posted.Outcome))
            {
                continue;
            }
            if (Deadlines.FirstOrDefault(d => d.Code == posted.Code) is not { } deadline)
            {
                ModelState.AddModelError($"Input.Deadlines[{i}].Outcome", "Deadline outcome: that deadline does not belong to this term.");
            }
            else if (!OfferedOutcomes.Contains(posted.Outcome))
            {
                ModelState.AddModelError($"Input.Deadlines[{i}].Outcome", $"Outcome of “{deadline.Title}”: choose met, missed, or leave it as it is.");
            }
            else
            {
                outcomes.Add((deadline, posted.Version, posted.Outcome));
            }
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var obligationId = Obligation.Id;
        // The deadlines' versions are checked first, then the term's: a refused save lists the first that moved on.
        var conflict = await database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            [
                .. outcomes.Select(o => new VersionedItem("timeline", o.Deadline.Id, o.Version, [HistoryWriter.FieldEdit])),
                new VersionedItem("obligation", obligationId, Input.Version, [HistoryWriter.Ledger, HistoryWriter.Status]),
            ],
            Input.Source, now, user,
            async sourceId =>
            {
                var rows = new HistoryRows();
                rows.LedgerEntries.Add(new LedgerEntry
                {
                    ObligationId = obligationId,
                    Entry = Input.Entry!,
                    AmountUsd = amount!.Value,
                    OccurredOn = on!.Value.Start,
                    OccurredPrecision = on.Value.PrecisionName,
                    Confidence = Input.Confidence!,
                    Note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim(),
                    CorrectsId = Input.Corrects,
                });
                // What the same source shows of the term's status and of its deadlines, in the same transaction: all or nothing.
                var reason = string.IsNullOrWhiteSpace(Input.AlsoReason)
                    ? $"Recorded with the money ledger entry “{LedgerEntry.Entries.First(e => e.Code == Input.Entry).Label} {Format.Usd(amount!.Value)}, {on!.Value}”, on its source."
                    : Input.AlsoReason.Trim();
                if (status is not null)
                {
                    rows.StatusChanges.Add(new StatusChange
                    {
                        SubjectType = "obligation",
                        SubjectId = obligationId,
                        FromStatus = await StatusChangeStore.CurrentStatusAsync(connection, transaction, "obligation", obligationId, null, null) ?? "unknown",
                        ToStatus = status,
                        EffectiveOn = on!.Value.Start,
                        EffectivePrecision = on.Value.PrecisionName,
                        Reason = reason,
                        Confidence = Input.Confidence!,
                    });
                }
                foreach (var (deadline, _, outcome) in outcomes.Where(o => o.Deadline.Status != o.Outcome))
                {
                    await TimelineStore.UpdateStatusAsync(connection, transaction, deadline.Id, outcome);
                    rows.FieldEdits.Add(new FieldEdit
                    {
                        ItemType = "timeline",
                        ItemId = deadline.Id,
                        Field = "Status",
                        OldValue = deadline.Status,
                        NewValue = outcome,
                        Reason = reason,
                    });
                    rows.LinkSourceTo.Add(("timeline", deadline.Id));
                }
                rows.LinkSourceTo.Add(("obligation", obligationId));
                return rows;
            }), cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => (await obligations.FindByCodeAsync(code, cancellationToken))?.Version,
            version =>
            {
                Input.Version = version;
                // The deadlines were read again for this answer: the form now carries their versions as they stand.
                for (var i = 0; i < Input.Deadlines.Count; i++)
                {
                    ModelState.Remove($"Input.Deadlines[{i}].Version");
                    if (Deadlines.FirstOrDefault(d => d.Code == Input.Deadlines[i].Code) is { } current)
                    {
                        Input.Deadlines[i].Version = current.Version;
                    }
                }
            },
            SavedMessage(status, outcomes.Count),
            $"/settlement#{Obligation.Code}");
    }

    private string SavedMessage(string? status, int outcomes)
    {
        var also = new List<string>();
        if (status is not null)
        {
            also.Add($"its status ({ObligationStatuses.Label(status)})");
        }
        if (outcomes > 0)
        {
            also.Add(outcomes == 1 ? "its deadline's outcome" : "its deadlines' outcomes");
        }
        return also.Count == 0 ? $"Ledger entry added to {Obligation.Code}." : $"Ledger entry added to {Obligation.Code}, with {Format.List(also)}.";
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
        Deadlines = (await timeline.ListAsync(cancellationToken))
            .Where(t => t.IsDeadline && t.ObligationId == found.Id && t.DeadlineType != DeadlineTypes.TakesEffect)
            .ToList();
        CurrentStatus = (await changes.ListForSubjectAsync("obligation", found.Id, cancellationToken)).FirstOrDefault(c => c.Stands)?.ToStatus ?? "unknown";
        return true;
    }
}

/// <summary>The form's fields, declared in the order the form shows them: the error summary lists problems in this order.</summary>
public sealed class LedgerInput
{
    [Required(ErrorMessage = "Entry is required: committed, paid, reported spent, assessed or waived.")]
    public string? Entry { get; set; }

    [Required(ErrorMessage = "Amount is required.")]
    [StringLength(30, ErrorMessage = "Amount must be dollars in at most 30 characters, such as 40,000,000 or 1,234.56.")]
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

    /// <summary>The term's status to record with the entry: "met", "partly-met", or empty to leave it as it is.</summary>
    public string? Status { get; set; }

    /// <summary>The outcome of each of the term's deadlines to record with the entry; an empty outcome leaves it as it is.</summary>
    public List<DeadlineOutcomeInput> Deadlines { get; set; } = [];

    [StringLength(2000, ErrorMessage = "Reason for the status and outcome can be at most 2,000 characters.")]
    public string? AlsoReason { get; set; }
}

/// <summary>One deadline of the term, at the version the form was read at, and the outcome chosen for it.</summary>
public sealed class DeadlineOutcomeInput
{
    public string? Code { get; set; }

    public int Version { get; set; }

    public string? Outcome { get; set; }
}
