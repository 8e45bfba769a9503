using System.Globalization;
using Hangfire;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The Hangfire entry point that publishes one edition. Safe to run twice: every run of one schedule occurrence, one
/// editor's press of the button or the start-up run carries the same occurrence key, and a key already published is
/// answered with its edition instead of a new one.
/// </summary>
public sealed class StatusReportJob(
    EditionPublisher publisher,
    EditionStore editions,
    ReportSchedules schedules,
    ReportFonts fonts,
    ReportAddress address,
    TimeProvider time,
    ILogger<StatusReportJob> logger)
{
    public const string WeeklyId = "status-report-weekly";
    public const string MonthlyId = "status-report-monthly";

    /// <param name="trigger">A schedule id, "user:&lt;name&gt;" or "startup".</param>
    /// <param name="scheduledFor">
    /// When the run was asked for: the press of the button, or a schedule occurrence. Recurring runs pass null and the
    /// occurrence is the schedule's latest at or before now, which a retry a little later finds again.
    /// </param>
    /// <param name="cancellationToken">Hangfire's shutdown token: a run stopped part-way publishes nothing.</param>
    /// <returns>The number of the edition published, or found already published.</returns>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Status report ({0})")]
    public async Task<int> RunAsync(string trigger, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        // An edition can never be changed, so none is made that would link readers to a wrong address.
        address.EnsurePublishable();
        if (trigger == Edition.StartupTrigger && await editions.LatestAsync(cancellationToken) is { } existing)
        {
            logger.LogInformation("Edition {Number} exists; the start-up edition is not needed.", existing.Number);
            return existing.Number;
        }
        var key = await OccurrenceKeyAsync(trigger, scheduledFor, cancellationToken);
        var result = await publisher.PublishAsync(new EditionRequest(trigger, key), report => StatusReportPdf.Render(report, fonts.Family), cancellationToken);
        return result.Edition.Number;
    }

    private async Task<string?> OccurrenceKeyAsync(string trigger, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        if (trigger == Edition.StartupTrigger)
        {
            return Edition.StartupTrigger;
        }
        if (await schedules.FindAsync(trigger, cancellationToken) is { } schedule)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
            var occurrence = scheduledFor ?? ReportSchedules.LatestOccurrence(schedule.Cron, zone, time.GetUtcNow());
            if (occurrence is null)
            {
                return null;
            }
            var local = TimeZoneInfo.ConvertTime(occurrence.Value, zone);
            return string.Create(CultureInfo.InvariantCulture, $"{trigger}:{local:yyyy-MM-dd'T'HH:mm}");
        }
        return scheduledFor is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"{trigger}:{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}")
            : null;
    }
}
