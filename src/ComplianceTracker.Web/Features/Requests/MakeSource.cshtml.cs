using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/{id}/files/{fileId}/source: makes a document of a request a source of the case in one step: the source is
/// described (its title, publisher, date, kind and whose document it is, as for any source), the document becomes its
/// archived copy (its text read out, every passage of the source checked against it), and the request's page links
/// to it. From then on it is public and any status can cite it. The same document described again is not added twice.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class MakeSourceModel(Database database, RequestsQuery query, CaseStore cases, CaseClock clock) : PageModel
{
    [BindProperty]
    public MakeSourceInput Input { get; set; } = new();

    public RequestRecord Record { get; private set; } = null!;
    public RequestFile Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long fileId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, fileId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var record = await cases.GetAsync(cancellationToken);
        var isRegulator = record is not null && (Record.Agency.Name == record.RegulatorShort || Record.Agency.FullName == record.Regulator);
        Input = new MakeSourceInput
        {
            Title = Document.Title,
            Publisher = Record.Agency.FullName,
            PublishedOn = Document.DocumentDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = Document.Kind == "records" && isRegulator ? "regulator-report" : "other",
            Party = isRegulator ? Assessors.Regulator : "government",
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long fileId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, fileId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var source = new SourceInput
        {
            Title = Input.Title,
            Publisher = Input.Publisher,
            Url = Input.Url ?? "",
            PublishedOn = Input.PublishedOn,
            Undated = Input.Undated,
            Kind = Input.Kind,
            Party = Input.Party,
        };
        var picker = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        source.Validate(picker, "Input", clock.Today, required: true, [], onlyNew: true);
        foreach (var (field, entry) in picker)
        {
            if (ModelState.TryGetValue(field, out var own) && own.Errors.Count > 0)
            {
                continue;
            }
            foreach (var error in entry.Errors)
            {
                var message = error.ErrorMessage.Replace("New source ", "Source ", StringComparison.Ordinal);
                ModelState.AddModelError(field, message);
            }
        }
        if (!Input.Checked)
        {
            ModelState.AddModelError("Input.Checked", "Confirm that the document can be public: it will be downloadable by anyone. Check first that it holds no private details (the requester's address, a person's data), or keep it on the staff pages.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var file = Document;
        var key = await database.WriteAsync<string?>(async (connection, transaction) =>
        {
            var content = await RequestFileStore.ReadContentAsync(connection, transaction, file.Id, cancellationToken);
            if (content is null || EvidenceArchive.Sha256Of(content) != file.Sha256)
            {
                throw new InvalidOperationException($"Document {file.Id} of request {id} no longer matches its SHA-256 {file.Sha256}.");
            }
            var sourceId = await source.ResolveAsync(connection, transaction, now, user);
            if (sourceId is null || !await RequestFileStore.SetSourceAsync(connection, transaction, file.Id, sourceId.Value))
            {
                return null;
            }
            await EvidenceArchive.AddCopyAsync(connection, transaction, new ArchivedCopy
            {
                SourceId = sourceId.Value,
                MediaType = file.MediaType,
                FileName = file.FileName,
                Method = ArchivedCopy.Upload,
                RetrievedAt = file.AddedAt,
                AddedBy = file.AddedBy,
            }, content, now);
            return (await SourceStore.ListAsync(connection, transaction, cancellationToken)).First(s => s.Id == sourceId.Value).Key;
        }, cancellationToken);
        if (key is null)
        {
            TempData["Saved"] = "This document was made a source already; nothing changed.";
            return Redirect($"{Record.Request.Path}/manage#file-{file.Id}");
        }
        TempData["Saved"] = $"“{file.Title}” is now the source {key}, with the document as its archived copy. A status can cite it.";
        return Redirect($"/sources/{Uri.EscapeDataString(key)}");
    }

    private async Task<IActionResult?> LoadAsync(long id, long fileId, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(id, includePrivate: true, cancellationToken) is not { } found || found.Files.FirstOrDefault(f => f.Id == fileId) is not { } file)
        {
            return NotFound();
        }
        Record = found;
        Document = file;
        if (file.SourceKey is { } key)
        {
            TempData["Saved"] = $"This document is the source {key} already.";
            return Redirect($"/sources/{Uri.EscapeDataString(key)}");
        }
        return null;
    }
}

public sealed class MakeSourceInput
{
    [StringLength(300, ErrorMessage = "Source title can be at most 300 characters.")]
    public string? Title { get; set; }

    [StringLength(200, ErrorMessage = "Source publisher can be at most 200 characters.")]
    public string? Publisher { get; set; }

    [StringLength(2000, ErrorMessage = "Source address can be at most 2,000 characters.")]
    public string? Url { get; set; }

    [StringLength(10, ErrorMessage = "Source date must be yyyy, yyyy-MM or yyyy-MM-dd.")]
    public string? PublishedOn { get; set; }

    public bool Undated { get; set; }

    public string? Kind { get; set; }

    public string? Party { get; set; }

    /// <summary>Ticked by the staffer who checked the document can be published.</summary>
    public bool Checked { get; set; }
}
