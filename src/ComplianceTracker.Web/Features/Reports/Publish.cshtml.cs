using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>"Publish an edition now": queues the job and sends the editor to a page that follows it.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class PublishModel(IBackgroundJobClient jobs, EditionStore editions, CaseClock clock, ReportAddress address) : PageModel
{
    public Edition? Latest { get; private set; }

    /// <summary>Why publishing is paused (the site's address is not set), shown instead of queuing a job that would fail.</summary>
    public string? Paused => address.Problem;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Latest = await editions.LatestAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Paused is not null)
        {
            Latest = await editions.LatestAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        var trigger = Edition.UserTriggerPrefix + User.RecordedBy();
        // The press's own instant makes the occurrence key, so a retried run of this job never publishes twice.
        DateTimeOffset pressedAt = clock.UtcNow;
        var id = jobs.Enqueue<StatusReportJob>(job => job.RunAsync(trigger, pressedAt, CancellationToken.None));
        return Redirect($"/reports/publish/{id}");
    }
}
