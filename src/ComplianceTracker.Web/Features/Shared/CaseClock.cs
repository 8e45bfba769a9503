namespace ComplianceTracker.Web.Features.Shared;

/// <summary>"Today" in the case's time zone (default America/Los_Angeles), from the injected <see cref="TimeProvider"/>.</summary>
public sealed class CaseClock(TimeProvider time, IConfiguration configuration)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Site:TimeZone"] ?? "America/Los_Angeles");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
