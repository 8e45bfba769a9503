using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// /alerts/unsubscribe?token=…: the link in every message. It unsubscribes at once, as the message says, and offers to
/// undo it (a mail scanner that opens links would otherwise leave a reader unsubscribed without knowing).
/// </summary>
// Reached from a link in a message: the signed token is the proof, not an account.
[AllowAnonymous]
public sealed class UnsubscribeModel(AlertTokens tokens, AlertStore store, FollowCatalog catalog, AlertComposer composer, CaseClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public IReadOnlyList<FollowOption> Stopped { get; private set; } = [];
    public bool Resumed { get; private set; }
    public string? ManageUrl { get; private set; }
    public bool Invalid { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await HolderAsync(cancellationToken) is not { } holder)
        {
            return Page();
        }
        await store.EndAsync(holder.SubscriberId, holder.SubscriptionIds, clock.UtcNow, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken)
    {
        if (await HolderAsync(cancellationToken) is not { } holder)
        {
            return Page();
        }
        await store.ResumeAsync(holder.SubscriberId, holder.SubscriptionIds, clock.UtcNow, cancellationToken);
        Resumed = true;
        return Page();
    }

    private async Task<AlertTokens.Holder?> HolderAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (tokens.ReadUnsubscribe(Token) is not { } holder || await store.FindSubscriberAsync(holder.SubscriberId, cancellationToken) is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
        var options = await catalog.ListAsync(cancellationToken);
        var mine = (await store.ListSubscriptionsAsync(holder.SubscriberId, cancellationToken)).Where(s => holder.SubscriptionIds.Contains(s.Id));
        Stopped = mine.Select(s => FollowCatalog.Describe(options, s.FollowTarget)).ToList();
        ManageUrl = composer.ManageUrl(holder.SubscriberId);
        return holder;
    }
}
