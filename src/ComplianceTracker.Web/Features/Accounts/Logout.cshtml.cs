using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>Signing out is a POST with an antiforgery token, so no link or image elsewhere can sign anyone out.</summary>
// Anyone may post: signing out when not signed in does nothing.
[AllowAnonymous]
public sealed class LogoutModel(AccountStore accounts) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Ended on the server too: a copy of the cookie taken before signing out (a shared computer, a stolen
        // cookie) stops working. The cookie holds no session id, so the account's stamp changes, which ends its
        // sessions on other devices as well; signing out is rare enough for that to be the safer trade.
        if (User.AccountId() is { } id)
        {
            await accounts.ChangeSecurityStampAsync(id, Account.NewSecurityStamp(), cancellationToken);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }
}
