using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Reports.Text;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// "Publish an edition now": shows what the edition's cover and its "Changes since" will say, then queues the job and
/// sends the editor to a page that follows it.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class PublishModel(IBackgroundJobClient jobs, EditionStore editions, StatusReportQuery query, CaseClock clock, ReportAddress address, ILogger<PublishModel> logger) : PageModel
{
    public Edition? Latest { get; private set; }

    /// <summary>
    /// The edition's cover and its "Changes since" section as the publisher would word them if it ran now: the same
    /// query at the same clock, the same section builders. Null when the record could not be read.
    /// </summary>
    public ReportDocument? Preview { get; private set; }

    /// <summary>When the preview was read from the record: "27 November 2026, 12:00".</summary>
    public string? PreviewReadAt { get; private set; }

    /// <summary>The number the edition will have if published now.</summary>
    public int NextNumber => (Latest?.Number ?? 0) + 1;

    /// <summary>Why publishing is paused (the site's address is not set), shown instead of queuing a job that would fail.</summary>
    public string? Paused => address.Problem;

    /// <summary>Why the press just made was not queued (the job store did not answer).</summary>
    public string? NotQueued { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Latest = await editions.LatestAsync(cancellationToken);
        await PreviewAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Paused is not null)
        {
            Latest = await LatestOrNullAsync(cancellationToken);
            await PreviewAsync(cancellationToken);
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
            await PreviewAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/reports/publish/{id}");
    }

    private async Task PreviewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await query.BuildAsync(NextNumber, clock.UtcNow, Latest, cancellationToken);
            Preview = new ReportDocument(CoverSection.Build(report), [ChangesSection.Build(report)]);
            PreviewReadAt = clock.DayAndTime(report.AsOf);
        }
        catch (System.Data.Common.DbException ex)
        {
            // The button does not need the preview: a database that cannot answer now leaves it out, not the page.
            logger.LogWarning(ex, "The preview of the next edition could not be read.");
        }
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
