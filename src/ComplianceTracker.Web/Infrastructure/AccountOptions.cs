namespace ComplianceTracker.Web.Infrastructure;

/// <summary>How many sign-in attempts one client address may make in a window.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    public int SignInPermitLimit { get; set; } = 10;
    public int SignInWindowSeconds { get; set; } = 60;
}
