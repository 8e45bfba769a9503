using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// The signed links of alert messages, made and read with the app's data-protection keys (kept beside the database,
/// or in it on PostgreSQL, so every node reads every node's links). A token cannot be forged or altered; a confirmation
/// token also expires 48 hours after it was made (by the app's clock) and works once (its nonce is cleared when used).
/// </summary>
public sealed class AlertTokens(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromHours(48);

    private readonly IDataProtector protector = provider.CreateProtector("ComplianceTracker.Alerts.Links.v1");

    public sealed record Confirmation(long SubscriptionId, string Nonce, string Frequency, DateTimeOffset ExpiresAt);

    /// <summary>Who holds a manage or unsubscribe link: the subscriber, and for an unsubscribe the subscriptions it stops.</summary>
    public sealed record Holder(long SubscriberId, IReadOnlyList<long> SubscriptionIds);

    public static string NewNonce() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));

    public string ForConfirmation(long subscriptionId, string nonce, string frequency, DateTimeOffset requestedAt) =>
        Protect($"confirm|{subscriptionId}|{nonce}|{frequency}|{(requestedAt + ConfirmationLifetime).ToUnixTimeSeconds()}");

    public string ForManage(long subscriberId) => Protect($"manage|{subscriberId}");

    public string ForUnsubscribe(long subscriberId, IEnumerable<long> subscriptionIds) =>
        Protect($"stop|{subscriberId}|{string.Join(',', subscriptionIds.Select(i => i.ToString(CultureInfo.InvariantCulture)))}");

    /// <summary>The confirmation a token carries, with whether it has expired; null when it is not one of ours.</summary>
    public (Confirmation Confirmation, bool Expired)? ReadConfirmation(string? token)
    {
        if (Unprotect(token) is not { Length: 5 } parts || parts[0] != "confirm"
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !Frequencies.IsValid(parts[3])
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var confirmation = new Confirmation(id, parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires));
        return (confirmation, time.GetUtcNow() > confirmation.ExpiresAt);
    }

    public Holder? ReadManage(string? token) =>
        Unprotect(token) is { Length: 2 } parts && parts[0] == "manage" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Holder(id, [])
            : null;

    public Holder? ReadUnsubscribe(string? token)
    {
        if (Unprotect(token) is not { Length: 3 } parts || parts[0] != "stop" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var ids = new List<long>();
        foreach (var part in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var subscription))
            {
                return null;
            }
            ids.Add(subscription);
        }
        return ids.Count == 0 ? null : new Holder(id, ids);
    }

    private string Protect(string payload) => WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes(payload)));

    private string[]? Unprotect(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2048)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('|');
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
