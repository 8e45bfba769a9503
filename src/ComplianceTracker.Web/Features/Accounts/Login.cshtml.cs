using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ComplianceTracker.Web.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting(Policies.SignInRateLimit)]
public sealed class LoginModel(AccountStore accounts, IPasswordHasher<Account> hasher, TimeProvider time, ILogger<LoginModel> logger) : PageModel
{
    // Said for an unknown email, a wrong password, a disabled account and a locked one alike, so the form never
    // tells whether an address has an account: a lock shown only to real accounts would tell it after five tries.
    public const string RefusedMessage = "Email or password is wrong, or sign-in for this email is paused after five wrong passwords.";

    // Checked against when the email has no account, so that answer takes as long as a wrong password.
    private static readonly string UnusedHash = new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString());

    /// <summary>The form's fields in the order they are shown, for the error summary.</summary>
    public static readonly IReadOnlyList<string> Fields = ["Input.Email", "Input.Password"];

    [BindProperty] public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = AccountRules.Normalize(Input.Email);
        var password = Input.Password;
        Validate(email, password);
        if (!ModelState.IsValid || password is null)
        {
            return Page();
        }

        var now = time.GetUtcNow();
        var account = await accounts.FindByEmailAsync(email, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(new Account(), UnusedHash, password);
            return Refuse(RefusedMessage);
        }
        // Verified before anything else is looked at, so every refusal takes as long as a wrong password.
        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (account.IsLockedAt(now) || account.IsDisabled)
        {
            return Refuse(RefusedMessage);
        }
        if (result == PasswordVerificationResult.Failed)
        {
            if (await accounts.RecordFailedSignInAsync(account.Id, now + AccountRules.LockoutDuration, cancellationToken) is { } until && until > now)
            {
                // The person at the form is not told; whoever runs the site should be.
                logger.LogWarning("Sign-in for account {AccountId} is paused until {Until:u} after {Attempts} wrong passwords.", account.Id, until, AccountRules.MaxFailedAttempts);
            }
            return Refuse(RefusedMessage);
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await accounts.UpdatePasswordHashAsync(account.Id, hasher.HashPassword(account, password), cancellationToken);
        }
        await accounts.RecordSignInAsync(account.Id, cancellationToken);
        await AccountClaims.SignInAsync(HttpContext, account);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private void Validate(string email, string? password)
    {
        if (AccountRules.CheckEmail(email) is { } emailProblem)
        {
            ModelState.AddModelError("Input.Email", emailProblem);
        }
        if (string.IsNullOrEmpty(password))
        {
            ModelState.AddModelError("Input.Password", "Password is required.");
        }
        else if (password.Length > AccountRules.PasswordMaxLength)
        {
            ModelState.AddModelError("Input.Password", $"Password must be at most {AccountRules.PasswordMaxLength} characters.");
        }
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        return Page();
    }
}
