using ComplianceTracker.Web.Features.Reports;
using Hangfire;
using MailKit.Net.Smtp;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// Weekly: one message per address that follows something in the weekly digest, carrying every change waiting for it,
/// oldest first. Each delivery inside is claimed and recorded as one, so a retried run never sends a change twice.
/// </summary>
public sealed class AlertDigestJob(AlertStore store, AlertComposer composer, AlertDispatch dispatch, Mailer mailer, ReportAddress address, TimeProvider time)
{
    public const string Id = "alerts-digest-weekly";

    [AutomaticRetry(Attempts = 8)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        address.EnsurePublishable();
        await dispatch.SweepAsync(cancellationToken);
        var followable = await composer.OptionsAsync(cancellationToken);
        var contents = new Dictionary<long, AlertText.ChangeContent>();
        await using var connection = new LazySession(mailer);
        string? stopped = null;
        foreach (var subscriberId in await store.ListDigestSubscribersAsync(cancellationToken))
        {
            if (stopped is not null)
            {
                break;
            }
            var claimed = await store.ClaimDigestAsync(subscriberId, Guid.NewGuid().ToString("N"), time.GetUtcNow(), cancellationToken);
            if (claimed.Count == 0)
            {
                continue;
            }
            var changeIds = claimed.Select(d => d.ChangeId).Distinct().Order().ToList();
            foreach (var changeId in changeIds.Where(id => !contents.ContainsKey(id)))
            {
                if (await store.FindChangeAsync(changeId, cancellationToken) is { } change)
                {
                    contents[changeId] = await composer.ContentAsync(change, cancellationToken);
                }
            }
            // A subscription stopped since its changes were found is left out of the message (its deliveries are skipped).
            var live = claimed.Where(d => d.SubscriptionState == Subscription.Active).ToList();
            var liveChanges = live.Select(d => d.ChangeId).ToHashSet();
            var parts = changeIds.Where(id => liveChanges.Contains(id) && contents.ContainsKey(id)).Select(id => contents[id]).ToList();
            Func<MimeKit.MimeMessage> build = () => composer.Digest(parts, live, followable);
            stopped = await dispatch.SendAsync(connection.OpenAsync, [(claimed, build)], "Weekly digest", cancellationToken);
        }
        if (stopped is not null)
        {
            throw new AlertsNotSentException($"Weekly digest: {stopped} Digests not yet sent wait for the next try; none already sent is sent again.");
        }
    }
}

/// <summary>Sends the confirmation message of a subscribe request: the only message sent before its link is followed.</summary>
public sealed class AlertConfirmationJob(AlertStore store, AlertComposer composer, FollowCatalog catalog, Mailer mailer, ReportAddress address, TimeProvider time)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(long subscriptionId, string nonce, CancellationToken cancellationToken)
    {
        address.EnsurePublishable();
        // A newer request replaced this one (its own job sends the newer link), or the link was already followed.
        if (await store.FindSubscriptionAsync(subscriptionId, cancellationToken) is not { } subscription || subscription.ConfirmNonce != nonce
            || await store.FindSubscriberAsync(subscription.SubscriberId, cancellationToken) is not { } subscriber)
        {
            return;
        }
        var option = FollowCatalog.Describe(await catalog.ListAsync(cancellationToken), subscription.FollowTarget);
        await using var session = await mailer.OpenAsync(cancellationToken);
        try
        {
            await session.SendAsync(composer.Confirmation(subscription, subscriber.Email, option), cancellationToken);
        }
        catch (SmtpCommandException e) when (Mailer.IsPermanentRefusal(e))
        {
            // Not tried again: the address does not exist. Admins see it; the page answered as for any address.
            await store.RecordFailureAsync(new AlertFailure
            {
                At = time.GetUtcNow(),
                Channel = "mail",
                Recipient = Subscriber.Masked(subscriber.Email),
                What = $"Confirmation of {AlertText.ShortName(option)}",
                Problem = $"The mail server refused the address for good ({(int)e.StatusCode}: {e.Message.Trim()}).",
            }, cancellationToken);
        }
    }
}
