using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>/requests/staff: every request, private ones and drafts included, what needs doing first.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class StaffModel(RequestsQuery query) : PageModel
{
    public IReadOnlyList<RequestRecord> Requests { get; private set; } = [];

    public RecordsLaws Laws => query.Laws;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Overdue first, then those awaiting an answer, drafts, and the rest; newest first within each.
        Requests = (await query.ListAsync(includePrivate: true, cancellationToken))
            .OrderBy(r => r.Standing.IsOverdue ? 0 : r.Standing.IsAwaiting ? 1 : r.Standing.IsDraft ? 2 : 3)
            .ThenByDescending(r => r.Request.Id)
            .ToList();
    }
}
