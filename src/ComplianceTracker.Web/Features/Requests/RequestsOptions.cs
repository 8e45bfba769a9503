namespace ComplianceTracker.Web.Features.Requests;

/// <summary>Records requests (section "Requests").</summary>
public sealed class RequestsOptions
{
    public const string Section = "Requests";

    /// <summary>
    /// The folder of the law files (data/laws/ in the repository). Unset: data/laws under the repository root when it
    /// is there, else the copy of the files published beside the app (laws/).
    /// </summary>
    public string? LawsDirectory { get; set; }

    /// <summary>When the daily check of the requests' dates runs (five-field cron, in Reports:TimeZone): 06:00 every day.</summary>
    public string DailyCron { get; set; } = "0 6 * * *";
}
