namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>Authorization policy names, for <c>[Authorize(Policy = Policies.Editor)]</c>.</summary>
public static class Policies
{
    /// <summary>Editors and Admins: may change the record.</summary>
    public const string Editor = "Editor";

    /// <summary>Admins only: manage accounts.</summary>
    public const string Admin = "Admin";

    /// <summary>The rate limit on sign-in attempts, per client address.</summary>
    public const string SignInRateLimit = "sign-in";
}
