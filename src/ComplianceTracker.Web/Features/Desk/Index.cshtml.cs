using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Desk;

/// <summary>The staff desk: what on the record needs attention, each with the form that fixes it. Never cached: staff only.</summary>
[Authorize(Policy = Policies.Editor)]
public sealed class IndexModel(DeskQuery query) : PageModel
{
    public DeskReport Desk { get; private set; } = new([]);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Desk = await query.BuildAsync(cancellationToken);
}
