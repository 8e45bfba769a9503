using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// An editor's evidence desk for one source (/sources/{key}/evidence): upload a copy of the document, have the app fetch
/// its address, attach the exact passage a claim rests on, or withdraw a passage that was wrong. Copies are never
/// changed or deleted once stored.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class ManageModel(
    Database database, EvidenceArchive archive, SafeFetcher fetcher, IOptions<EvidenceOptions> options, CaseClock clock) : PageModel
{
    [BindProperty]
    public EvidenceInput Input { get; set; } = new();

    public Source Source { get; private set; } = new();
    public IReadOnlyList<ArchivedCopy> Copies { get; private set; } = [];
    public IReadOnlyList<Passage> Passages { get; private set; } = [];
    public IReadOnlyList<CitingEntry> Citing { get; private set; } = [];

    /// <summary>The upload limit as the form states it: "50 MB".</summary>
    public string Limit => Format.Bytes(options.Value.MaxBytes);

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        Input.Url = Source.Url;
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        var file = Input.File;
        if (file is null || file.Length == 0)
        {
            return Refused("Input.File", "File is required: choose the document to archive (PDF, web page, plain text or image).");
        }
        if (file.Length > options.Value.MaxBytes)
        {
            return Refused("Input.File", $"File is {Format.Bytes(file.Length)}, larger than the {Limit} limit for an archived copy.");
        }
        byte[] content;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        var mediaType = MediaTypes.Detect(content.AsSpan(0, Math.Min(content.Length, 16)), file.FileName);
        if (mediaType is null)
        {
            return Refused("Input.File", $"File “{Path.GetFileName(file.FileName)}” is not a PDF, web page, plain text or image (PNG, JPEG, GIF, WebP, TIFF), so it cannot be archived.");
        }
        var copy = new ArchivedCopy
        {
            SourceId = Source.Id,
            MediaType = mediaType,
            FileName = Shorten(Path.GetFileName(file.FileName), 200),
            Method = ArchivedCopy.Upload,
            RetrievedAt = clock.UtcNow,
            AddedBy = User.RecordedBy(),
        };
        return Stored(await archive.AddCopyAsync(copy, content, cancellationToken));
    }

    public async Task<IActionResult> OnPostFetchAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        var url = Input.Url?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return Refused("Input.Url", "Address is required: give the http:// or https:// address to fetch the document from.");
        }
        var result = await fetcher.FetchAsync(url, cancellationToken);
        if (result.Refusal is { } refusal)
        {
            return Refused("Input.Url", "Not fetched: " + refusal);
        }
        var mediaType = MediaTypes.IsAccepted(result.MediaType!) ? result.MediaType! : null;
        if (mediaType is null)
        {
            return Refused("Input.Url", $"Not fetched: {url} answered with {result.MediaType}, which is not a PDF, web page, plain text or image, so it was not archived.");
        }
        var copy = new ArchivedCopy
        {
            SourceId = Source.Id,
            MediaType = mediaType,
            Method = ArchivedCopy.Fetch,
            RequestedUrl = url,
            RetrievedFrom = result.FinalUrl,
            HttpStatus = result.HttpStatus,
            RetrievedAt = result.RetrievedAt,
            AddedBy = User.RecordedBy(),
        };
        return Stored(await archive.AddCopyAsync(copy, result.Content!, cancellationToken));
    }

    public async Task<IActionResult> OnPostPassageAsync(string key, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        var cited = Citing.FirstOrDefault(c => c.Value == Input.CitedBy);
        if (cited is null)
        {
            ModelState.AddModelError("Input.CitedBy", "Cited for is required: choose the claim that rests on this passage.");
        }
        else if (cited.ItemType is "status" or "ledger" or "evidence" && Passages.Any(p => p.ItemType == cited.ItemType && p.ItemId == cited.ItemId))
        {
            ModelState.AddModelError("Input.CitedBy", $"{cited.Describe()} already rests on a passage of this source: withdraw that one first to replace it.");
        }
        var text = Input.Passage?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            ModelState.AddModelError("Input.Passage", "Passage is required: paste the document's exact words.");
        }
        else if (text.Length > 4000)
        {
            ModelState.AddModelError("Input.Passage", $"Passage can be at most 4,000 characters; this one has {text.Length:N0}. Quote the sentence the claim rests on.");
        }
        if (!ModelState.IsValid || cited is null || text is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var added = await database.WriteAsync(async (connection, transaction) =>
        {
            if (await PassageStore.ExistsAsync(connection, transaction, cited.ItemType, cited.ItemId, Source.Id, text))
            {
                return false;
            }
            await EvidenceArchive.AddPassageAsync(connection, transaction, new Passage
            {
                ItemType = cited.ItemType,
                ItemId = cited.ItemId,
                SourceId = Source.Id,
                Text = text,
                AddedAt = now,
                AddedBy = user,
            }, now);
            return true;
        }, cancellationToken);
        TempData["Saved"] = added ? $"Passage added to {cited.Describe()}." : "That passage is already on record for this claim; nothing was added.";
        return Redirect($"/sources/{Uri.EscapeDataString(Source.Key)}/evidence#passages");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string key, long passage, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(key, cancellationToken))
        {
            return NotFound();
        }
        var reason = Input.WithdrawReason?.Trim();
        if (Passages.All(p => p.Id != passage))
        {
            ModelState.AddModelError("Input.WithdrawReason", "That passage is not on record for this source, or was withdrawn already.");
        }
        else if (string.IsNullOrEmpty(reason))
        {
            ModelState.AddModelError("Input.WithdrawReason", "Reason is required: say why the passage is withdrawn.");
        }
        if (!ModelState.IsValid || reason is null)
        {
            Input.WithdrawId = passage;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var withdrawn = await database.WriteAsync((connection, transaction) =>
            PassageStore.WithdrawAsync(connection, transaction, passage, Source.Id, now, user, Shorten(reason, 2000)), cancellationToken);
        TempData["Saved"] = withdrawn ? "Passage withdrawn." : "That passage was withdrawn already; nothing changed.";
        return Redirect($"/sources/{Uri.EscapeDataString(Source.Key)}/evidence#passages");
    }

    private IActionResult Refused(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private IActionResult Stored(ArchiveOutcome outcome)
    {
        TempData["Saved"] = outcome.AlreadyOnFile
            ? "A copy with exactly these bytes is already archived for this source; nothing new was stored."
            : "Archived copy stored.";
        return Redirect($"/sources/{Uri.EscapeDataString(Source.Key)}#copy-{outcome.CopyId}");
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken) =>
        await database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            if (await SourceStore.FindByKeyAsync(connection, transaction, key, cancellationToken) is not { } source)
            {
                return false;
            }
            Source = source;
            Copies = await ArchivedCopyStore.ListForSourceAsync(connection, transaction, source.Id, cancellationToken);
            Passages = await PassageStore.ListForSourceAsync(connection, transaction, source.Id, cancellationToken);
            Citing = await PassageStore.ListCitingAsync(connection, transaction, source.Id, cancellationToken);
            return true;
        }, cancellationToken);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}

public sealed class EvidenceInput
{
    public IFormFile? File { get; set; }

    [StringLength(2000, ErrorMessage = "Address can be at most 2,000 characters.")]
    public string? Url { get; set; }

    /// <summary>"status:412": the entry or item the passage supports.</summary>
    public string? CitedBy { get; set; }

    public string? Passage { get; set; }

    public long? WithdrawId { get; set; }

    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? WithdrawReason { get; set; }
}
