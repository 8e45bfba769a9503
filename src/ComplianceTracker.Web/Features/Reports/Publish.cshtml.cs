using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>"Publish an edition now": queues the job and sends the editor to a page that follows it.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class PublishModel(IBackgroundJobClient jobs, EditionStore editions, CaseClock clock, ReportAddress address, ILogger<PublishModel> logger) : PageModel
{
    public Edition? Latest { get; private set; }

    /// <summary>Why publishing is paused (the site's address is not set), shown instead of queuing a job that would fail.</summary>
    public string? Paused => address.Problem;

    /// <summary>Why the press just made was not queued (the job store did not answer).</summary>
    public string? NotQueued { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Latest = await editions.LatestAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Paused is not null)
        {
            Latest = await LatestOrNullAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        var trigger = Edition.UserTriggerPrefix + User.RecordedBy();
        // The press's own instant makes the occurrence key, so a retried run of this job never publishes twice.
        DateTimeOffset pressedAt = clock.UtcNow;
        string id;
        try
        {
            id = jobs.Enqueue<StatusReportJob>(job => job.RunAsync(trigger, pressedAt, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job store (jobs.db, or PostgreSQL) is locked, full or away: say so, rather than the generic error page.
            logger.LogError(ex, "A publish request could not be queued.");
            NotQueued = "The edition could not be queued: the job store did not answer (it may be busy or its disk full). Nothing was queued; try again in a minute.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "30";
            Latest = await LatestOrNullAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/reports/publish/{id}");
    }

    // Only for the lede's "it will be edition N": a database that cannot answer leaves it out, not the page.
    private async Task<Edition?> LatestOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await editions.LatestAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return null;
        }
    }
}
