using System.Net.Sockets;
using ComplianceTracker.Web.Features.Reports;
using Hangfire;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// Sends a batch of claimed deliveries over one open session and says what became of each: the one place that reads
/// a mail server's answers. A refusal of the address for good (5xx) fails the delivery and pauses the address; a
/// temporary one (4xx) or a broken connection puts the delivery back, to be sent by the job's next try.
/// </summary>
public sealed class AlertDispatch(Mailer mailer, AlertStore store, TimeProvider time, ILogger<AlertDispatch> logger)
{
    /// <summary>A claim older than this belongs to a run that stopped (a batch takes seconds): see <see cref="AlertStore.MarkStaleUncertainAsync"/>.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromHours(1);

    public Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.MarkStaleUncertainAsync(now - StaleClaim, now, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="messages"/> (each covering the given deliveries) and records the outcome; the problem that
    /// stopped it (the job must be tried again), or null when every message was sent or settled for good.
    /// </summary>
    public async Task<string?> SendAsync(
        Func<CancellationToken, Task<IMailSession>> open,
        IReadOnlyList<(IReadOnlyList<ClaimedDelivery> Deliveries, Func<MimeMessage> Build)> messages,
        string what,
        CancellationToken cancellationToken)
    {
        var outcome = new AlertStore.Outcome();
        string? problem = null;
        IMailSession? session = null;
        try
        {
            foreach (var (deliveries, build) in messages)
            {
                if (problem is not null)
                {
                    outcome.Released.AddRange(deliveries.Select(d => (d.Id, problem)));
                    continue;
                }
                var first = deliveries[0];
                if (first.PausedAt is not null)
                {
                    outcome.Skipped.AddRange(deliveries.Select(d => (d.Id, "The address was paused before this was sent.")));
                    continue;
                }
                var live = deliveries.Where(d => d.SubscriptionState == Subscription.Active).ToList();
                outcome.Skipped.AddRange(deliveries.Except(live).Select(d => (d.Id, "Unsubscribed before this was sent.")));
                if (live.Count == 0)
                {
                    continue;
                }
                try
                {
                    session ??= await open(cancellationToken);
                    await session.SendAsync(build(), cancellationToken);
                    outcome.Sent.AddRange(live.Select(d => d.Id));
                }
                catch (SmtpCommandException e) when (Mailer.IsPermanentRefusal(e))
                {
                    var refused = $"The mail server refused the address for good ({(int)e.StatusCode}: {e.Message.Trim()}).";
                    outcome.Failed.AddRange(live.Select(d => (d, refused, true)));
                }
                catch (SmtpCommandException e) when (Mailer.IsTemporary(e) || e.ErrorCode == SmtpErrorCode.SenderNotAccepted)
                {
                    problem = $"The mail server asked to try later ({(int)e.StatusCode}: {e.Message.Trim()}).";
                    outcome.Released.AddRange(live.Select(d => (d.Id, problem)));
                }
                catch (SmtpCommandException e)
                {
                    var refused = $"The mail server refused the message ({(int)e.StatusCode}: {e.Message.Trim()}).";
                    outcome.Failed.AddRange(live.Select(d => (d, refused, false)));
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested
                    && e is IOException or SocketException or ProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or MailKit.Security.AuthenticationException or TimeoutException or UnauthorizedAccessException)
                {
                    problem = mailer.UsesPickup
                        ? $"The pickup folder could not be written: {e.Message}"
                        : $"The mail server could not be reached or broke off: {e.Message}";
                    outcome.Released.AddRange(live.Select(d => (d.Id, problem)));
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
            // Recorded whatever happened, even on cancellation: a sent message must never be left to be sent again.
            if (!outcome.IsEmpty)
            {
                await store.RecordAsync(outcome, time.GetUtcNow(), what, CancellationToken.None);
            }
        }
        if (problem is not null)
        {
            logger.LogWarning("Sending {What} stopped: {Problem} The job will try again.", what, problem);
        }
        return problem;
    }
}

/// <summary>Sends one change's messages to every subscription that follows it as it happens, in batches, over a few SMTP connections.</summary>
public sealed class AlertSendJob(
    AlertStore store,
    AlertComposer composer,
    AlertDispatch dispatch,
    Mailer mailer,
    ReportAddress address,
    IOptions<AlertOptions> options,
    TimeProvider time)
{
    /// <summary>Safe to run twice, at once or after a failure: a delivery is claimed by one run and recorded once sent, so nothing is sent twice.</summary>
    [AutomaticRetry(Attempts = 8)]
    public async Task RunAsync(long changeId, CancellationToken cancellationToken)
    {
        // Links in a message are the site's public address: without it, nothing goes out (as with editions).
        address.EnsurePublishable();
        await dispatch.SweepAsync(cancellationToken);
        if (await store.FindChangeAsync(changeId, cancellationToken) is not { } change)
        {
            return;
        }
        var content = await composer.ContentAsync(change, cancellationToken);
        var followable = await composer.OptionsAsync(cancellationToken);
        var settings = options.Value;
        var what = $"Alert \u201C{content.Subject}\u201D";
        var problems = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.SendConnections)).Select(async _ =>
        {
            // Each connection claims its own batches until none is left, or until a problem stops it.
            await using var connection = new LazySession(mailer);
            while (true)
            {
                var claim = Guid.NewGuid().ToString("N");
                var batch = await store.ClaimImmediateAsync(changeId, claim, time.GetUtcNow(), settings.SendBatchSize, cancellationToken);
                if (batch.Count == 0)
                {
                    return null;
                }
                var problem = await dispatch.SendAsync(connection.OpenAsync, batch.Select(d => ((IReadOnlyList<ClaimedDelivery>)[d], (Func<MimeMessage>)(() => composer.Single(content, d, followable)))).ToList(), what, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }));
        if (problems.FirstOrDefault(p => p is not null) is { } stopped)
        {
            throw new AlertsNotSentException($"{what}: {stopped} Messages not yet sent wait for the next try; none already sent is sent again.");
        }
    }
}

/// <summary>Thrown by a send job that must be tried again: Hangfire records the message and retries with its backoff.</summary>
public sealed class AlertsNotSentException(string message) : InvalidOperationException(message);

/// <summary>One SMTP connection kept open across a job's batches, opened on the first message and again after a failure.</summary>
internal sealed class LazySession(Mailer mailer) : IAsyncDisposable
{
    private IMailSession? session;

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => new Borrowed(this, session ??= await mailer.OpenAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>The dispatcher's handle on the kept connection: disposing it keeps the connection for the next batch.</summary>
    private sealed class Borrowed(LazySession owner, IMailSession inner) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await inner.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is not SmtpCommandException)
            {
                // A broken connection is not reused: the next batch opens a new one.
                owner.session = null;
                await inner.DisposeAsync();
                throw;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
