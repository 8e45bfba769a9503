using System.Text.Json;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using MimeKit;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>The things a reader can follow, named as the pages name them.</summary>
public sealed class FollowCatalog(Database database)
{
    public const string WholeRecordLabel = "the whole record";
    public const string EditionsLabel = "new editions of the status report";

    public Task<IReadOnlyList<FollowOption>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadSnapshotAsync<IReadOnlyList<FollowOption>>(async (connection, transaction) =>
        {
            var options = new List<FollowOption>
            {
                new(FollowTarget.WholeCase, WholeRecordLabel, "/", "The whole record"),
                new(FollowTarget.NewEditions, EditionsLabel, "/reports", "The whole record"),
            };
            options.AddRange((await DeficiencyStore.ListAsync(connection, transaction, cancellationToken))
                .Select(d => new FollowOption(new FollowTarget(FollowTarget.Deficiency, d.Code), $"{d.Code} {(d.DetailsPublic ? d.DisplayTitle : "(details not yet in this record)")}", $"/deficiencies/{d.Code}", "Deficiencies")));
            options.AddRange((await ObligationStore.ListAsync(connection, transaction, cancellationToken))
                .Select(o => new FollowOption(new FollowTarget(FollowTarget.Obligation, o.Code), $"{o.Code} {o.Title}", $"/settlement#{o.Code}", "Settlement terms")));
            options.AddRange((await TimelineStore.ListAsync(connection, transaction, cancellationToken))
                .Where(t => t.IsDeadline)
                .Select(t => new FollowOption(new FollowTarget(FollowTarget.Deadline, t.Code), $"{t.Code} {t.Title} ({t.Occurs})", $"/timeline#{t.Code}", "Deadlines")));
            return options;
        }, cancellationToken);

    public async Task<FollowOption?> FindAsync(FollowTarget target, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(o => o.Target == target);

    /// <summary>A target no longer on the record (an item withdrawn) is still named, by its code.</summary>
    public static FollowOption Describe(IReadOnlyList<FollowOption> options, FollowTarget target) =>
        options.FirstOrDefault(o => o.Target == target) ?? new FollowOption(target, target.Code.Length > 0 ? target.Code : target.Kind, "/", "");
}

/// <summary>
/// Builds the messages: what a change says (read once per change, however many it goes to) and, per recipient, the
/// footer with that recipient's signed links. Links use the site's public address (Reports:BaseUrl), never a request's Host.
/// </summary>
public sealed class AlertComposer(
    Database database,
    FollowCatalog catalog,
    AlertTokens tokens,
    ReportAddress address,
    CaseClock clock,
    Mailer mailer,
    StatusReportQuery reports)
{
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web) { IgnoreReadOnlyProperties = true };

    public string BaseUrl => address.BaseUrl.TrimEnd('/');

    public string ListId => $"ComplianceTracker alerts <alerts.{mailer.Host}>";

    public Task<IReadOnlyList<FollowOption>> OptionsAsync(CancellationToken cancellationToken) => catalog.ListAsync(cancellationToken);

    public static string PayloadOf(ChangeLogEntry entry) => JsonSerializer.Serialize(entry, PayloadJson);

    public static ChangeLogEntry EntryOf(AlertChange change) => JsonSerializer.Deserialize<ChangeLogEntry>(change.Payload, PayloadJson)!;

    /// <summary>What every message about <paramref name="change"/> says, before its footer.</summary>
    public async Task<AlertText.ChangeContent> ContentAsync(AlertChange change, CancellationToken cancellationToken)
    {
        if (change.Kind == AlertChange.ReminderKind)
        {
            return AlertText.Reminder(JsonSerializer.Deserialize<DeadlineReminder>(change.Payload, PayloadJson)!, BaseUrl);
        }
        var entry = EntryOf(change);
        if (entry.Kind == "edition" && int.TryParse(entry.ItemCode, out var number))
        {
            var (edition, previous) = await database.WithConnectionAsync(async connection => (
                await EditionStore.FindAsync(connection, null, number, cancellationToken),
                number > 1 ? await EditionStore.FindAsync(connection, null, number - 1, cancellationToken) : null), cancellationToken);
            if (edition is not null)
            {
                var report = await reports.BuildAsync(edition.Number, edition.AsOf, previous, cancellationToken);
                return AlertText.Edition(entry, edition, report, BaseUrl);
            }
        }
        var passages = await database.WithConnectionAsync(connection => PassageStore.IndexAsync(connection, null, cancellationToken), cancellationToken);
        var cites = entry.StableId.StartsWith("status-", StringComparison.Ordinal) ? passages.For("status", entry.RowId)
            : entry.StableId.StartsWith("ledger-", StringComparison.Ordinal) ? passages.For("ledger", entry.RowId)
            : [];
        return AlertText.Change(entry, cites, BaseUrl, clock);
    }

    public string ConfirmUrl(string token) => $"{BaseUrl}/alerts/confirm?token={token}";

    public string ManageUrl(long subscriberId) => $"{BaseUrl}/alerts/manage?token={tokens.ForManage(subscriberId)}";

    /// <summary>The confirmation message of a subscription, with its single-use link.</summary>
    public MimeMessage Confirmation(Subscription subscription, string email, FollowOption option)
    {
        var requestedAt = subscription.ConfirmRequestedAt ?? clock.UtcNow;
        var token = tokens.ForConfirmation(subscription.Id, subscription.ConfirmNonce!, subscription.ConfirmFrequency ?? subscription.Frequency, requestedAt);
        var message = AlertText.Confirmation(option, subscription.ConfirmFrequency ?? subscription.Frequency, ConfirmUrl(token), clock.DayAndTime(requestedAt + AlertTokens.ConfirmationLifetime));
        return message.ToMime(mailer.From, email, $"<confirm-{subscription.Id}-{subscription.ConfirmNonce}@{mailer.Host}>", clock.UtcNow, ListId);
    }

    /// <summary>The footer of one address's message about the given subscriptions, with its signed links.</summary>
    public AlertText.Footer Footer(long subscriberId, IReadOnlyList<(FollowOption Option, string Frequency, long SubscriptionId)> followed)
    {
        var stop = tokens.ForUnsubscribe(subscriberId, followed.Select(f => f.SubscriptionId).Distinct());
        return AlertText.FooterFor(
            followed.Select(f => (f.Option, f.Frequency)).Distinct().ToList(),
            $"{BaseUrl}/alerts/unsubscribe?token={stop}",
            $"{BaseUrl}/alerts/one-click?token={stop}",
            ManageUrl(subscriberId),
            BaseUrl);
    }

    public MimeMessage Single(AlertText.ChangeContent content, ClaimedDelivery delivery, IReadOnlyList<FollowOption> options)
    {
        var footer = Footer(delivery.SubscriberId, [(FollowCatalog.Describe(options, delivery.FollowTarget), delivery.Frequency, delivery.SubscriptionId)]);
        return AlertText.Single(content, footer).ToMime(mailer.From, delivery.Email, $"<delivery-{delivery.Id}@{mailer.Host}>", clock.UtcNow, ListId);
    }

    public MimeMessage Digest(IReadOnlyList<AlertText.ChangeContent> contents, IReadOnlyList<ClaimedDelivery> deliveries, IReadOnlyList<FollowOption> options)
    {
        var first = deliveries[0];
        var footer = Footer(first.SubscriberId, deliveries.Select(d => (FollowCatalog.Describe(options, d.FollowTarget), d.Frequency, d.SubscriptionId)).ToList());
        return AlertText.Digest(contents, footer, Format.Day(clock.Today))
            .ToMime(mailer.From, first.Email, $"<digest-{first.Id}-{deliveries.Count}@{mailer.Host}>", clock.UtcNow, ListId);
    }
}
