using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>
/// The current-password check is a password guess like any sign-in: it shares the sign-in rate limit, and wrong answers
/// count toward the same lockout, so a session left open (or a stolen cookie) cannot be used to try passwords freely.
/// </summary>
[Authorize]
[EnableRateLimiting(Policies.SignInRateLimit)]
public sealed class PasswordModel(AccountStore accounts, IPasswordHasher<Account> hasher, TimeProvider time, ILogger<PasswordModel> logger) : PageModel
{
    /// <summary>The form's fields in the order they are shown, for the error summary.</summary>
    public static readonly IReadOnlyList<string> Fields = ["Input.CurrentPassword", "Input.NewPassword", "Input.ConfirmPassword"];

    [BindProperty] public InputModel Input { get; set; } = new();

    public bool Changed { get; private set; }

    public sealed class InputModel
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The cookie was checked against the database on this request, so the account exists and is enabled.
        var account = User.AccountId() is { } id ? await accounts.FindAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return Challenge();
        }

        var now = time.GetUtcNow();
        if (string.IsNullOrEmpty(Input.CurrentPassword))
        {
            ModelState.AddModelError("Input.CurrentPassword", "Current password is required.");
        }
        else if (account.IsLockedAt(now))
        {
            // Signed in already, so saying so tells nothing new; the password is not even checked while locked.
            ModelState.AddModelError("Input.CurrentPassword", $"Current password: too many wrong passwords; try again after {account.LockedUntil!.Value.ToUniversalTime():HH:mm} UTC.");
        }
        else if (Input.CurrentPassword.Length > AccountRules.PasswordMaxLength
            || hasher.VerifyHashedPassword(account, account.PasswordHash, Input.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            ModelState.AddModelError("Input.CurrentPassword", "Current password is wrong.");
            if (await accounts.RecordFailedSignInAsync(account.Id, now + AccountRules.LockoutDuration, cancellationToken) is { } until && until > now)
            {
                logger.LogWarning("Password change for account {AccountId} is paused until {Until:u} after {Attempts} wrong passwords.", account.Id, until, AccountRules.MaxFailedAttempts);
            }
        }
        if (AccountRules.CheckNewPassword(Input.NewPassword, "New password") is { } problem)
        {
            ModelState.AddModelError("Input.NewPassword", problem);
        }
        else if (Input.NewPassword == Input.CurrentPassword)
        {
            ModelState.AddModelError("Input.NewPassword", "New password must differ from the current password.");
        }
        else if (AccountRules.CheckConfirmation(Input.NewPassword, Input.ConfirmPassword) is { } mismatch)
        {
            ModelState.AddModelError("Input.ConfirmPassword", mismatch);
        }
        if (!ModelState.IsValid || Input.NewPassword is null)
        {
            return Page();
        }

        account.PasswordHash = hasher.HashPassword(account, Input.NewPassword);
        account.SecurityStamp = Account.NewSecurityStamp();
        await accounts.ChangePasswordAsync(account.Id, account.PasswordHash, account.SecurityStamp, cancellationToken);
        // The new stamp ends every session of this account, this one included: sign it in again.
        await AccountClaims.SignInAsync(HttpContext, account);
        Changed = true;
        Input = new InputModel();
        return Page();
    }
}
