using System.Text;
using ComplianceTracker.Web.Features.Data;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace ComplianceTracker.Web.Features.Timeline;

/// <summary>
/// /calendar.ics: every deadline (and with ?include=events every event) as an all-day entry.
/// Rule for dates known only to the month or year: the entry falls on the last day of that month or year,
/// the day the deadline falls due and from which days are counted. The description says so, and gives a passed
/// deadline's outcome as a source gives it: "overdue" only where a source says it was missed.
/// </summary>
public static class CalendarFeed
{
    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar.ics", async (HttpContext context, TimelineStore timeline, CaseClock clock, ILogger<TimelineItem> log, string? include, CancellationToken ct) =>
            {
                if (include is not (null or "" or "events" or "deadlines"))
                {
                    return ConditionalGet.BadQuery($"include \"{include}\" is not understood; use include=events to add events to the deadlines.");
                }
                var items = (await timeline.ListAsync(ct)).Where(i => i.IsDeadline || include == "events").ToList();
                var body = Render(items, clock.Today, OpenDataEndpoints.BaseUrl(context.Request), log);
                return ConditionalGet.Respond(context, body, "text/calendar; charset=utf-8", include == "events" ? "compliancetracker-timeline.ics" : "compliancetracker-deadlines.ics");
            })
            .RequireCors(OpenDataEndpoints.CorsPolicy)
            .CacheOutput(RecordCacheExtensions.Policy)
            .WithTags("Feeds")
            .WithSummary("iCalendar feed of deadlines; ?include=events adds events");
        return app;
    }

    /// <summary>One item that cannot be written (a date no calendar holds) is logged and left out; the rest are still served.</summary>
    public static byte[] Render(IReadOnlyList<TimelineItem> items, DateOnly today, string baseUrl, ILogger? log = null)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//ComplianceTracker//Deadlines//EN" };
        calendar.AddProperty("X-WR-CALNAME", "ComplianceTracker deadlines");
        calendar.AddProperty("X-WR-CALDESC", "Deadlines of the record, each with its status and, once passed, the outcome a source gives (unknown where none does).");
        foreach (var item in items)
        {
            try
            {
                calendar.Events.Add(Entry(item, today, baseUrl));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                log?.LogError(e, "Calendar: timeline item {Code} could not be written and was left out", item.Code);
            }
        }
        return new UTF8Encoding(false).GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? "");
    }

    private static CalendarEvent Entry(TimelineItem item, DateOnly today, string baseUrl)
    {
        var day = item.Occurs.End;
        var description = new StringBuilder();
        if (item.IsDeadline)
        {
            var standing = DeadlineStanding.Of(item, today);
            description.Append("Status: ").Append(DeadlineStatuses.Label(item.Status)).Append(". ");
            var words = standing.Describe();
            description.Append($"{char.ToUpperInvariant(words[0])}{words[1..]} as of {Format.Day(today)}. ");
        }
        if (item.Occurs.Precision != DatePrecision.Day)
        {
            description.Append($"Date known only to the {item.Occurs.PrecisionName} ({item.Occurs}); shown on its last day, {Format.Day(day)}. ");
        }
        if (item.Alternate is { } alt)
        {
            description.Append($"Sources disagree: also given as {alt}. ");
        }
        if (item.Description is not null)
        {
            description.Append(item.Description).Append(' ');
        }
        description.Append(baseUrl).Append("/timeline#").Append(item.Code);

        var entry = new CalendarEvent
        {
            Uid = $"{item.Code}@compliancetracker",
            Summary = (item.IsDeadline ? "Deadline: " : "") + item.Title,
            Description = description.ToString(),
            DtStart = new CalDateTime(day),
            // An all-day entry without an end lasts its one day (RFC 5545 3.6.1); the last day DateOnly holds has no next day.
            DtEnd = day < DateOnly.MaxValue ? new CalDateTime(day.AddDays(1)) : null,
            Url = new Uri($"{baseUrl}/timeline#{item.Code}"),
            DtStamp = new CalDateTime(item.RecordedAt.UtcDateTime, "UTC"),
        };
        entry.Categories.Add(item.Kind);
        return entry;
    }
}
