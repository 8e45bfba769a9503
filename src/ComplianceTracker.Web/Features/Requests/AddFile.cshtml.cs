using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/{id}/files/new: keeps a document of a request that no entry records (records that came in several parts, a
/// reply by e-mail after the fact), as received and with its SHA-256. Staff only until it is made a source.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class AddFileModel(Database database, RequestsQuery query, IOptions<EvidenceOptions> evidence, CaseClock clock) : PageModel
{
    [BindProperty]
    public AddFileInput Input { get; set; } = new();

    public RequestRecord Record { get; private set; } = null!;

    public string Limit => Format.Bytes(evidence.Value.MaxBytes);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(id, includePrivate: true, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Record = found;
        Input.Kind = "records";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(id, includePrivate: true, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Record = found;
        if (RequestFile.Kinds.All(k => k.Code != Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", "Document is: choose one from the list.");
        }
        if (string.IsNullOrWhiteSpace(Input.Title))
        {
            ModelState.AddModelError("Input.Title", "Title is required: say what the document is, such as “DMHC letter of 15 December 2026”.");
        }
        var dated = EditChecks.PastDate(ModelState, "Input.DocumentDate", "Date of the document", Input.DocumentDate, clock.Today);
        byte[]? content = null;
        string? mediaType = null;
        if (Input.File is not { Length: > 0 } file)
        {
            ModelState.AddModelError("Input.File", "Document is required: choose the file (PDF, web page, plain text or image).");
        }
        else if (file.Length > evidence.Value.MaxBytes)
        {
            ModelState.AddModelError("Input.File", $"Document is {Format.Bytes(file.Length)}, larger than the {Limit} limit.");
        }
        else
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
            mediaType = MediaTypes.Detect(content.AsSpan(0, Math.Min(content.Length, 16)), file.FileName);
            if (mediaType is null)
            {
                ModelState.AddModelError("Input.File", $"Document “{Path.GetFileName(file.FileName)}” is not a PDF, web page, plain text or image (PNG, JPEG, GIF, WebP, TIFF), so it cannot be kept.");
            }
        }
        if (!ModelState.IsValid || content is null || mediaType is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var sha = EvidenceArchive.Sha256Of(content);
        var (fileId, existed) = await database.WriteAsync(async (connection, transaction) =>
        {
            if (await RequestFileStore.FindIdByHashAsync(connection, transaction, id, sha) is { } onFile)
            {
                return (onFile, true);
            }
            var name = Path.GetFileName(Input.File!.FileName);
            return (await RequestFileStore.InsertAsync(connection, transaction, new RequestFile
            {
                RequestId = id,
                Kind = Input.Kind!,
                Title = Input.Title!.Trim(),
                DocumentDate = dated,
                Sha256 = sha,
                Bytes = content.LongLength,
                MediaType = mediaType,
                FileName = name.Length <= 200 ? name : name[..200],
                AddedAt = now,
                AddedBy = user,
            }, content), false);
        }, cancellationToken);
        TempData["Saved"] = existed ? "A document with exactly these bytes is already kept for this request; nothing new was stored." : "Document kept.";
        return Redirect($"{found.Request.Path}/manage#file-{fileId}");
    }
}

public sealed class AddFileInput
{
    public IFormFile? File { get; set; }

    public string? Kind { get; set; }

    [StringLength(300, ErrorMessage = "Title can be at most 300 characters.")]
    public string? Title { get; set; }

    [StringLength(10, ErrorMessage = "Date of the document must be written yyyy-MM-dd.")]
    public string? DocumentDate { get; set; }
}
