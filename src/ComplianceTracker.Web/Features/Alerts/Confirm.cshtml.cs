using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// /alerts/confirm?token=…: the link of a confirmation message. Opening it shows what would be followed and a button;
/// pressing the button (signed, unused, within 48 hours) starts the subscription. Opening alone changes nothing, so a
/// mail scanner that follows every link cannot subscribe an address whose owner never asked. A used or replaced link
/// changes nothing, and says whether the subscription stands.
/// </summary>
// Reached from a link in a message: the signed token is the proof, not an account.
[AllowAnonymous]
public sealed class ConfirmModel(AlertTokens tokens, AlertStore store, FollowCatalog catalog, AlertComposer composer, CaseClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? Problem { get; private set; }
    public FollowOption? Option { get; private set; }
    public string Frequency { get; private set; } = Frequencies.Immediate;
    public string? ManageUrl { get; private set; }
    public bool AlreadyActive { get; private set; }

    /// <summary>True on the page the link opens, before the button is pressed.</summary>
    public bool Asking { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await UsableAsync(cancellationToken) is { } usable)
        {
            Asking = true;
            Frequency = usable.Confirmation.Frequency;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await UsableAsync(cancellationToken) is not { } usable)
        {
            return Page();
        }
        var (confirmation, subscription) = usable;
        Frequency = confirmation.Frequency;
        if (!await store.ConfirmAsync(subscription.Id, confirmation.Nonce, confirmation.Frequency, clock.UtcNow, cancellationToken))
        {
            // Pressed twice, or in two tabs: the first press counted.
            var now = await store.FindSubscriptionAsync(subscription.Id, cancellationToken) ?? subscription;
            return Refuse(now, confirmation, expired: false);
        }
        ManageUrl = composer.ManageUrl(subscription.SubscriberId);
        return Page();
    }

    /// <summary>The token's confirmation and subscription when the link can still confirm; otherwise the page says why.</summary>
    private async Task<(AlertTokens.Confirmation Confirmation, Subscription Subscription)?> UsableAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (tokens.ReadConfirmation(Token) is not ({ } confirmation, var expired)
            || await store.FindSubscriptionAsync(confirmation.SubscriptionId, cancellationToken) is not { } subscription)
        {
            Problem = AlertText.LinkInvalid;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
        Option = FollowCatalog.Describe(await catalog.ListAsync(cancellationToken), subscription.FollowTarget);
        // An expired link changes nothing, even unused.
        if (expired || subscription.ConfirmNonce != confirmation.Nonce)
        {
            Refuse(subscription, confirmation, expired);
            return null;
        }
        return (confirmation, subscription);
    }

    private PageResult Refuse(Subscription subscription, AlertTokens.Confirmation confirmation, bool expired)
    {
        AlreadyActive = subscription.State == Subscription.Active && subscription.ConfirmNonce != confirmation.Nonce;
        Problem = expired && subscription.ConfirmNonce == confirmation.Nonce ? AlertText.LinkExpired : AlertText.LinkUsed;
        Frequency = subscription.Frequency;
        Response.StatusCode = AlreadyActive ? StatusCodes.Status200OK : StatusCodes.Status410Gone;
        return Page();
    }
}
