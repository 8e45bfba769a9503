namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>Archived copies and the link check (section "Evidence").</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The largest file an editor may upload, in bytes (50 MB). A fetch has its own, Evidence:Fetch:MaxBytes (also 50 MB).</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>When the link check runs (five-field cron, in Reports:TimeZone): Mondays at 05:00.</summary>
    public string LinkCheckCron { get; set; } = "0 5 * * 1";

    /// <summary>Seconds between two requests of the link check to one host, so no publisher's server is hurried.</summary>
    public double LinkCheckDelaySeconds { get; set; } = 5;
}
