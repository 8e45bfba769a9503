using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Deficiencies;

/// <summary>Fill in or change a deficiency's details when a document reveals them. Every changed field is kept in history.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class EditModel(Database database, DeficiencyStore deficiencies, SourceStore sources, CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public DetailsInput Input { get; set; } = new();

    public Deficiency Deficiency { get; private set; } = new();
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);
    public IReadOnlyList<string> Areas { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        Input = DetailsInput.From(Deficiency);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        var withdrawnOn = EditChecks.PastPartialDate(ModelState, "Input.WithdrawnOn", "Withdrawn on", Input.WithdrawnOn, clock.Today);
        if (string.IsNullOrWhiteSpace(Input.WithdrawnOn) && !string.IsNullOrWhiteSpace(Input.WithdrawnNote))
        {
            ModelState.AddModelError("Input.WithdrawnNote", "Withdrawal note needs the date the regulator withdrew the finding in “Withdrawn on”; or leave the note empty.");
        }
        var changed = Input.ChangesFrom(Deficiency);
        if (changed.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError("Input.Title", "Nothing to save: no field differs from what is on record.");
        }
        Input.Source.Validate(ModelState, "Input.Source", clock.Today, required: true, SourceOptions);
        // The source of this edit is the one that says the regulator withdrew the finding, so it must not predate it.
        var withdrawalDated = changed.Any(c => c.Field == DetailsInput.WithdrawnField);
        EditChecks.ConfirmAfterSource(ModelState, "Input.ConfirmAfterSource", Input.ConfirmAfterSource, withdrawalDated ? withdrawnOn : null, Input.Source.Chosen(SourceOptions), "the withdrawal is dated");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var updated = Input.ApplyTo(Deficiency);
        var conflict = await database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            [new VersionedItem("deficiency", Deficiency.Id, Input.Version, [HistoryWriter.FieldEdit, HistoryWriter.Status])],
            Input.Source, now, user,
            async sourceId =>
            {
                await DeficiencyStore.UpdateDetailsAsync(connection, transaction, updated);
                if (changed.Any(c => c.Field is DetailsInput.WithdrawnField or DetailsInput.WithdrawnNoteField))
                {
                    // A new or changed date rests on this edit's source; a note alone keeps the withdrawal's own source.
                    var withdrawnBy = withdrawnOn is null ? null : withdrawalDated || Deficiency.WithdrawnSourceId is null ? sourceId : Deficiency.WithdrawnSourceId;
                    await DeficiencyStore.SetWithdrawalAsync(connection, transaction, Deficiency.Id, withdrawnOn, withdrawnBy,
                        withdrawnOn is null || string.IsNullOrWhiteSpace(Input.WithdrawnNote) ? null : Input.WithdrawnNote.Trim());
                }
                var rows = new HistoryRows { LinkSourceTo = { ("deficiency", Deficiency.Id) } };
                rows.FieldEdits.AddRange(changed.Select(c => new FieldEdit
                {
                    ItemType = "deficiency",
                    ItemId = Deficiency.Id,
                    Field = c.Field,
                    OldValue = c.Was,
                    NewValue = c.Now,
                    Reason = Input.Reason!.Trim(),
                }));
                return rows;
            }), cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => (await deficiencies.FindByCodeAsync(code, cancellationToken))?.Version,
            version => Input.Version = version,
            $"Details saved ({string.Join(", ", changed.Select(c => c.Field.ToLowerInvariant()))}).",
            $"/deficiencies/{Deficiency.Code}");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken cancellationToken)
    {
        if (await deficiencies.FindByCodeAsync(code, cancellationToken) is not { } found)
        {
            return false;
        }
        Deficiency = found;
        SourceOptions = await sources.ListAsync(cancellationToken);
        Areas = await deficiencies.ListAreasAsync(cancellationToken);
        return true;
    }
}

public sealed class DetailsInput
{
    [Display(Name = "Title")]
    [StringLength(300, ErrorMessage = "Title can be at most 300 characters.")]
    public string? Title { get; set; }

    [Display(Name = "Area")]
    [StringLength(100, ErrorMessage = "Area can be at most 100 characters.")]
    public string? Area { get; set; }

    [Display(Name = "Regulator's number")]
    [StringLength(40, ErrorMessage = "Regulator's number can be at most 40 characters.")]
    public string? RegulatorNumber { get; set; }

    [Display(Name = "Legal citation")]
    [StringLength(500, ErrorMessage = "Legal citation can be at most 500 characters.")]
    public string? LegalCitation { get; set; }

    [Display(Name = "Finding")]
    [StringLength(5000, ErrorMessage = "Finding can be at most 5,000 characters.")]
    public string? Finding { get; set; }

    [Display(Name = "Notes")]
    [StringLength(5000, ErrorMessage = "Notes can be at most 5,000 characters.")]
    public string? Notes { get; set; }

    /// <summary>The date the regulator withdrew this finding, at the precision its source gives; empty while it stands.</summary>
    [Display(Name = "Withdrawn on")]
    [StringLength(10, ErrorMessage = "Withdrawn on must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known).")]
    public string? WithdrawnOn { get; set; }

    [Display(Name = "Withdrawal note")]
    [StringLength(2000, ErrorMessage = "Withdrawal note can be at most 2,000 characters.")]
    public string? WithdrawnNote { get; set; }

    [Required(ErrorMessage = "Reason is required: say what revealed these details.")]
    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? Reason { get; set; }

    public int Version { get; set; }

    public SourceInput Source { get; set; } = new();

    /// <summary>Ticked to save a withdrawal dated after its source (see <see cref="EditChecks.ConfirmAfterSource"/>).</summary>
    public bool ConfirmAfterSource { get; set; }

    /// <summary>The names the history gives the withdrawal's fields (withdrawing such an edit asks for a new edit instead).</summary>
    public const string WithdrawnField = "Withdrawn by the regulator";
    public const string WithdrawnNoteField = "Withdrawal note";

    public static DetailsInput From(Deficiency d) => new()
    {
        Title = d.Title,
        Area = d.Area,
        RegulatorNumber = d.RegulatorNumber,
        LegalCitation = d.LegalCitation,
        Finding = d.Finding,
        Notes = d.Notes,
        WithdrawnOn = d.Withdrawn?.Iso,
        WithdrawnNote = d.WithdrawnNote,
        Version = d.Version,
    };

    /// <summary>Each field whose value differs from the record, as (label, was, now). Empty text means none on record.</summary>
    public List<(string Field, string? Was, string? Now)> ChangesFrom(Deficiency d)
    {
        var changes = new List<(string, string?, string?)>();
        void Compare(string field, string? was, string? now)
        {
            var clean = string.IsNullOrWhiteSpace(now) ? null : now.Trim();
            if (!string.Equals(was, clean, StringComparison.Ordinal))
            {
                changes.Add((field, was, clean));
            }
        }
        Compare("Title", d.Title, Title);
        Compare("Area", d.Area, Area);
        Compare("Regulator's number", d.RegulatorNumber, RegulatorNumber);
        Compare("Legal citation", d.LegalCitation, LegalCitation);
        Compare("Finding", d.Finding, Finding);
        Compare("Notes", d.Notes, Notes);
        // The date as the record writes it ("2024-03"), so "2024-3" or spaces are no change.
        Compare(WithdrawnField, d.Withdrawn?.Iso, PartialDate.TryParse(WithdrawnOn?.Trim(), out var on) ? on.Iso : WithdrawnOn);
        Compare(WithdrawnNoteField, d.WithdrawnNote, string.IsNullOrWhiteSpace(WithdrawnOn) ? null : WithdrawnNote);
        return changes;
    }

    public Deficiency ApplyTo(Deficiency d)
    {
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return new Deficiency
        {
            Id = d.Id,
            SurveyId = d.SurveyId,
            Code = d.Code,
            Slot = d.Slot,
            Confidence = d.Confidence,
            Title = Clean(Title),
            Area = Clean(Area),
            RegulatorNumber = Clean(RegulatorNumber),
            LegalCitation = Clean(LegalCitation),
            Finding = Clean(Finding),
            Notes = Clean(Notes),
        };
    }
}
