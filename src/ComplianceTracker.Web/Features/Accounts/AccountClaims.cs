using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>What the sign-in cookie says about an account, and how to read it back.</summary>
public static class AccountClaims
{
    public const string DisplayName = "display_name";
    public const string SecurityStamp = "security_stamp";

    public static ClaimsPrincipal Principal(Account account)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, account.Email),
                new Claim(DisplayName, account.DisplayName),
                new Claim(ClaimTypes.Role, account.Role),
                new Claim(SecurityStamp, account.SecurityStamp),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Issues the sign-in cookie: a browser-session cookie whose ticket lasts 8 hours from the last request.</summary>
    public static Task SignInAsync(HttpContext context, Account account) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(account), new AuthenticationProperties { IsPersistent = false });

    public static long? AccountId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string DisplayNameOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";
}
