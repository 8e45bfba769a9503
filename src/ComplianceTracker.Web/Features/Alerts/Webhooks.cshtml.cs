using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>/admin/webhooks: the endpoints that receive each change as signed JSON. The secret is shown once, when made.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class WebhooksModel(WebhookStore store, WebhookClient client, CaseClock clock) : PageModel
{
    public static readonly IReadOnlyList<string> Fields = ["Input.Url", "Input.Description"];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Url { get; set; }
        public string? Description { get; set; }
    }

    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];

    /// <summary>The new endpoint's secret, shown on this answer only.</summary>
    public string? NewSecret { get; private set; }

    public string? Saved { get; private set; }

    public bool AllowsHttp => client.Fetch.AllowHttp;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Endpoints = await store.ListEndpointsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var url = Input.Url?.Trim() ?? "";
        var description = Input.Description?.Trim() ?? "";
        if (url.Length is 0 or > 2000)
        {
            ModelState.AddModelError("Input.Url", "Address is required, at most 2,000 characters.");
        }
        else if (await client.CheckAsync(url, cancellationToken) is { } problem)
        {
            ModelState.AddModelError("Input.Url", $"Address: {problem}");
        }
        if (description.Length is 0 or > 200)
        {
            ModelState.AddModelError("Input.Description", "Who receives it is required, at most 200 characters (such as \u201CNewsroom data desk\u201D).");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Endpoints = await store.ListEndpointsAsync(cancellationToken);
            return Page();
        }
        var secret = WebhookSignature.NewSecret();
        await store.InsertEndpointAsync(new WebhookEndpoint
        {
            Url = url,
            Description = description,
            ProtectedSecret = client.Protect(secret),
            CreatedAt = clock.UtcNow,
            CreatedBy = User.RecordedBy(),
        }, cancellationToken);
        NewSecret = secret;
        Saved = $"Added {url}. Give its receiver the secret below: it is not shown again.";
        Input = new InputModel();
        Endpoints = await store.ListEndpointsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(long id, CancellationToken cancellationToken) =>
        await AfterAsync(await store.SetDisabledAsync(id, clock.UtcNow, cancellationToken), "Turned off: changes found from now on are not sent to it.", cancellationToken);

    public async Task<IActionResult> OnPostEnableAsync(long id, CancellationToken cancellationToken) =>
        await AfterAsync(await store.SetDisabledAsync(id, null, cancellationToken), "Turned on: changes found from now on are sent to it.", cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken) =>
        await AfterAsync(await store.DeleteEndpointAsync(id, cancellationToken), "Removed, with its deliveries and their log.", cancellationToken);

    private async Task<IActionResult> AfterAsync(int changed, string saved, CancellationToken cancellationToken)
    {
        if (changed == 0)
        {
            return NotFound();
        }
        Saved = saved;
        Endpoints = await store.ListEndpointsAsync(cancellationToken);
        return Page();
    }
}
