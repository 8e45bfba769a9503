using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>"Publish an edition now": queues the job and sends the editor to a page that follows it.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class PublishModel(IBackgroundJobClient jobs, EditionStore editions, CaseClock clock) : PageModel
{
    public Edition? Latest { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Latest = await editions.LatestAsync(cancellationToken);

    public IActionResult OnPost()
    {
        var trigger = Edition.UserTriggerPrefix + User.RecordedBy();
        // The press's own instant makes the occurrence key, so a retried run of this job never publishes twice.
        DateTimeOffset pressedAt = clock.UtcNow;
        var id = jobs.Enqueue<StatusReportJob>(job => job.RunAsync(trigger, pressedAt, CancellationToken.None));
        return Redirect($"/reports/publish/{id}");
    }
}
