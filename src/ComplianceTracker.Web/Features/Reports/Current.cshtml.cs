using System.Globalization;
using ComplianceTracker.Web.Features.Reports.Text;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Html;
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

    /// <summary>
    /// "[3, 7]" with each number a link to its entry in the numbered sources list, glued to the word before by a
    /// no-break space as the PDF glues its markers. Built here, not in the view, so no stray space lands inside it.
    /// </summary>
    public static IHtmlContent Markers(IReadOnlyList<int> sources)
    {
        var html = new HtmlContentBuilder();
        if (sources.Count == 0)
        {
            return html;
        }
        html.AppendHtml("&#160;<span class=\"cite-ref\">[");
        var first = true;
        foreach (var n in sources.Order())
        {
            var number = n.ToString(CultureInfo.InvariantCulture);
            html.AppendHtml(first ? "" : ", ");
            html.AppendHtml($"<a href=\"#source-{number}\" aria-label=\"Source {number}\">{number}</a>");
            first = false;
        }
        return html.AppendHtml("]</span>");
    }
}
