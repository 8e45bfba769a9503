using System.Security.Claims;

namespace ComplianceTracker.Web.Features.Shared;

public static class UserExtensions
{
    /// <summary>The name history entries carry: the editor's display name, never their e-mail address, since history is public.</summary>
    public static string RecordedBy(this ClaimsPrincipal user) =>
        user.FindFirst(Accounts.AccountClaims.DisplayName)?.Value ?? user.Identity?.Name ?? "unknown";

    public static bool CanEdit(this ClaimsPrincipal user) => user.IsInRole(Accounts.Roles.Editor) || user.IsInRole(Accounts.Roles.Admin);
}
