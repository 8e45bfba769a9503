using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Timeline;

/// <summary>Adds an event or deadline (at /timeline/new) or edits one, keeping every changed field in history.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class EditModel(
    Database database,
    TimelineStore timeline,
    ObligationStore obligations,
    FieldEditStore edits,
    SourceStore sources,
    WithdrawalStore withdrawals,
    CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public TimelineInput Input { get; set; } = new();

    public TimelineItem? Item { get; private set; }
    public IReadOnlyList<Obligation> Obligations { get; private set; } = [];
    public IReadOnlyList<Source> SourceOptions { get; private set; } = [];
    public IReadOnlyList<Source> ItemSources { get; private set; } = [];
    public IReadOnlyList<FieldEdit> History { get; private set; } = [];

    /// <summary>The item as an entry of the record: withdrawn when it was added in error and taken back.</summary>
    public WithdrawalStore.Entry? AsEntry { get; private set; }
    public SourcePicker SourcePicker => new(Input.Source, SourceOptions, "Input.Source", Required: true);
    public bool IsNew => Item is null;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        // Nothing that asserts a fact is preset on a new item: what it is, what kind of date, and how sure, are read from the source.
        Input = Item is null ? new TimelineInput() : TimelineInput.From(Item);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }
        var candidate = Validate();
        var changes = Item is null || candidate is null ? [] : TimelineInput.Changes(Item, candidate, Obligations);
        if (Item is not null && candidate is not null && changes.Count == 0)
        {
            ModelState.AddModelError("Input.Title", "Nothing to save: no field differs from what is on record.");
        }
        if (Item is not null && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "Reason is required: say why the item changes.");
        }
        Input.Source.Validate(ModelState, "Input.Source", clock.Today, required: true, SourceOptions);
        // "Verified" says the item was read in a party's own document: one must be among its sources, or be this save's.
        if (Input.Confidence == Confidence.Verified && Item?.Confidence != Confidence.Verified
            && !ItemSources.Append(Input.Source.Chosen(SourceOptions)).Any(s => Provenance.CanBeVerified(null, s)))
        {
            ModelState.AddModelError("Input.Confidence", "Confidence can be \"verified\" only when a party's own document (the regulator's, the health plan's, the union's) is among the item's sources: choose one as the source, or choose \"reported\".");
        }
        // Saying a deadline was met or missed rests on a source written after it: one dated before it is questioned.
        if (candidate is { IsDeadline: true, Status: DeadlineOutcomes.Met or DeadlineOutcomes.Missed }
            && (Item is null || Item.Status != candidate.Status || Item.Occurs != candidate.Occurs))
        {
            EditChecks.ConfirmAfterSource(ModelState, "Input.ConfirmAfterSource", Input.ConfirmAfterSource, candidate.Occurs, Input.Source.Chosen(SourceOptions),
                $"the deadline it says was {DeadlineStatuses.Label(candidate.Status).ToLowerInvariant()} falls on");
        }
        if (!ModelState.IsValid || candidate is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var reason = string.IsNullOrWhiteSpace(Input.Reason) ? "Added" : Input.Reason.Trim();
        var existing = Item;
        if (existing is not null)
        {
            candidate.Id = existing.Id;
            candidate.Code = existing.Code;
        }
        var conflict = await database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            // A new item has no version to claim yet.
            existing is null ? [] : [new VersionedItem("timeline", existing.Id, Input.Version, [HistoryWriter.FieldEdit])],
            Input.Source, now, user,
            async sourceId =>
            {
                if (existing is null)
                {
                    candidate.Code = await NewCodeAsync(connection, transaction, candidate);
                    candidate.RecordedAt = now;
                    candidate.RecordedBy = user;
                    candidate.Id = await TimelineStore.InsertAsync(connection, transaction, candidate);
                }
                else
                {
                    await TimelineStore.UpdateAsync(connection, transaction, candidate);
                }
                var rows = new HistoryRows { LinkSourceTo = { ("timeline", candidate.Id) } };
                rows.FieldEdits.AddRange(changes.Select(c => new FieldEdit
                {
                    ItemType = "timeline",
                    ItemId = candidate.Id,
                    Field = c.Field,
                    OldValue = c.Was,
                    NewValue = c.Now,
                    Reason = reason,
                }));
                return rows;
            }), cancellationToken);
        var savedCode = candidate.Code;

        return await SavedOrConflictAsync(
            conflict,
            async () => (await timeline.FindByCodeAsync(code!, cancellationToken))?.Version,
            version => Input.Version = version,
            existing is null ? $"Added {savedCode} to the timeline." : $"Saved {savedCode}.",
            $"/timeline#{savedCode}");
    }

    /// <summary>Checks every field; returns the item as it would be saved, or null when a field is wrong.</summary>
    private TimelineItem? Validate()
    {
        if (!string.IsNullOrEmpty(Input.Kind) && Input.Kind is not (TimelineItem.Event or TimelineItem.Deadline))
        {
            ModelState.AddModelError("Input.Kind", "Kind: choose event or deadline.");
        }
        var date = EditChecks.PartialDate(ModelState, "Input.Date", "Date", Input.Date);
        var alternate = EditChecks.PartialDate(ModelState, "Input.AlternateDate", "Other date", Input.AlternateDate);
        if (Input.Kind == TimelineItem.Event && date is { } happened && happened.Start > clock.Today)
        {
            ModelState.AddModelError("Input.Date", "Date of an event cannot be in the future; a future date is a deadline.");
        }
        if (alternate is not null && string.IsNullOrWhiteSpace(Input.AlternateNote))
        {
            ModelState.AddModelError("Input.AlternateNote", "Why two dates is required when another date is given: say which source gives which.");
        }
        if (Input.Kind == TimelineItem.Deadline && DeadlineStatuses.All.All(s => s.Code != Input.Status))
        {
            ModelState.AddModelError("Input.Status", "Deadline status: choose one from the list.");
        }
        // What kind of date a deadline is decides whether it can ever be overdue: it is chosen, never assumed.
        if (Input.Kind == TimelineItem.Deadline && string.IsNullOrEmpty(Input.DeadlineType))
        {
            ModelState.AddModelError("Input.DeadlineType", "Deadline type is required for a deadline: choose a due date, the end of a period, or a rule taking effect.");
        }
        else if (Input.Kind == TimelineItem.Deadline && DeadlineTypes.All.All(t => t.Code != Input.DeadlineType))
        {
            ModelState.AddModelError("Input.DeadlineType", "Deadline type: choose a due date, the end of a period, or a rule taking effect.");
        }
        if (!string.IsNullOrEmpty(Input.Confidence) && !Confidence.EvidenceLevels.Contains(Input.Confidence))
        {
            ModelState.AddModelError("Input.Confidence", "Confidence: choose verified, reported or inferred.");
        }
        var obligation = string.IsNullOrEmpty(Input.Obligation) ? null : Obligations.FirstOrDefault(o => o.Code == Input.Obligation);
        if (!string.IsNullOrEmpty(Input.Obligation) && obligation is null)
        {
            ModelState.AddModelError("Input.Obligation", "Settlement term: choose one from the list, or none.");
        }
        if (!ModelState.IsValid || date is null)
        {
            return null;
        }
        return new TimelineItem
        {
            Kind = Input.Kind!,
            Title = Input.Title!.Trim(),
            Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim(),
            OccursOn = date.Value.Start,
            OccursPrecision = date.Value.PrecisionName,
            AlternateOn = alternate?.Start,
            AlternatePrecision = alternate?.PrecisionName,
            AlternateNote = alternate is null || string.IsNullOrWhiteSpace(Input.AlternateNote) ? null : Input.AlternateNote.Trim(),
            Status = Input.Kind == TimelineItem.Deadline ? Input.Status : null,
            DeadlineType = Input.Kind == TimelineItem.Deadline ? Input.DeadlineType : null,
            Milestone = Input.Milestone,
            ObligationId = obligation?.Id,
            // The form writes the reader's scale. An item still carrying the research's rating from the case files
            // keeps it when the choice is what that rating is shown as: nothing a reader sees has changed.
            Confidence = Item is not null && Input.Confidence == Confidence.Shown(Item.Confidence) ? Item.Confidence : Input.Confidence!,
        };
    }

    /// <summary>"E-2026-11-20" for an event, "DL-2026-12" for a deadline, with "-b", "-c"… when the date is taken.</summary>
    private static async Task<string> NewCodeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, TimelineItem item)
    {
        var stem = (item.IsDeadline ? "DL-" : "E-") + item.Occurs.Iso;
        var code = stem;
        for (var suffix = 'b'; await TimelineStore.CodeTakenAsync(connection, transaction, code); suffix++)
        {
            code = stem + "-" + suffix.ToString(CultureInfo.InvariantCulture);
        }
        return code;
    }

    private async Task<bool> LoadAsync(string? code, CancellationToken cancellationToken)
    {
        if (code is not null)
        {
            Item = await timeline.FindByCodeAsync(code, cancellationToken);
            if (Item is null)
            {
                return false;
            }
            ItemSources = await timeline.ListSourcesAsync(Item.Id, cancellationToken);
            History = await edits.ListForItemAsync("timeline", Item.Id, cancellationToken);
            AsEntry = await withdrawals.FindAsync("timeline-item", Item.Id, cancellationToken);
        }
        Obligations = await obligations.ListAsync(cancellationToken);
        SourceOptions = await sources.ListAsync(cancellationToken);
        return true;
    }
}

public sealed class TimelineInput
{
    [Required(ErrorMessage = "Kind is required: event or deadline.")]
    public string? Kind { get; set; }

    [Required(ErrorMessage = "Title is required.")]
    [StringLength(300, ErrorMessage = "Title can be at most 300 characters.")]
    public string? Title { get; set; }

    [StringLength(5000, ErrorMessage = "Description can be at most 5,000 characters.")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Date is required.")]
    [StringLength(10, ErrorMessage = "Date must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known).")]
    public string? Date { get; set; }

    [StringLength(10, ErrorMessage = "Other date must be written yyyy-MM-dd, yyyy-MM or yyyy.")]
    public string? AlternateDate { get; set; }

    [StringLength(1000, ErrorMessage = "Why two dates can be at most 1,000 characters.")]
    public string? AlternateNote { get; set; }

    public string? Status { get; set; }

    public string? DeadlineType { get; set; }

    public string? Obligation { get; set; }

    public bool Milestone { get; set; }

    [Required(ErrorMessage = "Confidence is required: choose verified, reported or inferred.")]
    public string? Confidence { get; set; }

    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? Reason { get; set; }

    public int Version { get; set; }

    public SourceInput Source { get; set; } = new();

    /// <summary>Ticked to save a deadline as met or missed on a source dated before it (see <see cref="EditChecks.ConfirmAfterSource"/>).</summary>
    public bool ConfirmAfterSource { get; set; }

    public static TimelineInput From(TimelineItem item) => new()
    {
        Kind = item.Kind,
        Title = item.Title,
        Description = item.Description,
        Date = item.Occurs.Iso,
        AlternateDate = item.Alternate?.Iso,
        AlternateNote = item.AlternateNote,
        Status = item.Status,
        DeadlineType = item.IsDeadline ? item.DeadlineType ?? DeadlineTypes.Due : null,
        Obligation = item.ObligationCode,
        Milestone = item.Milestone,
        Confidence = Shared.Confidence.Shown(item.Confidence),
        Version = item.Version,
    };

    public static List<(string Field, string? Was, string? Now)> Changes(TimelineItem was, TimelineItem now, IReadOnlyList<Obligation> obligations)
    {
        string? Code(long? id) => id is null ? null : obligations.FirstOrDefault(o => o.Id == id)?.Code;
        var changes = new List<(string, string?, string?)>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add((field, a, b));
            }
        }
        Compare("Kind", was.Kind, now.Kind);
        Compare("Title", was.Title, now.Title);
        Compare("Description", was.Description, now.Description);
        Compare("Date", was.Occurs.Iso, now.Occurs.Iso);
        Compare("Other date", was.Alternate?.Iso, now.Alternate?.Iso);
        Compare("Why two dates", was.AlternateNote, now.AlternateNote);
        Compare("Status", was.Status, now.Status);
        Compare("Deadline type", was.DeadlineType, now.DeadlineType);
        Compare("Key milestone", was.Milestone ? "yes" : "no", now.Milestone ? "yes" : "no");
        Compare("Settlement term", Code(was.ObligationId), Code(now.ObligationId));
        Compare("Confidence", was.Confidence, now.Confidence);
        return changes;
    }
}
