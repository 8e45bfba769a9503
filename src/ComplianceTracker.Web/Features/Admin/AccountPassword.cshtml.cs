using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Admin;

/// <summary>
/// An Admin gives someone who forgot their password a new one, to tell them in person. It ends their sessions and
/// lifts a lock. An Admin's own password is changed at /account/password, which asks for the current one.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AccountPasswordModel(AccountStore accounts, IPasswordHasher<Account> hasher, ILogger<AccountPasswordModel> logger) : PageModel
{
    /// <summary>The form's fields in the order they are shown, for the error summary.</summary>
    public static readonly IReadOnlyList<string> Fields = ["Input.NewPassword", "Input.ConfirmPassword"];

    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Status { get; set; }

    public Account Account { get; private set; } = null!;

    public sealed class InputModel
    {
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }
        if (AccountRules.CheckNewPassword(Input.NewPassword, "New password") is { } problem)
        {
            ModelState.AddModelError("Input.NewPassword", problem);
        }
        else if (AccountRules.CheckConfirmation(Input.NewPassword, Input.ConfirmPassword) is { } mismatch)
        {
            ModelState.AddModelError("Input.ConfirmPassword", mismatch);
        }
        if (!ModelState.IsValid || Input.NewPassword is null)
        {
            return Page();
        }

        Account.PasswordHash = hasher.HashPassword(Account, Input.NewPassword);
        await accounts.ChangePasswordAsync(Account.Id, Account.PasswordHash, Account.NewSecurityStamp(), cancellationToken);
        logger.LogInformation("{Admin} set a new password for account {AccountId}.", User.Identity?.Name, Account.Id);
        Status = $"Set a new password for {Account.Email}: they are signed out everywhere and any lock is lifted. Tell them the password in person; they can change it after signing in.";
        return RedirectToPage("/Admin/Accounts");
    }

    /// <summary>Finds the account; answers for the request instead when there is none or it is the Admin's own.</summary>
    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (id == User.AccountId())
        {
            return LocalRedirect("/account/password");
        }
        if (await accounts.FindAsync(id, cancellationToken) is not { } account)
        {
            return NotFound();
        }
        Account = account;
        return null;
    }
}
