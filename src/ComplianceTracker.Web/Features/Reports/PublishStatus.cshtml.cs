using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>Where a publish request stands: queued, running, published or failed (with the reason).</summary>
public sealed record PublishProgress(string State, string Message, int? Edition, bool Done);

/// <summary>
/// Follows one publish job. The page refreshes itself: a small script asks for <see cref="OnGetProgress"/> every
/// two seconds, and without JavaScript a meta refresh in a noscript element reloads the page.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed partial class PublishStatusModel(JobStorage storage, IOptions<JobsOptions> jobs) : PageModel
{
    public string JobId { get; private set; } = "";
    public PublishProgress Progress { get; private set; } = new("queued", "", null, false);

    public IActionResult OnGet(string jobId)
    {
        if (Read(jobId) is not { } progress)
        {
            return NotFound();
        }
        JobId = jobId;
        Progress = progress;
        return Page();
    }

    /// <summary>The same as JSON, for the page's script.</summary>
    public IActionResult OnGetProgress(string jobId) =>
        Read(jobId) is { } progress ? new JsonResult(progress) : NotFound();

    private PublishProgress? Read(string jobId)
    {
        if (!JobIdPattern().IsMatch(jobId))
        {
            return null;
        }
        using var connection = storage.GetConnection();
        JobData? job;
        try
        {
            job = connection.GetJobData(jobId);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            // Each storage parses ids its own way (SQLite int, PostgreSQL bigint): an id it cannot read is no job of ours.
            return null;
        }
        if (job is null || job.Job?.Type != typeof(StatusReportJob))
        {
            return null;
        }
        var state = connection.GetStateData(jobId);
        var data = state?.Data ?? new Dictionary<string, string>();
        switch (job.State)
        {
            case "Processing" when data.TryGetValue("ServerId", out var server) && IsLive(server):
                return new PublishProgress("running", "Running: the report is being rendered and published.", null, false);
            case "Processing":
                // Its server stopped answering (the process was stopped or killed): the job waits out the
                // invisibility timeout, then a live worker takes it from the start.
                var wait = TimeSpan.FromSeconds(jobs.Value.InvisibilityTimeoutSeconds);
                var retryAt = data.TryGetValue("StartedAt", out var startedAt) && long.TryParse(startedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var started)
                    ? " It will be taken up again by " + DateTimeOffset.FromUnixTimeMilliseconds(started).Add(wait).Add(TimeSpan.FromMinutes(1)).ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture) + "."
                    : "";
                return new PublishProgress("interrupted", $"Interrupted: the worker running it stopped before it finished; it is waiting to be retried.{retryAt}", null, false);
            case "Succeeded":
                var number = data.TryGetValue("Result", out var result) && int.TryParse(result, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
                return new PublishProgress("published", number is { } edition ? $"Published: edition {edition}." : "Published.", number, true);
            case "Failed":
                var reason = data.TryGetValue("ExceptionMessage", out var message) ? message : state?.Reason ?? "unknown";
                return new PublishProgress("failed", reason.Contains("Nothing was published", StringComparison.Ordinal) || reason.Contains(" is recorded", StringComparison.Ordinal)
                    ? $"Failed: {reason}" : $"Failed: {reason} Nothing was published.", null, true);
            case "Scheduled" when state?.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true:
                var at = data.TryGetValue("EnqueueAt", out var enqueueAt) && long.TryParse(enqueueAt, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                    ? " It will be tried again at " + DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture) + "."
                    : "";
                return new PublishProgress("retrying", $"Failed, nothing was published: {state.Reason}.{at}", null, false);
            case "Deleted":
                return new PublishProgress("failed", "Failed: the job was cancelled. Nothing was published.", null, true);
            default:
                return AnyServerLive()
                    ? new PublishProgress("queued", "Queued: waiting for a worker.", null, false)
                    : new PublishProgress("queued", "Queued: no job server is running at the moment; it will run when one starts.", null, false);
        }
    }

    private bool IsLive(string serverId) => LiveServers().Contains(serverId);

    private bool AnyServerLive() => LiveServers().Count > 0;

    private HashSet<string>? live;

    /// <summary>Job servers whose last heartbeat is recent: a killed process's server stops beating at once.</summary>
    private HashSet<string> LiveServers()
    {
        if (live is null)
        {
            // Hangfire stamps heartbeats with the machine's clock, not the app's TimeProvider.
            var now = DateTime.UtcNow;
            live = storage.GetMonitoringApi().Servers()
                .Where(s => s.Heartbeat is { } beat && now - DateTime.SpecifyKind(beat, DateTimeKind.Utc) < JobsOptions.ServerSilence)
                .Select(s => s.Name)
                .ToHashSet(StringComparer.Ordinal);
        }
        return live;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex JobIdPattern();
}
