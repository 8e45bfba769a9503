using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Reports;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(EditionStore editions, ReportSchedules schedules, StatusReportQuery query, CaseClock clock) : PageModel
{
    public IReadOnlyList<Edition> Editions { get; private set; } = [];
    public IReadOnlyList<(ReportSchedule Schedule, DateTimeOffset? Next, TimeZoneInfo Zone)> Schedules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Editions = await editions.ListAsync(cancellationToken);
        var now = clock.UtcNow;
        Schedules = (await schedules.ListAsync(cancellationToken)).Select(s =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
            return (s, ReportSchedules.NextOccurrences(s.Cron, zone, now, 1).Cast<DateTimeOffset?>().FirstOrDefault(), zone);
        }).ToList();
    }

    /// <summary>"27 Nov 2026, 12:00 PST": an edition's as-of time in the case's time zone.</summary>
    public string AsOf(Edition edition) => Instant(edition.AsOf, query.Zone, "d MMM yyyy, HH:mm");

    public DateOnly AsOfDay(Edition edition) => query.DayOf(edition.AsOf);

    public static string Instant(DateTimeOffset at, TimeZoneInfo zone, string format = "dddd d MMMM yyyy, HH:mm") =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(format, System.Globalization.CultureInfo.GetCultureInfo("en-US"))
        + " " + (zone.IsDaylightSavingTime(at) ? zone.DaylightName : zone.StandardName);
}
