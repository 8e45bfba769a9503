using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/{id}/manage: everything about one request, for staff: where it stands, the letter to copy or print, the
/// follow-ups the daily check drafted, the requester, the agency's documents (each can be made a source), the history
/// with a way to withdraw an entry made in error, and whether the request is public.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class ManageModel(Database database, RequestsQuery query, ReportFonts fonts, CaseClock clock) : PageModel
{
    [BindProperty]
    public ManageInput Input { get; set; } = new();

    public RequestRecord Record { get; private set; } = null!;

    /// <summary>What can be recorded next, in the order a request usually goes.</summary>
    public IReadOnlyList<Term> NextKinds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input.Version = Record.Request.Version;
        return Page();
    }

    /// <summary>Makes the request public or private.</summary>
    public async Task<IActionResult> OnPostVisibilityAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var changed = await database.WriteAsync((connection, transaction) =>
            RecordsRequestStore.TrySetPublicAsync(connection, transaction, id, Input.Version, Input.IsPublic, now, user), cancellationToken);
        if (!changed)
        {
            ModelState.AddModelError("Input.IsPublic", "Public: the request was changed by someone else after this page was opened, so nothing was saved. Look at it again below, then choose.");
            await LoadAsync(id, cancellationToken);
            Input.Version = Record.Request.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Saved"] = Input.IsPublic
            ? (Record.Standing.IsDraft ? "The request is public: it will be listed once it is sent." : "The request is public: it is listed at /requests, in the API, the CSV, the feed and the brief.")
            : "The request is private: it is on the staff pages only.";
        return Redirect(Record.Request.Path + "/manage");
    }

    /// <summary>Withdraws an entry made in error; it stays listed, struck through, and no longer counts.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long id, long entry, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var reason = Input.WithdrawReason?.Trim();
        Input.EntryId = entry;
        if (Record.Entries.All(e => e.Id != entry || !e.Stands))
        {
            ModelState.AddModelError("Input.WithdrawReason", "That entry is not on record for this request, or was withdrawn already.");
        }
        else if (string.IsNullOrEmpty(reason))
        {
            ModelState.AddModelError("Input.WithdrawReason", "Reason is required: say what was wrong with the entry.");
        }
        else if (Record.Entries.FirstOrDefault(e => e.Id == entry) is { Kind: RequestEntryKinds.Sent }
            && Record.Entries.Any(e => e.Stands && e.Id != entry))
        {
            ModelState.AddModelError("Input.WithdrawReason", "The sending cannot be withdrawn while later entries stand: withdraw those first.");
        }
        if (!ModelState.IsValid || reason is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.UtcNow;
        var user = User.RecordedBy();
        var done = await database.WriteAsync(async (connection, transaction) =>
        {
            var withdrawn = await RequestEntryStore.WithdrawAsync(connection, transaction, id, entry, now, user, reason);
            if (withdrawn)
            {
                await RecordsRequestStore.TouchAsync(connection, transaction, id, now, user);
            }
            return withdrawn;
        }, cancellationToken);
        TempData["Saved"] = done ? "Entry withdrawn: it no longer counts." : "That entry was withdrawn already; nothing changed.";
        return Redirect(Record.Request.Path + "/manage#history");
    }

    /// <summary>Saves a follow-up letter's text as the staffer rewrote it, until it is recorded as sent.</summary>
    public async Task<IActionResult> OnPostFollowUpAsync(long id, long letter, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input.LetterId = letter;
        var text = Input.FollowUpText?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (Record.PendingFollowUp?.Id != letter)
        {
            ModelState.AddModelError("Input.FollowUpText", "That follow-up letter is not the one waiting to be sent: it was sent already, or is not this request's.");
        }
        else if (string.IsNullOrEmpty(text))
        {
            ModelState.AddModelError("Input.FollowUpText", "Follow-up letter is required: write it, or leave it as drafted.");
        }
        else if (!RequestLetterPdf.Fits(text, fonts.Family))
        {
            ModelState.AddModelError("Input.FollowUpText", "Follow-up letter is too long for one page, even in the smallest type: shorten it.");
        }
        if (!ModelState.IsValid || text is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await database.WriteAsync((connection, transaction) => RecordsRequestStore.UpdateFollowUpAsync(connection, transaction, id, letter, text + "\n"), cancellationToken);
        TempData["Saved"] = "Follow-up letter saved.";
        return Redirect(Record.Request.Path + "/manage#follow-up");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(id, includePrivate: true, cancellationToken) is not { } found)
        {
            return false;
        }
        Record = found;
        var s = found.Standing;
        var kinds = new List<string>();
        if (s.IsDraft)
        {
            kinds.Add(RequestEntryKinds.Sent);
        }
        else
        {
            kinds.AddRange([RequestEntryKinds.Acknowledged, RequestEntryKinds.Extended, RequestEntryKinds.RecordsReceived, RequestEntryKinds.PartlyDenied, RequestEntryKinds.Denied]);
            if (found.PendingFollowUp is not null || s.IsOverdue)
            {
                kinds.Add(RequestEntryKinds.FollowUpSent);
            }
            if (s.WithdrawnBy is null)
            {
                kinds.Add(RequestEntryKinds.Withdrawn);
            }
        }
        NextKinds = kinds.Select(k => RequestEntryKinds.All.First(t => t.Code == k)).ToList();
        return true;
    }
}

public sealed class ManageInput
{
    public bool IsPublic { get; set; }

    public int Version { get; set; }

    public long? EntryId { get; set; }

    [StringLength(2000, ErrorMessage = "Reason can be at most 2,000 characters.")]
    public string? WithdrawReason { get; set; }

    public long? LetterId { get; set; }

    [StringLength(12000, ErrorMessage = "Follow-up letter can be at most 12,000 characters.")]
    public string? FollowUpText { get; set; }
}
