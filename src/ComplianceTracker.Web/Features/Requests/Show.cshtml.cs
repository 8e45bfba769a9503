using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/{id}: one public request as readers see it: what was asked of whom under which law, when, its
/// determination date and how it was computed, its history and the documents made sources. A private request or one not
/// yet sent is not found here; staff are sent on to its staff page.
/// </summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class ShowModel(RequestsQuery query) : PageModel
{
    public RequestRecord Record { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var staff = User.CanEdit();
        var found = await query.FindAsync(id, includePrivate: staff, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        if (!found.Request.IsPublic || found.Standing.IsDraft)
        {
            return staff ? Redirect(found.Request.Path + "/manage") : NotFound();
        }
        Record = found;
        return Page();
    }
}
