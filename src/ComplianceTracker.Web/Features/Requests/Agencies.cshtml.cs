using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// /requests/agencies: the agencies the case may ask, each with the law that governs its records (one of the laws the
/// tracker has a file for, or none: then no date is computed) and its records address, as the agency gives it. A
/// request drafted afterwards takes the agency's law; one already drafted keeps the law it was drafted under.
/// </summary>
[Authorize(Policy = Policies.Editor)]
public sealed class AgenciesModel(Database database, RecordsAgencyStore agencies, RecordsLaws laws) : PageModel
{
    [BindProperty]
    public AgencyInput Input { get; set; } = new();

    public IReadOnlyList<RecordsAgency> Agencies { get; private set; } = [];

    public RecordsLaws Laws => laws;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Agencies = await agencies.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Agencies = await agencies.ListAsync(cancellationToken);
        var agency = Agencies.FirstOrDefault(a => a.Id == Input.Id);
        if (agency is null)
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(Input.FullName))
        {
            ModelState.AddModelError("Input.FullName", "Full name is required: the letter is addressed to it.");
        }
        if (!string.IsNullOrEmpty(Input.LawKey) && laws.Find(Input.LawKey) is null)
        {
            ModelState.AddModelError("Input.LawKey", "Records law: choose one of the laws on file, or none.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var changed = new RecordsAgency
        {
            Id = agency.Id,
            FullName = Input.FullName!.Trim(),
            LawKey = string.IsNullOrEmpty(Input.LawKey) ? null : Input.LawKey,
            RecordsAddress = string.IsNullOrWhiteSpace(Input.RecordsAddress) ? null : Input.RecordsAddress.Trim(),
            Version = Input.Version,
        };
        if (!await database.WriteAsync((connection, transaction) => RecordsAgencyStore.TryUpdateAsync(connection, transaction, changed), cancellationToken))
        {
            ModelState.AddModelError("Input.FullName", $"{agency.Name} was changed by someone else after this page was opened, so nothing was saved. It is shown below as it is now.");
            Agencies = await agencies.ListAsync(cancellationToken);
            Input = new AgencyInput();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Saved"] = $"{agency.Name} saved.";
        return Redirect("/requests/agencies");
    }
}

public sealed class AgencyInput
{
    public long Id { get; set; }

    [StringLength(300, ErrorMessage = "Full name can be at most 300 characters.")]
    public string? FullName { get; set; }

    public string? LawKey { get; set; }

    [StringLength(1000, ErrorMessage = "Records address can be at most 1,000 characters.")]
    public string? RecordsAddress { get; set; }

    public int Version { get; set; }
}
