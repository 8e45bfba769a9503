using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>One edition's page (/reports/{n}): what it is, its fingerprint, and a citation ready to paste.</summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class ShowModel(EditionStore editions, Cases.CaseStore cases, ReportAddress address, CaseClock clock) : PageModel
{
    public Edition Edition { get; private set; } = new();
    public string CaseTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken cancellationToken)
    {
        if (await editions.FindAsync(number, cancellationToken) is not { } edition)
        {
            return NotFound();
        }
        Edition = edition;
        CaseTitle = (await cases.GetAsync(cancellationToken))?.Title ?? "";
        return Page();
    }

    public string AsOfDay => Format.Day(clock.DateOf(Edition.AsOf));

    /// <summary>The edition's permanent address at the configured public address, never the request's Host.</summary>
    public string PdfAddress => address.BaseUrl.TrimEnd('/') + $"/reports/{Edition.Number}.pdf";

    public string Citation => Text.CiteSection.Citation(CaseTitle, Edition.Number, AsOfDay, PdfAddress);
}
