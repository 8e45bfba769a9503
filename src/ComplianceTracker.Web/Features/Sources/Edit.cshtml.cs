using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Sources;

/// <summary>Adds a source (at /sources/new) or corrects one's description; every changed field is kept in history.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class EditModel(Database database, SourceStore sources, FieldEditStore edits, CaseClock clock) : VersionedEditModel
{
    [BindProperty]
    public SourceFormInput Input { get; set; } = new();

    public Source? Existing { get; private set; }
    public IReadOnlyList<FieldEdit> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        // A new source's kind is not preset: it decides whose document it is, which is read from the document.
        Input = Existing is null ? new SourceFormInput() : SourceFormInput.From(Existing);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        // The new-source checks are the ones the source picker uses, so the rules cannot drift apart.
        var asNew = new SourceInput { Title = Input.Title, Publisher = Input.Publisher, Url = Input.Url ?? "", PublishedOn = Input.PublishedOn, Undated = Input.Undated, Kind = Input.Kind };
        var picker = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        asNew.Validate(picker, "Input", clock.Today, required: true, [], onlyNew: true);
        foreach (var (field, entry) in picker)
        {
            // A field the form's own attributes already refused ("Title is required.") is not reported twice.
            if (ModelState.TryGetValue(field, out var own) && own.Errors.Count > 0)
            {
                continue;
            }
            foreach (var error in entry.Errors)
            {
                var message = error.ErrorMessage.Replace("New source ", "", StringComparison.Ordinal);
                ModelState.AddModelError(field, char.ToUpperInvariant(message[0]) + message[1..]);
            }
        }
        if (Existing is not null && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "Reason is required: say what was wrong with the description.");
        }
        var candidate = ModelState.IsValid ? Input.ToSource(Existing) : null;
        var changes = Existing is null || candidate is null ? [] : SourceFormInput.Changes(Existing, candidate);
        if (Existing is not null && candidate is not null && changes.Count == 0)
        {
            ModelState.AddModelError("Input.Title", "Nothing to save: no field differs from what is on record.");
        }
        if (!ModelState.IsValid || candidate is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var existing = Existing;
        var (conflict, savedKey) = await database.WriteAsync<(IReadOnlyList<ChangeSince>?, string)>(async (connection, transaction) =>
        {
            if (existing is null)
            {
                if (candidate.HasUrl && await SourceStore.FindIdByUrlAsync(connection, transaction, candidate.Url) is not null)
                {
                    return ([new ChangeSince(now, "—", $"A source with the address {candidate.Url} is already on file.")], "");
                }
                if (!candidate.HasUrl && await SourceStore.FindIdWithoutUrlAsync(connection, transaction, candidate.Title, candidate.Publisher, candidate.Published) is not null)
                {
                    return ([new ChangeSince(now, "—", $"A source without an address titled “{candidate.Title}”, by {candidate.Publisher}, {candidate.Published?.ToString() ?? "undated"}, is already on file.")], "");
                }
                candidate.Key = await SourceInput.NewKeyAsync(connection, transaction, candidate.Publisher, candidate.Published);
                candidate.AddedAt = now;
                candidate.AddedBy = user;
                await SourceStore.InsertAsync(connection, transaction, candidate);
                return (null, candidate.Key);
            }
            var conflict = await HistoryWriter.SaveAsync(
                connection, transaction,
                [new VersionedItem("source", existing.Id, Input.Version, [HistoryWriter.FieldEdit])],
                source: null, now, user,
                async _ =>
                {
                    await SourceStore.UpdateAsync(connection, transaction, candidate);
                    var rows = new HistoryRows();
                    rows.FieldEdits.AddRange(changes.Select(c => new FieldEdit
                    {
                        ItemType = "source",
                        ItemId = existing.Id,
                        Field = c.Field,
                        OldValue = c.Was,
                        NewValue = c.Now,
                        Reason = Input.Reason!.Trim(),
                    }));
                    return rows;
                });
            return (conflict, existing.Key);
        }, cancellationToken);

        return await SavedOrConflictAsync(
            conflict,
            async () => existing is null ? null : (await sources.FindByKeyAsync(existing.Key, cancellationToken))?.Version,
            version => Input.Version = version,
            existing is null ? $"Source {savedKey} added." : $"Source {savedKey} saved.",
            $"/sources#{savedKey}");
    }

    private async Task<bool> LoadAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return true;
        }
        Existing = await sources.FindByKeyAsync(key, cancellationToken);
        if (Existing is null)
        {
            return false;
        }
        History = await edits.ListForItemAsync("source", Existing.Id, cancellationToken);
        return true;
    }
}

public sealed class SourceFormInput
{
    [Required(ErrorMessage = "Title is required.")]
    [StringLength(300, ErrorMessage = "Title can be at most 300 characters.")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Publisher is required.")]
    [StringLength(200, ErrorMessage = "Publisher can be at most 200 characters.")]
    public string? Publisher { get; set; }

    /// <summary>Empty for a document with no public address (a letter, a filing, an internal document).</summary>
    [StringLength(2000, ErrorMessage = "Address can be at most 2,000 characters.")]
    public string? Url { get; set; }

    [StringLength(10, ErrorMessage = "Date must be yyyy, yyyy-MM or yyyy-MM-dd.")]
    public string? PublishedOn { get; set; }

    /// <summary>Ticked when the document bears no date; never preset, since an empty date on record may only mean unknown.</summary>
    public bool Undated { get; set; }

    public string? Kind { get; set; }

    [StringLength(1000, ErrorMessage = "Note can be at most 1,000 characters.")]
    public string? Note { get; set; }

    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? Reason { get; set; }

    public int Version { get; set; }

    public static SourceFormInput From(Source s) => new()
    {
        Title = s.Title,
        Publisher = s.Publisher,
        Url = s.Url,
        PublishedOn = s.Published?.Iso,
        Kind = s.Kind,
        Note = s.Note,
        Version = s.Version,
    };

    public Source ToSource(Source? existing)
    {
        PartialDate? published = PartialDate.TryParse(PublishedOn?.Trim(), out var date) ? date : null;
        return new Source
        {
            Id = existing?.Id ?? 0,
            Key = existing?.Key ?? "",
            Title = Title!.Trim(),
            Publisher = Publisher!.Trim(),
            Url = Url?.Trim() ?? "",
            PublishedOn = published?.Start,
            PublishedPrecision = published?.PrecisionName,
            Kind = Kind!,
            Note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(),
        };
    }

    public static List<(string Field, string? Was, string? Now)> Changes(Source was, Source now)
    {
        var changes = new List<(string, string?, string?)>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                changes.Add((field, a, b));
            }
        }
        Compare("Title", was.Title, now.Title);
        Compare("Publisher", was.Publisher, now.Publisher);
        Compare("Address", was.Url, now.Url);
        Compare("Date", was.Published?.Iso, now.Published?.Iso);
        Compare("Kind", was.Kind, now.Kind);
        Compare("Note", was.Note, now.Note);
        return changes;
    }
}
