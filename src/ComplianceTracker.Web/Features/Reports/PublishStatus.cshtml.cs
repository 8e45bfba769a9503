using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Accounts;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>Where a publish request stands: queued, running, published or failed (with the reason).</summary>
public sealed record PublishProgress(string State, string Message, int? Edition, bool Done);

/// <summary>
/// Follows one publish job. The page refreshes itself: a small script asks for <see cref="OnGetProgress"/> every
/// two seconds, and without JavaScript a meta refresh in a noscript element reloads the page.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed partial class PublishStatusModel(JobStorage storage) : PageModel
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
        var job = connection.GetJobData(jobId);
        if (job is null || job.Job?.Type != typeof(StatusReportJob))
        {
            return null;
        }
        var state = connection.GetStateData(jobId);
        var data = state?.Data ?? new Dictionary<string, string>();
        switch (job.State)
        {
            case "Processing":
                return new PublishProgress("running", "Running: the report is being rendered and published.", null, false);
            case "Succeeded":
                var number = data.TryGetValue("Result", out var result) && int.TryParse(result, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
                return new PublishProgress("published", number is { } edition ? $"Published: edition {edition}." : "Published.", number, true);
            case "Failed":
                var reason = data.TryGetValue("ExceptionMessage", out var message) ? message : state?.Reason ?? "unknown";
                return new PublishProgress("failed", $"Failed: {reason} Nothing was published.", null, true);
            case "Scheduled" when state?.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true:
                var at = data.TryGetValue("EnqueueAt", out var enqueueAt) && long.TryParse(enqueueAt, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                    ? " It will be tried again at " + DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture) + "."
                    : "";
                return new PublishProgress("retrying", $"Failed, nothing was published: {state.Reason}.{at}", null, false);
            case "Deleted":
                return new PublishProgress("failed", "Failed: the job was cancelled. Nothing was published.", null, true);
            default:
                return new PublishProgress("queued", "Queued: waiting for a worker.", null, false);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex JobIdPattern();
}
