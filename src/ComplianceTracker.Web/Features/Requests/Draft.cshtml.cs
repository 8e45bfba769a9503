using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Brief;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// Drafts a records request (/requests/new, from an open question with ?question=KEY) or changes a draft
/// (/requests/{id}/edit): the agency and its law, the records in plain words, the requester, and the letter itself,
/// every word editable. "Write the letter again" rewrites the letter from the fields above it without saving; saving
/// keeps both. A request that has been sent keeps its letter as sent: it is not edited here.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class DraftModel(Database database, RequestsQuery query, BriefQuery brief, ReportFonts fonts, CaseClock clock) : PageModel
{
    [BindProperty]
    public DraftInput Input { get; set; } = new();

    public RecordsRequest? Existing { get; private set; }
    public IReadOnlyList<RecordsAgency> Agencies { get; private set; } = [];
    public DraftOrigin? Origin { get; private set; }

    /// <summary>The open question's words, as the brief asks it, when the draft comes from one.</summary>
    public string? Question { get; private set; }

    /// <summary>Set when a question key was given that names nothing open on record.</summary>
    public string? OriginNotice { get; private set; }

    /// <summary>Set when the letter was written again from the fields, not saved.</summary>
    public bool Rewritten { get; private set; }

    /// <summary>Set when someone else saved the draft since this form was read.</summary>
    public string? Conflict { get; private set; }

    public bool IsNew => Existing is null;

    public RecordsLaw? LawOf(RecordsAgency agency) => query.Laws.Find(agency.LawKey);

    public async Task<IActionResult> OnGetAsync(long? id, string? question, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, question ?? Input.QuestionKey, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (Existing is { } r)
        {
            Input = DraftInput.From(r);
            return Page();
        }
        var agency = Agencies.FirstOrDefault();
        Input = new DraftInput
        {
            QuestionKey = Origin?.Key,
            AgencyId = agency?.Id ?? 0,
            Subject = Origin?.Subject ?? "",
            Records = Origin?.Records ?? "",
            ElectronicCopies = true,
            RequesterName = User.DisplayNameOf(),
            RequesterEmail = User.Identity?.Name,
        };
        if (agency is not null)
        {
            Input.Letter = WriteLetter(agency);
        }
        return Page();
    }

    /// <summary>Writes the letter again from the fields, keeping everything typed; nothing is saved.</summary>
    public async Task<IActionResult> OnPostRewriteAsync(long? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, Input.QuestionKey, cancellationToken) is { } refused)
        {
            return refused;
        }
        ModelState.Clear();
        if (Agencies.FirstOrDefault(a => a.Id == Input.AgencyId) is not { } agency)
        {
            ModelState.AddModelError("Input.AgencyId", "Agency is required: choose whom to ask.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Input.Letter = WriteLetter(agency);
        Rewritten = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, Input.QuestionKey, cancellationToken) is { } refused)
        {
            return refused;
        }
        var agency = Agencies.FirstOrDefault(a => a.Id == Input.AgencyId);
        if (agency is null)
        {
            ModelState.AddModelError("Input.AgencyId", "Agency is required: choose whom to ask.");
        }
        Required("Input.Subject", Input.Subject, "Subject is required: say in a line what the request is about.");
        Required("Input.Records", Input.Records, "Records asked for is required: describe the records in plain words.");
        Required("Input.RequesterName", Input.RequesterName, "Requester's name is required: the letter is signed with it.");
        if (!string.IsNullOrWhiteSpace(Input.RequesterEmail) && !LooksLikeEmail(Input.RequesterEmail))
        {
            ModelState.AddModelError("Input.RequesterEmail", "Requester's e-mail must be an address such as name@example.org, or left empty.");
        }
        Required("Input.Letter", Input.Letter, "Letter is required: write it, or press “Write the letter again”.");
        if (!string.IsNullOrWhiteSpace(Input.Letter) && ModelState.GetFieldValidationState("Input.Letter") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && !RequestLetterPdf.Fits(Input.Letter, fonts.Family))
        {
            ModelState.AddModelError("Input.Letter", "Letter is too long for one page, even in the smallest type: shorten it (the records asked for can be described more briefly).");
        }
        if (!ModelState.IsValid || agency is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var request = new RecordsRequest
        {
            Id = Existing?.Id ?? 0,
            AgencyId = agency.Id,
            LawKey = agency.LawKey,
            QuestionKey = Existing?.QuestionKey ?? Origin?.Key,
            Question = Existing?.Question ?? Question,
            QuestionPath = Existing?.QuestionPath ?? Origin?.Path,
            Subject = Input.Subject!.Trim(),
            Records = Input.Records!.Trim(),
            ElectronicCopies = Input.ElectronicCopies,
            Letter = Input.Letter!.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n",
            RequesterName = Input.RequesterName!.Trim(),
            RequesterOrganization = Blank(Input.RequesterOrganization),
            RequesterAddress = Blank(Input.RequesterAddress),
            RequesterEmail = Blank(Input.RequesterEmail),
            IsPublic = Input.IsPublic,
            CreatedAt = Existing?.CreatedAt ?? now,
            CreatedBy = Existing?.CreatedBy ?? user,
            ChangedAt = now,
            ChangedBy = user,
            Version = Input.Version,
        };
        var saved = await database.WriteAsync(async (connection, transaction) =>
        {
            if (Existing is null)
            {
                return await RecordsRequestStore.InsertAsync(connection, transaction, request);
            }
            // Sent since the form was read: its letter is on record as sent and is not changed.
            if (RequestStanding.Of(null, await RequestEntryStore.ListForAsync(connection, transaction, request.Id), clock.Today) is { IsDraft: false })
            {
                return -1;
            }
            return await RecordsRequestStore.TryUpdateAsync(connection, transaction, request) ? request.Id : 0;
        }, cancellationToken);
        if (saved <= 0)
        {
            Conflict = saved < 0
                ? "This request was recorded as sent while you were editing it, so its letter is on record as sent and nothing was saved."
                : "Someone else saved this draft after you opened it, so nothing was saved. Open it again to see their changes, then make yours.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Saved"] = Existing is null ? $"Request {RecordsRequest.Numbered(saved)} drafted. Check the letter, then record when it is sent." : "Draft saved.";
        return Redirect(RecordsRequest.PathOf(saved) + "/manage");
    }

    private string WriteLetter(RecordsAgency agency) => LetterText.Draft(
        agency,
        LawOf(agency),
        new Requester(Input.RequesterName?.Trim() is { Length: > 0 } name ? name : "[Your name]", Blank(Input.RequesterOrganization), Blank(Input.RequesterAddress), Blank(Input.RequesterEmail)),
        Input.Subject ?? "",
        Input.Records ?? "",
        Input.ElectronicCopies,
        clock.Today);

    private async Task<IActionResult?> LoadAsync(long? id, string? questionKey, CancellationToken cancellationToken)
    {
        var (existing, agencies, origin) = await database.ReadSnapshotAsync(async (connection, transaction) => (
            id is { } given ? await RecordsRequestStore.FindAsync(connection, transaction, given, cancellationToken) : null,
            await RecordsAgencyStore.ListAsync(connection, transaction, cancellationToken),
            id is null && !string.IsNullOrEmpty(questionKey) ? await RequestOrigins.ResolveAsync(connection, transaction, questionKey, cancellationToken) : null), cancellationToken);
        if (id is not null)
        {
            if (existing is null)
            {
                return NotFound();
            }
            var entries = await database.WithConnectionAsync(c => RequestEntryStore.ListForAsync(c, null, existing.Id, cancellationToken), cancellationToken);
            if (entries.Any(e => e.Stands && e.Kind == RequestEntryKinds.Sent))
            {
                TempData["Saved"] = "This request has been sent: its letter is on record as sent and is not edited. Its visibility is changed here.";
                return Redirect(existing.Path + "/manage");
            }
        }
        Existing = existing;
        Agencies = agencies;
        Origin = origin;
        if (id is null && !string.IsNullOrEmpty(questionKey))
        {
            if (origin is null)
            {
                OriginNotice = $"“{questionKey}” names no open question on record, so the draft starts empty.";
            }
            else
            {
                var open = (await brief.BuildAsync(null, cancellationToken)).Questions.FirstOrDefault(q => q.Key == origin.Key);
                Question = open?.Question ?? origin.ItemLabel;
            }
        }
        return null;
    }

    private void Required(string key, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value) && ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError(key, message);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool LooksLikeEmail(string text)
    {
        var at = text.Trim().IndexOf('@');
        return at > 0 && at < text.Trim().Length - 3 && !text.Trim().Contains(' ') && text.Trim().IndexOf('.', at) > at + 1;
    }
}

public sealed class DraftInput
{
    public string? QuestionKey { get; set; }

    public long AgencyId { get; set; }

    [StringLength(300, ErrorMessage = "Subject can be at most 300 characters.")]
    public string? Subject { get; set; }

    [StringLength(4000, ErrorMessage = "Records asked for can be at most 4,000 characters.")]
    public string? Records { get; set; }

    /// <summary>False unless ticked: an unticked box sends nothing.</summary>
    public bool ElectronicCopies { get; set; }

    [StringLength(200, ErrorMessage = "Requester's name can be at most 200 characters.")]
    public string? RequesterName { get; set; }

    [StringLength(200, ErrorMessage = "Organization can be at most 200 characters.")]
    public string? RequesterOrganization { get; set; }

    [StringLength(1000, ErrorMessage = "Postal address can be at most 1,000 characters.")]
    public string? RequesterAddress { get; set; }

    [StringLength(254, ErrorMessage = "Requester's e-mail can be at most 254 characters.")]
    public string? RequesterEmail { get; set; }

    [StringLength(12000, ErrorMessage = "Letter can be at most 12,000 characters.")]
    public string? Letter { get; set; }

    public bool IsPublic { get; set; }

    public int Version { get; set; } = 1;

    public static DraftInput From(RecordsRequest r) => new()
    {
        QuestionKey = r.QuestionKey,
        AgencyId = r.AgencyId,
        Subject = r.Subject,
        Records = r.Records,
        ElectronicCopies = r.ElectronicCopies,
        RequesterName = r.RequesterName,
        RequesterOrganization = r.RequesterOrganization,
        RequesterAddress = r.RequesterAddress,
        RequesterEmail = r.RequesterEmail,
        Letter = r.Letter,
        IsPublic = r.IsPublic,
        Version = r.Version,
    };
}
