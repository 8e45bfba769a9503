using ComplianceTracker.Web.Infrastructure;
using Cronos;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>One report schedule as it applies now: an Admin's override, else the configuration.</summary>
public sealed record ReportSchedule(string JobId, string Label, string Cron, string TimeZone, ScheduleOverride? Override)
{
    public bool IsOverridden => Override is not null;
}

/// <summary>The weekly and monthly report schedules: where they come from, how they are checked, and their registration.</summary>
public sealed class ReportSchedules(
    ScheduleStore store,
    IOptions<ReportOptions> options,
    IOptions<Evidence.EvidenceOptions> evidence,
    IOptions<Requests.RequestsOptions> requests,
    IOptions<Alerts.AlertOptions> alerts,
    IRecurringJobManager recurring,
    ILogger<ReportSchedules> logger)
{
    public static readonly IReadOnlyList<(string JobId, string Label)> Jobs =
    [
        (StatusReportJob.WeeklyId, "Weekly status report"),
        (StatusReportJob.MonthlyId, "Monthly status report"),
    ];

    public async Task<IReadOnlyList<ReportSchedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        var overrides = (await store.ListAsync(cancellationToken)).ToDictionary(o => o.JobId, StringComparer.Ordinal);
        var configured = options.Value;
        return Jobs.Select(job =>
        {
            var cron = job.JobId == StatusReportJob.WeeklyId ? configured.WeeklyCron : configured.MonthlyCron;
            return overrides.TryGetValue(job.JobId, out var o)
                ? new ReportSchedule(job.JobId, job.Label, o.Cron, o.TimeZone, o)
                : new ReportSchedule(job.JobId, job.Label, cron, configured.TimeZone, null);
        }).ToList();
    }

    public async Task<ReportSchedule?> FindAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.JobId == jobId);

    /// <summary>Every recurring job of the app, registered (or re-registered after a change) in this one place.</summary>
    public async Task RegisterAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var schedule in await ListAsync(cancellationToken))
        {
            var jobId = schedule.JobId;
            recurring.AddOrUpdate<StatusReportJob>(
                jobId,
                job => job.RunAsync(jobId, null, CancellationToken.None),
                schedule.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone) });
            logger.LogInformation("Recurring job {JobId}: \"{Cron}\" in {Zone}.", jobId, schedule.Cron, schedule.TimeZone);
        }
        var linkCheck = evidence.Value.LinkCheckCron;
        recurring.AddOrUpdate<Evidence.LinkHealthJob>(
            Evidence.LinkHealthJob.Id,
            job => job.RunAsync(CancellationToken.None),
            linkCheck,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone) });
        logger.LogInformation("Recurring job {JobId}: \"{Cron}\" in {Zone}.", Evidence.LinkHealthJob.Id, linkCheck, options.Value.TimeZone);
        var daily = requests.Value.DailyCron;
        recurring.AddOrUpdate<Requests.RecordsRequestJob>(
            Requests.RecordsRequestJob.Id,
            job => job.RunAsync(CancellationToken.None),
            daily,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone) });
        logger.LogInformation("Recurring job {JobId}: \"{Cron}\" in {Zone}.", Requests.RecordsRequestJob.Id, daily, options.Value.TimeZone);

        // Alerts: the change log read every minute for what to send, the weekly digest, the deadline reminders.
        var zone = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone) };
        var alert = alerts.Value;
        recurring.AddOrUpdate<Alerts.AlertScanJob>(Alerts.AlertScanJob.Id, job => job.RunAsync(CancellationToken.None), alert.ScanCron, zone);
        recurring.AddOrUpdate<Alerts.AlertDigestJob>(Alerts.AlertDigestJob.Id, job => job.RunAsync(CancellationToken.None), alert.DigestCron, zone);
        recurring.AddOrUpdate<Alerts.DeadlineReminderJob>(Alerts.DeadlineReminderJob.Id, job => job.RunAsync(CancellationToken.None), alert.ReminderCron, zone);
        foreach (var (id, cron) in new[] { (Alerts.AlertScanJob.Id, alert.ScanCron), (Alerts.AlertDigestJob.Id, alert.DigestCron), (Alerts.DeadlineReminderJob.Id, alert.ReminderCron) })
        {
            logger.LogInformation("Recurring job {JobId}: \"{Cron}\" in {Zone}.", id, cron, options.Value.TimeZone);
        }
    }

    /// <summary>Null when <paramref name="cron"/> is a valid five-field cron expression, else what is wrong with it.</summary>
    public static string? CheckCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "Enter a cron expression, such as 0 7 * * 1 (Mondays at 07:00).";
        }
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return $"\"{cron.Trim()}\" is not a cron expression of five fields (minute hour day-of-month month day-of-week): {ex.Message}";
        }
        return CheckFrequency(cron.Trim(), expression);
    }

    /// <summary>The shortest time allowed between two editions of one schedule: each run publishes a numbered edition for good.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// A schedule must fire at all, and never twice within an hour. Judged over one leap year from a fixed day, so the
    /// answer does not depend on when it is asked (a cron's pattern repeats within a year; 29 February is in it).
    /// </summary>
    private static string? CheckFrequency(string cron, CronExpression expression)
    {
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (expression.GetNextOccurrence(from, TimeZoneInfo.Utc) is null)
        {
            return $"\"{cron}\" never fires (no such date, such as 30 February); give a day that exists.";
        }
        DateTimeOffset? previous = null;
        foreach (var next in expression.GetOccurrences(from, from.AddYears(1), TimeZoneInfo.Utc))
        {
            if (previous is { } last && next - last < MinimumInterval)
            {
                return $"\"{cron}\" fires more often than once an hour ({last:HH:mm} and {next:HH:mm}); each run publishes an edition, so at most one an hour.";
            }
            previous = next;
        }
        return null;
    }

    /// <summary>Null when <paramref name="zone"/> names a time zone this machine knows, else a message.</summary>
    public static string? CheckTimeZone(string? zone) =>
        !string.IsNullOrWhiteSpace(zone) && TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out _)
            ? null
            : $"\"{zone}\" is not a time zone this server knows; use an IANA name such as America/Los_Angeles.";

    /// <summary>The next <paramref name="count"/> runs after <paramref name="from"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextOccurrences(string cron, TimeZoneInfo zone, DateTimeOffset from, int count)
    {
        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        var result = new List<DateTimeOffset>();
        var at = from;
        while (result.Count < count && expression.GetNextOccurrence(at, zone) is { } next)
        {
            result.Add(next);
            at = next;
        }
        return result;
    }

    /// <summary>The latest run at or before <paramref name="now"/> within the past year, searched in widening windows.</summary>
    public static DateTimeOffset? LatestOccurrence(string cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        foreach (var back in new[] { TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(32), TimeSpan.FromDays(367) })
        {
            DateTimeOffset? latest = null;
            foreach (var occurrence in expression.GetOccurrences(now - back, now, zone, fromInclusive: true, toInclusive: true))
            {
                latest = occurrence;
            }
            if (latest is not null)
            {
                return latest;
            }
        }
        return null;
    }
}
