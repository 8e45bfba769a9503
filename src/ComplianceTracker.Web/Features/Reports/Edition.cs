using System.Globalization;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>One published PDF status report. Never changed once written.</summary>
public sealed class Edition
{
    public const string StartupTrigger = "startup";
    public const string UserTriggerPrefix = "user:";

    public int Number { get; set; }
    public DateTimeOffset AsOf { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public string Trigger { get; set; } = "";
    public string? OccurrenceKey { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public int Pages { get; set; }

    /// <summary>"compliancetracker-edition-12-2026-11-30.pdf": the number and the as-of date in the case's time zone.</summary>
    public static string FileNameFor(int number, DateOnly asOfDate) =>
        string.Create(CultureInfo.InvariantCulture, $"compliancetracker-edition-{number}-{asOfDate:yyyy-MM-dd}.pdf");

    /// <summary>Who or what asked for this edition, in words.</summary>
    public string TriggerLabel => DescribeTrigger(Trigger);

    public static string DescribeTrigger(string trigger) => trigger switch
    {
        StartupTrigger => "published when the site first started",
        _ when trigger.StartsWith(UserTriggerPrefix, StringComparison.Ordinal) => "published by " + trigger[UserTriggerPrefix.Length..],
        "status-report-weekly" => "weekly schedule",
        "status-report-monthly" => "monthly schedule",
        _ => "scheduled",
    };
}
