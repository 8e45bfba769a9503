namespace ComplianceTracker.Web.Features.Desk;

/// <summary>What the staff desk counts as needing attention (section "Desk").</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>A headline figure (the regulator's count, the newest money figure) older than this many days is listed.</summary>
    public int HeadlineMaxAgeDays { get; set; } = 180;
}
