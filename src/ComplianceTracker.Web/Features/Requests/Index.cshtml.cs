using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests: the public records requests that have been sent, newest first, with agency, date sent, determination
/// date, days outstanding and outcome, a line per agency, and how the dates are computed. Private requests and drafts
/// are never read for this page.
/// </summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(RequestsQuery query) : PageModel
{
    public IReadOnlyList<RequestRecord> Requests { get; private set; } = [];

    /// <summary>One line per agency asked: "DMHC: 3 requests sent; …".</summary>
    public IReadOnlyList<string> AgencyLines { get; private set; } = [];

    /// <summary>The laws of the agencies asked, with their rules, for "How dates are computed".</summary>
    public IReadOnlyList<RecordsLaw> Laws { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Requests = (await query.ListAsync(includePrivate: false, cancellationToken))
            .Where(r => !r.Standing.IsDraft)
            .OrderByDescending(r => r.Standing.Sent!.OccurredOn).ThenByDescending(r => r.Request.Id)
            .ToList();
        AgencyLines = Requests.GroupBy(r => r.Agency.Id)
            .OrderBy(g => g.First().Agency.Position)
            .Select(g => RequestsText.AgencyLine(g.First().Agency.Name, g.Select(r => r.Standing).ToList()))
            .ToList();
        Laws = Requests.Where(r => r.Law is not null).Select(r => r.Law!).DistinctBy(l => l.Key).ToList();
    }
}
