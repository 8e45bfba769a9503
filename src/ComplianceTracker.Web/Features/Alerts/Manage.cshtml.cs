using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// /alerts/manage?token=…: what one address follows, from the link in any of its messages. The signed token is the
/// only key (no account): it names the subscriber, and every form here posts it back with the antiforgery token.
/// The address itself is shown masked, since a message may have been forwarded.
/// </summary>
// Reached from a link in a message: the signed token is the proof, not an account.
[AllowAnonymous]
public sealed class ManageModel(AlertTokens tokens, AlertStore store, FollowCatalog catalog, CaseClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public Subscriber? Subscriber { get; private set; }
    public IReadOnlyList<(Subscription Subscription, FollowOption Option)> Followed { get; private set; } = [];
    public IReadOnlyList<FollowOption> Options { get; private set; } = [];
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : Refused();

    public async Task<IActionResult> OnPostFrequencyAsync(long id, string? frequency, CancellationToken cancellationToken) =>
        await ChangeAsync(cancellationToken, async holder =>
            Frequencies.IsValid(frequency) && await store.SetFrequencyAsync(holder.SubscriberId, id, frequency!, cancellationToken) == 1
                ? $"Saved: {AlertText.Frequency(frequency!)}." : null);

    public async Task<IActionResult> OnPostStopAsync(long id, CancellationToken cancellationToken) =>
        await ChangeAsync(cancellationToken, async holder =>
            await store.EndAsync(holder.SubscriberId, [id], clock.UtcNow, cancellationToken) == 1 ? AlertText.Stopped : null);

    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken) =>
        await ChangeAsync(cancellationToken, async holder =>
            await store.ResumeAsync(holder.SubscriberId, [id], clock.UtcNow, cancellationToken) == 1 ? "Following it again." : null);

    public async Task<IActionResult> OnPostStopAllAsync(CancellationToken cancellationToken) =>
        await ChangeAsync(cancellationToken, async holder =>
        {
            var all = (await store.ListSubscriptionsAsync(holder.SubscriberId, cancellationToken)).Select(s => s.Id).ToList();
            await store.EndAsync(holder.SubscriberId, all, clock.UtcNow, cancellationToken);
            return "Done: no more alerts will be sent to this address.";
        });

    public async Task<IActionResult> OnPostFollowAsync(string? follow, string? frequency, CancellationToken cancellationToken) =>
        await ChangeAsync(cancellationToken, async holder =>
        {
            var target = FollowTarget.Parse(follow);
            var options = await catalog.ListAsync(cancellationToken);
            if (target is null || options.All(o => o.Target != target) || !Frequencies.IsValid(frequency))
            {
                return null;
            }
            await store.FollowNowAsync(holder.SubscriberId, target, frequency!, clock.UtcNow, cancellationToken);
            return AlertText.Following(FollowCatalog.Describe(options, target), frequency!);
        });

    private async Task<IActionResult> ChangeAsync(CancellationToken cancellationToken, Func<AlertTokens.Holder, Task<string?>> change)
    {
        if (tokens.ReadManage(Token) is not { } holder || await store.FindSubscriberAsync(holder.SubscriberId, cancellationToken) is null)
        {
            return Refused();
        }
        Saved = await change(holder);
        if (Saved is null)
        {
            ModelState.AddModelError("", "Nothing was changed: the choice was not one of this page's.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (tokens.ReadManage(Token) is not { } holder || await store.FindSubscriberAsync(holder.SubscriberId, cancellationToken) is not { } subscriber)
        {
            return false;
        }
        Subscriber = subscriber;
        Options = await catalog.ListAsync(cancellationToken);
        Followed = (await store.ListSubscriptionsAsync(subscriber.Id, cancellationToken))
            .Select(s => (s, FollowCatalog.Describe(Options, s.FollowTarget))).ToList();
        return true;
    }

    private IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Subscriber = null;
        return Page();
    }
}
