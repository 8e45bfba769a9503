using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class AccountsModel(AccountStore accounts, IPasswordHasher<Account> hasher, TimeProvider time, IConfiguration configuration) : PageModel
{
    /// <summary>The form's fields in the order they are shown, for the error summary.</summary>
    public static readonly IReadOnlyList<string> Fields = ["Input.Email", "Input.DisplayName", "Input.Role", "Input.Password"];

    [BindProperty] public InputModel Input { get; set; } = new();

    [TempData] public string? Status { get; set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public long? CurrentAccountId => User.AccountId();

    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; } = Roles.Editor;
        public string? Password { get; set; }
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var email = AccountRules.Normalize(Input.Email);
        var name = AccountRules.Normalize(Input.DisplayName);
        AddProblem("Input.Email", AccountRules.CheckEmail(email));
        AddProblem("Input.DisplayName", AccountRules.CheckDisplayName(name));
        AddProblem("Input.Role", AccountRules.CheckRole(Input.Role));
        AddProblem("Input.Password", AccountRules.CheckNewPassword(Input.Password, "Initial password"));
        if (!ModelState.IsValid || Input.Role is null || Input.Password is null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var account = new Account
        {
            Email = email,
            DisplayName = name,
            Role = Input.Role,
            SecurityStamp = Account.NewSecurityStamp(),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = User.Identity?.Name ?? "",
        };
        account.PasswordHash = hasher.HashPassword(account, Input.Password);
        if (await accounts.TryCreateAsync(account, cancellationToken) is null)
        {
            ModelState.AddModelError("Input.Email", "Email is already used by another account.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        Status = $"Created {account.Role} account {email}. Give them the initial password in person; they can change it after signing in.";
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken cancellationToken) => SetDisabledAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken cancellationToken) => SetDisabledAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        // The create form's fields are bound on every POST; they are not part of this one.
        ModelState.Clear();
        if (disabled && id == CurrentAccountId)
        {
            Problem = "You cannot disable your own account: another administrator has to.";
            await LoadAsync(cancellationToken);
            return Page();
        }
        var account = await accounts.FindAsync(id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }
        await accounts.SetDisabledAsync(id, disabled, Account.NewSecurityStamp(), cancellationToken);
        Status = disabled
            ? $"Disabled {account.Email}: they are signed out and cannot sign in."
            : $"Enabled {account.Email}: they can sign in again.";
        return RedirectToPage();
    }

    private void AddProblem(string key, string? problem)
    {
        if (problem is not null)
        {
            ModelState.AddModelError(key, problem);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Accounts = await accounts.ListAsync(cancellationToken);
    }

    /// <summary>An instant in the site's time zone, to the minute: "27 Nov 2026 12:15 (America/Los_Angeles)".</summary>
    public string Local(DateTimeOffset instant)
    {
        var zoneId = configuration["Site:TimeZone"] ?? "America/Los_Angeles";
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zoneId));
        return local.ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture) + $" ({zoneId})";
    }
}
