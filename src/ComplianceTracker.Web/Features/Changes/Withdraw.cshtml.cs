using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// Withdraws one history entry made in error, with a reason, without asserting a new fact. The item falls back to
/// what stood before the entry; the entry stays in the history, struck through.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class WithdrawModel(Database database, WithdrawalStore withdrawals, CaseClock clock) : PageModel
{
    [BindProperty]
    public WithdrawInput Input { get; set; } = new();

    public WithdrawalStore.Entry Entry { get; private set; } = new();

    /// <summary>Why the entry cannot be withdrawn (already withdrawn, a later edit of the field), when it cannot.</summary>
    public string? Refusal { get; private set; }

    /// <summary>For a source link: the item, as "deficiency:D-04".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    private Task<WithdrawalStore.Entry?> FindAsync(string type, long id, CancellationToken cancellationToken) =>
        type == "source-link"
            ? Item?.Split(':', 2) is [var itemType, var itemCode] && WithdrawalStore.LinkedItemTypes.Contains(itemType)
                ? withdrawals.FindSourceLinkAsync(itemType, itemCode, id, cancellationToken)
                : Task.FromResult<WithdrawalStore.Entry?>(null)
            : withdrawals.FindAsync(type, id, cancellationToken);

    public async Task<IActionResult> OnGetAsync(string type, long id, CancellationToken cancellationToken)
    {
        if (await FindAsync(type, id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }
        Entry = entry;
        if (entry.WithdrawnAt is not null)
        {
            Refusal = "This entry has already been withdrawn.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type, long id, CancellationToken cancellationToken)
    {
        if (await FindAsync(type, id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }
        Entry = entry;
        if (Input.Kind is not null && Withdrawal.Kinds.All(k => k.Code != Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", "Why: choose one of the reasons.");
        }
        if (Input.Kind == "other" && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "Reason is required when the reason is \u201COther\u201D: say why the entry is withdrawn.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = User.RecordedBy();
        var now = clock.UtcNow;
        var refusal = await database.WriteAsync(async (connection, transaction) =>
        {
            // Read again inside the write: another editor may have withdrawn it, or edited the field, since the page was read.
            var fresh = type == "source-link"
                ? await WithdrawalStore.FindSourceLinkAsync(connection, transaction, entry.ItemType, entry.ItemCode, id, cancellationToken)
                : await WithdrawalStore.FindAsync(connection, transaction, type, id, cancellationToken);
            return fresh is null
                ? "This entry no longer exists, or was withdrawn since."
                : await WithdrawalStore.WithdrawAsync(connection, transaction, fresh, Input.Kind!, Input.Reason?.Trim() ?? "", now, user);
        }, cancellationToken);
        if (refusal is not null)
        {
            Refusal = refusal;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Saved"] = $"Entry withdrawn: {entry.Describe()}.";
        return Redirect(entry.HistoryLink);
    }
}

/// <summary>The form's fields, in the order the form shows them.</summary>
public sealed class WithdrawInput
{
    [Required(ErrorMessage = "Why is required: entered in error, source retracted, or other.")]
    public string? Kind { get; set; }

    [StringLength(1000, ErrorMessage = "Reason can be at most 1,000 characters.")]
    public string? Reason { get; set; }
}
