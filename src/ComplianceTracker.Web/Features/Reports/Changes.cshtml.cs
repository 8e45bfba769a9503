using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>An edition's "changes since the edition before", as the PDF gives them, on the site.</summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class ChangesModel(EditionStore editions, StatusReportQuery query) : PageModel
{
    public Edition Edition { get; private set; } = new();
    public StatusReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken cancellationToken)
    {
        if (await editions.FindAsync(number, cancellationToken) is not { } edition)
        {
            return NotFound();
        }
        Edition = edition;
        var previous = number > 1 ? await editions.FindAsync(number - 1, cancellationToken) : null;
        Report = await query.BuildAsync(edition.Number, edition.AsOf, previous, cancellationToken);
        return Page();
    }

    /// <summary>The sources the changes cite, in the report's numbering.</summary>
    public IEnumerable<ReportSource> CitedSources =>
        Report.Changes.SelectMany(c => c.Sources).Distinct().Order().Select(n => Report.Sources[n - 1]);
}
