using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// /alerts/confirm?token=…: the link of a confirmation message. Following it (signed, unused, within 48 hours) starts
/// the subscription; a used or replaced link changes nothing, and says whether the subscription stands.
/// </summary>
// Reached from a link in a message: the signed token is the proof, not an account.
[AllowAnonymous]
public sealed class ConfirmModel(AlertTokens tokens, AlertStore store, FollowCatalog catalog, AlertComposer composer, CaseClock clock) : PageModel
{
    public string? Problem { get; private set; }
    public FollowOption? Option { get; private set; }
    public string Frequency { get; private set; } = Frequencies.Immediate;
    public string? ManageUrl { get; private set; }
    public bool AlreadyActive { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (tokens.ReadConfirmation(token) is not ({ } confirmation, var expired)
            || await store.FindSubscriptionAsync(confirmation.SubscriptionId, cancellationToken) is not { } subscription)
        {
            Problem = AlertText.LinkInvalid;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Option = FollowCatalog.Describe(await catalog.ListAsync(cancellationToken), subscription.FollowTarget);
        Frequency = confirmation.Frequency;
        // An expired link changes nothing, even unused.
        if (expired || !await store.ConfirmAsync(subscription.Id, confirmation.Nonce, confirmation.Frequency, clock.UtcNow, cancellationToken))
        {
            AlreadyActive = subscription.State == Subscription.Active && subscription.ConfirmNonce != confirmation.Nonce;
            Problem = expired && subscription.ConfirmNonce == confirmation.Nonce ? AlertText.LinkExpired : AlertText.LinkUsed;
            Frequency = subscription.Frequency;
            Response.StatusCode = AlreadyActive ? StatusCodes.Status200OK : StatusCodes.Status410Gone;
            return Page();
        }
        ManageUrl = composer.ManageUrl(subscription.SubscriberId);
        return Page();
    }
}
