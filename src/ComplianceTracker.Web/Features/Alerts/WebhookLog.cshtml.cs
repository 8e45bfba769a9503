using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>/admin/webhooks/{id}: one endpoint's deliveries, newest first, each with every attempt.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class WebhookLogModel(WebhookStore store) : PageModel
{
    public WebhookEndpoint Endpoint { get; private set; } = new();
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.FindEndpointAsync(id, cancellationToken) is not { } endpoint)
        {
            return NotFound();
        }
        Endpoint = endpoint;
        Deliveries = await store.ListDeliveriesAsync(id, 200, cancellationToken);
        return Page();
    }
}
