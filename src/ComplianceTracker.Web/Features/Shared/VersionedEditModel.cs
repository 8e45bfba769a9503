using ComplianceTracker.Web.Features.Changes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// An editor's form that saves against the version of the record it was read at. When someone else saved first,
/// nothing is overwritten: the form comes back (409) with what they changed, and carries the version it now shows.
/// </summary>
public abstract class VersionedEditModel : PageModel
{
    /// <summary>What was saved by others since the form was read, when that stopped this save.</summary>
    public IReadOnlyList<ChangeSince>? Conflict { get; private set; }

    /// <summary>
    /// Ends a post: the form again with the conflict, or the saved notice and the way on. <paramref name="currentVersion"/>
    /// reads the record's version now (null when there is none to read); <paramref name="showVersion"/> puts it in the form.
    /// </summary>
    protected async Task<IActionResult> SavedOrConflictAsync(
        IReadOnlyList<ChangeSince>? conflict, Func<Task<int?>> currentVersion, Action<int> showVersion, string saved, string next)
    {
        if (conflict is null)
        {
            TempData["Saved"] = saved;
            return Redirect(next);
        }
        Conflict = conflict;
        // The posted (stale) version would otherwise win over the one set here when the form is drawn again.
        ModelState.Remove("Input.Version");
        if (await currentVersion() is { } version)
        {
            showVersion(version);
        }
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
