using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceTracker.Web.Features.Data;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// The signature a receiver checks: <c>t=UNIX-SECONDS,v1=HEX</c>, where HEX is HMAC-SHA256 of "t.body" under the
/// endpoint's secret. The time inside the signed text lets a receiver refuse an old delivery replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-ComplianceTracker-Signature";
    public const string DeliveryHeader = "X-ComplianceTracker-Delivery";
    public const string EventHeader = "X-ComplianceTracker-Event";

    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. prefix, .. body]);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(hash)}";
    }

    /// <summary>What a receiver does (the README shows the same steps): true when the header signs this body within the tolerance.</summary>
    public static bool Verify(string secret, string? header, byte[] body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
        {
            return false;
        }
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !parts.TryGetValue("v1", out var given))
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        var signed = Sign(secret, seconds, body);
        var expected = signed[(signed.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// The HTTP side of webhooks: its own guarded fetcher (the evidence engine's, with the same address guard), https only
/// unless Alerts:Webhooks:AllowHttp says otherwise, no redirects, a short timeout. Secrets are kept encrypted.
/// </summary>
public sealed class WebhookClient : IDisposable
{
    private readonly SafeFetcher fetcher;
    private readonly IDataProtector protector;

    public WebhookClient(IOptions<AlertOptions> options, TimeProvider time, ReportAddress address, IDataProtectionProvider protection)
    {
        var settings = options.Value.Webhooks;
        Fetch = new FetchOptions
        {
            AllowHttp = settings.AllowHttp,
            AllowedAddresses = settings.AllowedAddresses,
            TimeoutSeconds = settings.TimeoutSeconds,
            MaxRedirects = 0,
        };
        fetcher = new SafeFetcher(Fetch, time, address.BaseUrl);
        protector = protection.CreateProtector("ComplianceTracker.Alerts.WebhookSecrets.v1");
    }

    public FetchOptions Fetch { get; }

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    public Task<PostResult> PostAsync(string url, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken) =>
        fetcher.PostAsync(url, body, "application/json", headers, cancellationToken);

    /// <summary>Why <paramref name="url"/> cannot be registered, or null: its scheme, and any address it names or resolves to now.</summary>
    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "Enter a complete address, such as https://newsroom.example.org/hooks/tracker.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && Fetch.AllowHttp))
        {
            return "The address must start with https://: changes are never sent in clear text.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The address must not carry a user name or password; the signature proves the sender instead.";
        }
        System.Net.IPAddress[] addresses;
        try
        {
            addresses = System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return $"No address found for {uri.Host}: check the name.";
        }
        foreach (var resolved in addresses)
        {
            if (AddressGuard.Refusal(uri.Host, resolved, Fetch) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    public void Dispose() => fetcher.Dispose();
}

/// <summary>
/// Delivers one change to one endpoint: the API's JSON for the change (<see cref="ChangeDto"/>), signed, POSTed through
/// the address guard; every attempt is logged. A failure is tried again after 1 minute, 5 minutes, 30 minutes, 2 hours
/// and 12 hours, then given up and shown to Admins. A receiver may get a delivery twice (its answer lost on the way):
/// the delivery id header lets it tell.
/// </summary>
public sealed class WebhookJob(
    WebhookStore store,
    AlertStore alerts,
    WebhookClient client,
    CaseClock clock,
    ReportAddress address,
    IOptions<AlertOptions> options,
    IBackgroundJobClient jobs,
    ILogger<WebhookJob> logger)
{
    public static readonly IReadOnlyList<TimeSpan> Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The retries are this job's own (scheduled with the backoff above), so Hangfire's are off.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long deliveryId, CancellationToken cancellationToken)
    {
        if (await store.FindDeliveryAsync(deliveryId, cancellationToken) is not { State: WebhookDelivery.Pending } delivery
            || await store.FindEndpointAsync(delivery.EndpointId, cancellationToken) is not { } endpoint
            || await alerts.FindChangeAsync(delivery.ChangeId, cancellationToken) is not { } change)
        {
            return;
        }
        var now = clock.UtcNow;
        var body = JsonSerializer.SerializeToUtf8Bytes(ChangeDto.From(AlertComposer.EntryOf(change), clock, address.BaseUrl.TrimEnd('/')), Json);
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.Header] = WebhookSignature.Sign(client.Unprotect(endpoint.ProtectedSecret), now.ToUnixTimeSeconds(), body),
            [WebhookSignature.DeliveryHeader] = delivery.Id.ToString(CultureInfo.InvariantCulture),
            [WebhookSignature.EventHeader] = "change",
        };
        var watch = Stopwatch.StartNew();
        var result = endpoint.IsEnabled
            ? await client.PostAsync(endpoint.Url, body, headers, cancellationToken)
            : new PostResult(null, "The endpoint was turned off by an Admin.");
        var attempts = delivery.Attempts + 1;
        var giveUp = !result.Delivered && (attempts >= options.Value.Webhooks.MaxAttempts || !endpoint.IsEnabled);
        DateTimeOffset? next = result.Delivered || giveUp ? null : now + Backoff[Math.Min(attempts - 1, Backoff.Count - 1)];
        await store.RecordAttemptAsync(
            new WebhookAttempt { DeliveryId = delivery.Id, AttemptedAt = now, HttpStatus = result.HttpStatus, Problem = result.Problem, DurationMs = (int)watch.ElapsedMilliseconds },
            result.Delivered,
            next,
            giveUp ? new AlertFailure
            {
                At = now,
                Channel = "webhook",
                Recipient = endpoint.Url,
                What = $"Change {change.StableId}",
                Problem = $"Given up after {Format.Plural(attempts, "attempt", "attempts")}: {result.Problem}",
            } : null,
            cancellationToken);
        if (next is { } at)
        {
            logger.LogWarning("Webhook delivery {Delivery} to {Url} failed (attempt {Attempt}): {Problem} Trying again at {Next}.", delivery.Id, endpoint.Url, attempts, result.Problem, at);
            jobs.Schedule<WebhookJob>(job => job.RunAsync(delivery.Id, CancellationToken.None), at - now);
        }
    }
}
