namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>Someone who signs in to keep the record. Columns of the Accounts table.</summary>
public sealed class Account
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Editor;
    public string PasswordHash { get; set; } = "";
    public bool IsDisabled { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string SecurityStamp { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public long Version { get; set; }

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>A new random stamp: changing it ends every session signed in with the old one.</summary>
    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";

    public static readonly IReadOnlyList<string> All = [Editor, Admin];
}
