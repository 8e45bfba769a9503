namespace ComplianceTracker.Web.Features.Cases;

/// <summary>The matter the tracker follows: one plan, one regulator.</summary>
public sealed class CaseRecord
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Plan { get; set; } = "";
    public string Regulator { get; set; } = "";
    public string RegulatorShort { get; set; } = "";
    public string Summary { get; set; } = "";
    public string PrimarySurveyKey { get; set; } = "";
    public string KeyDeadlineCode { get; set; } = "";
    public DateTimeOffset LoadedAt { get; set; }
}
