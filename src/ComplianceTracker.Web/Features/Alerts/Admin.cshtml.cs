using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>/admin/alerts: how many follow the record, what waits to be sent, and every failure (addresses masked).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(AlertStore store, Mailer mailer) : PageModel
{
    public AlertStats Stats { get; private set; } = new();
    public IReadOnlyList<AlertFailure> Failures { get; private set; } = [];
    public string MailRoute => mailer.Describe();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stats = await store.StatsAsync(cancellationToken);
        Failures = await store.ListFailuresAsync(100, cancellationToken);
    }
}
