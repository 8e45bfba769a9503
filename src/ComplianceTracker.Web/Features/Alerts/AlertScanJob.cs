using System.Text.Json;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Hangfire;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// Every minute: reads the change log past where it last stopped, and for each new public change makes one delivery per
/// subscription that follows it and one per webhook, then queues the jobs that send them. Reading the log rather than
/// hooking every form means every kind of write (a status, a correction, a withdrawal, an edition) is found the same way,
/// on whichever node made it. Safe to run twice: a change is recorded once (its stable id is unique), and so is each delivery.
/// </summary>
public sealed class AlertScanJob(
    Database database,
    AlertStore store,
    WebhookStore webhooks,
    AlertDispatch dispatch,
    CaseClock clock,
    IBackgroundJobClient jobs,
    ILogger<AlertScanJob> logger)
{
    public const string Id = "alerts-scan";

    /// <summary>Held while one scan reads and records, so two nodes never fan one change out at once.</summary>
    public const long ScanLockKey = 0x436f6d706c416c72;

    /// <summary>A send job queued longer ago than this with messages still waiting was lost, and is queued again.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(15);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var found = new List<(long ChangeId, IReadOnlyList<long> Webhooks, int Deliveries)>();
        await using (await database.HoldLockAsync(ScanLockKey, cancellationToken))
        {
            var cursor = await store.ReadAsync(connection => AlertStore.ReadCursorAsync(connection, null, cancellationToken), cancellationToken);
            if (cursor is null)
            {
                await StartAsync(cancellationToken);
                return;
            }
            var entries = await database.WithConnectionAsync(connection => ChangeLogStore.ListNewerAsync(connection, null, clock, cursor, cancellationToken), cancellationToken);
            foreach (var entry in entries)
            {
                cursor.MovePast(entry);
                var change = new AlertChange
                {
                    StableId = entry.StableId,
                    Kind = entry.Kind,
                    ItemType = entry.ItemType,
                    ItemCode = entry.ItemCode,
                    RecordedAt = entry.At,
                    FoundAt = now,
                    Payload = AlertComposer.PayloadOf(entry),
                };
                // Entries loaded from the case files are the record's starting point, not news.
                var news = entry.By != "seed";
                var result = await store.WriteAsync(async (connection, transaction) =>
                {
                    (long, IReadOnlyList<long>, int)? made = null;
                    if (news && await AlertStore.InsertChangeAsync(connection, transaction, change) is { } id)
                    {
                        var deliveries = await AlertStore.FanOutAsync(connection, transaction, id, ItemOf(entry), atOnce: false);
                        made = (id, await WebhookStore.FanOutAsync(connection, transaction, id, now), deliveries);
                    }
                    await AlertStore.SaveCursorAsync(connection, transaction, cursor);
                    return made;
                }, cancellationToken);
                if (result is { } made)
                {
                    found.Add(made);
                }
            }
        }
        foreach (var (changeId, deliveries, messages) in found)
        {
            if (messages > 0)
            {
                await QueueSendAsync(changeId, cancellationToken);
            }
            foreach (var delivery in deliveries)
            {
                jobs.Enqueue<WebhookJob>(job => job.RunAsync(delivery, CancellationToken.None));
            }
        }
        if (found.Count > 0)
        {
            logger.LogInformation("Alerts: {Changes} new change(s) found, {Messages} message(s) and {Webhooks} webhook delivery(ies) to make.",
                found.Count, found.Sum(f => f.Deliveries), found.Sum(f => f.Webhooks.Count));
        }
        await RequeueLostAsync(now, cancellationToken);
    }

    /// <summary>The first run starts reading from now: the record's history so far is not news to anyone.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.WriteAsync(async (connection, transaction) =>
        {
            if (await AlertStore.ReadCursorAsync(connection, transaction, cancellationToken) is null)
            {
                await AlertStore.SaveCursorAsync(connection, transaction, await ChangeLogStore.LatestRowIdsAsync(connection, transaction, cancellationToken));
            }
            return 0;
        }, cancellationToken);
    }

    /// <summary>The item a change is about, as a subscription names it; null for what only the whole record's followers hear of.</summary>
    public static FollowTarget? ItemOf(ChangeLogEntry entry) => entry.ItemType switch
    {
        "deficiency" => new FollowTarget(FollowTarget.Deficiency, entry.ItemCode),
        "obligation" or "ledger" => new FollowTarget(FollowTarget.Obligation, entry.ItemCode),
        "deadline" or "timeline" => new FollowTarget(FollowTarget.Deadline, entry.ItemCode),
        "edition" => FollowTarget.NewEditions,
        _ => null,
    };

    private async Task QueueSendAsync(long changeId, CancellationToken cancellationToken)
    {
        jobs.Enqueue<AlertSendJob>(job => job.RunAsync(changeId, CancellationToken.None));
        await store.MarkSendQueuedAsync(changeId, clock.UtcNow, cancellationToken);
    }

    /// <summary>Sends whose job was lost, webhook retries whose scheduled job was lost, and claims of runs that died.</summary>
    private async Task RequeueLostAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await dispatch.SweepAsync(cancellationToken);
        foreach (var changeId in await store.ListStalledChangesAsync(now - LostAfter, cancellationToken))
        {
            await QueueSendAsync(changeId, cancellationToken);
        }
        foreach (var delivery in await webhooks.ListOverdueAsync(now - LostAfter, cancellationToken))
        {
            jobs.Enqueue<WebhookJob>(job => job.RunAsync(delivery, CancellationToken.None));
        }
    }
}

/// <summary>
/// Every day: a reminder to the followers of each open deadline (and of the whole record) 7 days and 1 day before it
/// falls due, sent at once even to weekly subscriptions. A day missed (the site was down) is made up: a deadline 5 days
/// away that had no 7-day reminder gets it, saying 5 days. Each reminder is a change of its own, found once.
/// </summary>
public sealed class DeadlineReminderJob(TimelineStore timeline, AlertStore store, CaseClock clock, IBackgroundJobClient jobs)
{
    public const string Id = "alerts-deadline-reminders";

    /// <summary>Outcomes that close a deadline: nothing to remind of.</summary>
    private static readonly HashSet<string> Closed = [DeadlineOutcomes.Met, DeadlineOutcomes.Missed, DeadlineOutcomes.Extended, DeadlineOutcomes.Superseded, "historical", "in-force"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        foreach (var item in (await timeline.ListAsync(cancellationToken)).Where(t => t.IsDeadline && !Closed.Contains(t.Status ?? "")))
        {
            var standing = DeadlineStanding.Of(item, today);
            if (standing.IsPast || standing.Days > 7)
            {
                continue;
            }
            var window = standing.Days <= 1 ? 1 : 7;
            var due = item.Occurs.End;
            var reminder = new DeadlineReminder
            {
                Code = item.Code,
                Title = item.Title,
                Due = item.Occurs.ToString(),
                Precision = item.OccursPrecision,
                LastDay = Format.Day(due),
                Standing = standing.Describe(),
                Status = item.Status is { } status && status != "open" ? DeadlineStatuses.Label(status) : null,
                Window = window,
            };
            var change = new AlertChange
            {
                StableId = $"reminder-{window}-{item.Code}-{due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}",
                Kind = AlertChange.ReminderKind,
                ItemType = "deadline",
                ItemCode = item.Code,
                RecordedAt = clock.UtcNow,
                FoundAt = clock.UtcNow,
                Payload = JsonSerializer.Serialize(reminder, AlertComposer.PayloadJson),
            };
            var made = await store.WriteAsync<long?>(async (connection, transaction) =>
            {
                if (await AlertStore.InsertChangeAsync(connection, transaction, change) is not { } id)
                {
                    return null;
                }
                return await AlertStore.FanOutAsync(connection, transaction, id, new FollowTarget(FollowTarget.Deadline, item.Code), atOnce: true) > 0 ? id : null;
            }, cancellationToken);
            if (made is { } changeId)
            {
                jobs.Enqueue<AlertSendJob>(job => job.RunAsync(changeId, CancellationToken.None));
                await store.MarkSendQueuedAsync(changeId, clock.UtcNow, cancellationToken);
            }
        }
    }
}
