using ComplianceTracker.Web.Features.Reports.Text;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The status report as it would read if an edition were made now: the same model the PDF is rendered from, read
/// from the record at the time of the request, so a reader (or a print of the page) gets what the PDF would say.
/// </summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class CurrentModel(EditionStore editions, StatusReportQuery query, TimeProvider time) : PageModel
{
    public StatusReport Report { get; private set; } = null!;

    /// <summary>The report's words, as the PDF renderer reads them.</summary>
    public ReportDocument Text { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var latest = await editions.LatestAsync(cancellationToken);
        Report = await query.BuildAsync((latest?.Number ?? 0) + 1, time.GetUtcNow(), latest, cancellationToken) with { Draft = true };
        Text = ReportSections.Build(Report);
    }

    /// <summary>"27 November 2026, 12:00 PST": when the record was read, in the case's time zone.</summary>
    public string ReadAt => IndexModel.Instant(Report.AsOf, query.Zone, "d MMMM yyyy, HH:mm");
}
