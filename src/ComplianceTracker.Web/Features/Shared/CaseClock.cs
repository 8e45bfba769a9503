using System.Globalization;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// The site's one clock: "today" and every date a person reads are the date in the case's time zone (the case's own
/// "timeZone", else Site:TimeZone, default America/Los_Angeles) of the instant they describe, from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class CaseClock(TimeProvider time, IConfiguration configuration)
{
    public const string DefaultZone = "America/Los_Angeles";

    private volatile TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Site:TimeZone"] ?? DefaultZone);

    public TimeZoneInfo Zone => zone;

    /// <summary>
    /// Reads dates in the case's own zone from now on, when the case names one (case.json "timeZone"); set once at
    /// start-up, after the case is loaded, before any request is served.
    /// </summary>
    public void UseCaseZone(string? zoneId)
    {
        if (zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var caseZone))
        {
            zone = caseZone;
        }
    }

    public DateOnly Today => DateOf(time.GetUtcNow());

    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>The instant as the case's local time, with its offset.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>The date in the case's time zone on which the instant fell.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    /// <summary>"2026-12-01" in the case's time zone.</summary>
    public string IsoDate(DateTimeOffset instant) => DateOf(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"1 December 2026, 23:30 Pacific Time (Los Angeles)": local time and the zone's name, for history rows.</summary>
    public string DayAndTime(DateTimeOffset instant, bool withZone = true)
    {
        var local = Local(instant);
        var text = $"{Format.Day(DateOnly.FromDateTime(local.DateTime))}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";
        return withZone ? text + " " + ZoneName : text;
    }

    /// <summary>"Pacific Time" for America/Los_Angeles: the zone's name as readers know it, from the system's zone data.</summary>
    public string ZoneName
    {
        get
        {
            // DisplayName reads "(UTC-08:00) Pacific Time (Los Angeles)"; the part after the offset is the reader's name.
            var name = zone.DisplayName;
            var cut = name.IndexOf(") ", StringComparison.Ordinal);
            return cut >= 0 ? name[(cut + 2)..] : zone.Id;
        }
    }
}
