using System.Data.Common;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// All SQL of subscribers, subscriptions, the changes alerts are about, their deliveries and the failures Admins see.
/// None of it is the public record: writes run in transactions of their own (<see cref="WriteAsync{T}"/>), which never
/// refresh the pages' cache, so a large send leaves every cached page in place.
/// </summary>
public sealed class AlertStore(Database database)
{
    /// <summary>One transaction of alert rows: SQLite's takes the write lock at once (as the record's do), so it waits its turn instead of failing half-way.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(work, cancellationToken);

    // ---- subscribers and subscriptions ----

    private const string InsertSubscriberSql = """
        INSERT INTO AlertSubscribers (Email, CreatedAt, ConfirmationsSent) VALUES (@email, @now, 0)
        ON CONFLICT (Email) DO NOTHING
        """;

    private const string SubscriberColumns = "Id, Email, CreatedAt, PausedAt, PauseReason, ConfirmationsDay, ConfirmationsSent";

    private const string FindSubscriberByEmailSql = $"SELECT {SubscriberColumns} FROM AlertSubscribers WHERE Email = @email";

    private const string FindSubscriberSql = $"SELECT {SubscriberColumns} FROM AlertSubscribers WHERE Id = @id";

    // A new day starts the count again.
    private const string CountConfirmationSql = """
        UPDATE AlertSubscribers
        SET ConfirmationsSent = CASE WHEN ConfirmationsDay = @today THEN ConfirmationsSent + 1 ELSE 1 END, ConfirmationsDay = @today
        WHERE Id = @id
        """;

    private const string InsertSubscriptionSql = """
        INSERT INTO AlertSubscriptions (SubscriberId, Target, TargetCode, Frequency, State, CreatedAt)
        VALUES (@subscriberId, @target, @code, @frequency, 'pending', @now)
        ON CONFLICT (SubscriberId, Target, TargetCode) DO NOTHING
        """;

    private const string SubscriptionColumns = """
        Id, SubscriberId, Target, TargetCode, Frequency, State, ConfirmNonce, ConfirmFrequency, ConfirmRequestedAt, CreatedAt, ConfirmedAt, EndedAt
        """;

    private const string FindSubscriptionByTargetSql = $"""
        SELECT {SubscriptionColumns} FROM AlertSubscriptions WHERE SubscriberId = @subscriberId AND Target = @target AND TargetCode = @code
        """;

    // A newer request replaces the nonce, so only the latest confirmation link works.
    private const string SetConfirmNonceSql = """
        UPDATE AlertSubscriptions SET ConfirmNonce = @nonce, ConfirmFrequency = @frequency, ConfirmRequestedAt = @now WHERE Id = @id
        """;

    /// <summary>What a subscribe request comes to: the subscription to confirm, or null when this address has had its day's confirmations.</summary>
    public sealed record Request(long SubscriptionId, string Nonce);

    /// <summary>
    /// Records a request to follow <paramref name="target"/>: the address and a pending subscription (unless one exists),
    /// and a fresh nonce for the confirmation link. Null, and nothing sent, once the address had its confirmations for the day.
    /// </summary>
    public Task<Request?> RequestAsync(string email, FollowTarget target, string frequency, DateTimeOffset now, string today, int perDay, CancellationToken cancellationToken = default) =>
        WriteAsync<Request?>(async (connection, transaction) =>
        {
            var args = new { email, now, today, subscriberId = 0L, target = target.Kind, code = target.Code, frequency };
            await connection.ExecuteAsync(new CommandDefinition(InsertSubscriberSql, args, transaction, cancellationToken: cancellationToken));
            var subscriber = await connection.QuerySingleAsync<Subscriber>(new CommandDefinition(FindSubscriberByEmailSql, args, transaction, cancellationToken: cancellationToken));
            if (subscriber.ConfirmationsDay == today && subscriber.ConfirmationsSent >= perDay)
            {
                return null;
            }
            await connection.ExecuteAsync(new CommandDefinition(CountConfirmationSql, new { id = subscriber.Id, today }, transaction, cancellationToken: cancellationToken));
            var withSubscriber = args with { subscriberId = subscriber.Id };
            await connection.ExecuteAsync(new CommandDefinition(InsertSubscriptionSql, withSubscriber, transaction, cancellationToken: cancellationToken));
            var subscription = await connection.QuerySingleAsync<Subscription>(new CommandDefinition(FindSubscriptionByTargetSql, withSubscriber, transaction, cancellationToken: cancellationToken));
            var nonce = AlertTokens.NewNonce();
            await connection.ExecuteAsync(new CommandDefinition(SetConfirmNonceSql, new { id = subscription.Id, nonce, frequency, now }, transaction, cancellationToken: cancellationToken));
            return new Request(subscription.Id, nonce);
        }, cancellationToken);

    public Task<Subscriber?> FindSubscriberAsync(long id, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => connection.QuerySingleOrDefaultAsync<Subscriber>(new CommandDefinition(FindSubscriberSql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string FindSubscriptionSql = $"SELECT {SubscriptionColumns} FROM AlertSubscriptions WHERE Id = @id";

    public Task<Subscription?> FindSubscriptionAsync(long id, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => connection.QuerySingleOrDefaultAsync<Subscription>(new CommandDefinition(FindSubscriptionSql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string ListSubscriptionsSql = $"SELECT {SubscriptionColumns} FROM AlertSubscriptions WHERE SubscriberId = @subscriberId ORDER BY Id";

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(long subscriberId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Subscription>>(async connection =>
            (await connection.QueryAsync<Subscription>(new CommandDefinition(ListSubscriptionsSql, new { subscriberId }, cancellationToken: cancellationToken))).AsList(), cancellationToken);

    // The nonce in the WHERE makes the link single-use: a second use, or an older link, changes nothing.
    private const string ConfirmSql = """
        UPDATE AlertSubscriptions
        SET State = 'active', Frequency = @frequency, ConfirmNonce = NULL, ConfirmFrequency = NULL, ConfirmedAt = @now, EndedAt = NULL
        WHERE Id = @id AND ConfirmNonce = @nonce
        """;

    // Following a link proves the address receives mail again: a paused address is sent to again.
    private const string UnpauseOwnerSql = """
        UPDATE AlertSubscribers SET PausedAt = NULL, PauseReason = NULL
        WHERE Id = (SELECT SubscriberId FROM AlertSubscriptions WHERE Id = @id)
        """;

    /// <summary>Follows a confirmation link: true when it was the current, unused one.</summary>
    public Task<bool> ConfirmAsync(long id, string nonce, string frequency, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(new CommandDefinition(ConfirmSql, new { id, nonce, frequency, now }, transaction, cancellationToken: cancellationToken)) != 1)
            {
                return false;
            }
            await connection.ExecuteAsync(new CommandDefinition(UnpauseOwnerSql, new { id }, transaction, cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    private const string EndSql = """
        UPDATE AlertSubscriptions SET State = 'ended', EndedAt = @now, ConfirmNonce = NULL
        WHERE Id = @id AND SubscriberId = @subscriberId AND State <> 'ended'
        """;

    /// <summary>Stops the given subscriptions of one subscriber (others' ids change nothing); how many were stopped.</summary>
    public Task<int> EndAsync(long subscriberId, IEnumerable<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(EndSql, ids.Select(id => new { id, subscriberId, now }).ToList(), transaction, cancellationToken: cancellationToken)), cancellationToken);

    // Only through a link sent to the address (manage, unsubscribe), which proves it receives mail.
    private const string ResumeSql = """
        UPDATE AlertSubscriptions SET State = 'active', EndedAt = NULL, ConfirmNonce = NULL, ConfirmedAt = COALESCE(ConfirmedAt, @now)
        WHERE Id = @id AND SubscriberId = @subscriberId AND State <> 'active'
        """;

    public Task<int> ResumeAsync(long subscriberId, IEnumerable<long> ids, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(ResumeSql, ids.Select(id => new { id, subscriberId, now }).ToList(), transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string SetFrequencySql = "UPDATE AlertSubscriptions SET Frequency = @frequency WHERE Id = @id AND SubscriberId = @subscriberId";

    public Task<int> SetFrequencyAsync(long subscriberId, long id, string frequency, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(SetFrequencySql, new { id, subscriberId, frequency }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string FollowNowSql = """
        INSERT INTO AlertSubscriptions (SubscriberId, Target, TargetCode, Frequency, State, CreatedAt, ConfirmedAt)
        VALUES (@subscriberId, @target, @code, @frequency, 'active', @now, @now)
        ON CONFLICT (SubscriberId, Target, TargetCode) DO UPDATE
        SET State = 'active', Frequency = excluded.Frequency, EndedAt = NULL, ConfirmNonce = NULL,
            ConfirmedAt = COALESCE(AlertSubscriptions.ConfirmedAt, excluded.ConfirmedAt)
        """;

    /// <summary>Follows another target at once, from the manage page (its link proves the address).</summary>
    public Task<int> FollowNowAsync(long subscriberId, FollowTarget target, string frequency, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(FollowNowSql, new { subscriberId, target = target.Kind, code = target.Code, frequency, now }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string PauseSql = "UPDATE AlertSubscribers SET PausedAt = @now, PauseReason = @reason WHERE Id = @id AND PausedAt IS NULL";

    public static Task<int> PauseAsync(DbConnection connection, DbTransaction transaction, long id, string reason, DateTimeOffset now) =>
        connection.ExecuteAsync(PauseSql, new { id, reason, now }, transaction);

    // ---- the changes alerts are about ----

    private const string ReadCursorSql = "SELECT Name, LastId FROM AlertCursors";

    /// <summary>How far the scan has read the change log; null before its first run.</summary>
    public static async Task<ChangeLogCursor?> ReadCursorAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = (await connection.QueryAsync<(string Name, long LastId)>(new CommandDefinition(ReadCursorSql, transaction: transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.Name, r => r.LastId);
        if (rows.Count == 0)
        {
            return null;
        }
        return new ChangeLogCursor
        {
            Status = rows.GetValueOrDefault("status"),
            Ledger = rows.GetValueOrDefault("ledger"),
            Edit = rows.GetValueOrDefault("edit"),
            Item = rows.GetValueOrDefault("item"),
            Edition = rows.GetValueOrDefault("edition"),
            Withdrawal = rows.GetValueOrDefault("withdrawal"),
        };
    }

    private const string SaveCursorSql = """
        INSERT INTO AlertCursors (Name, LastId) VALUES (@name, @lastId)
        ON CONFLICT (Name) DO UPDATE SET LastId = excluded.LastId
        """;

    public static Task SaveCursorAsync(DbConnection connection, DbTransaction transaction, ChangeLogCursor cursor) =>
        connection.ExecuteAsync(SaveCursorSql, new[]
        {
            new { name = "status", lastId = cursor.Status },
            new { name = "ledger", lastId = cursor.Ledger },
            new { name = "edit", lastId = cursor.Edit },
            new { name = "item", lastId = cursor.Item },
            new { name = "edition", lastId = cursor.Edition },
            new { name = "withdrawal", lastId = cursor.Withdrawal },
        }, transaction);

    private const string InsertChangeSql = """
        INSERT INTO AlertChanges (StableId, Kind, ItemType, ItemCode, RecordedAt, FoundAt, Payload)
        VALUES (@StableId, @Kind, @ItemType, @ItemCode, @RecordedAt, @FoundAt, @Payload)
        ON CONFLICT (StableId) DO NOTHING
        RETURNING Id
        """;

    /// <summary>The new change's id, or null when it was found before (a scan run twice finds nothing new).</summary>
    public static Task<long?> InsertChangeAsync(DbConnection connection, DbTransaction transaction, AlertChange change) =>
        connection.ExecuteScalarAsync<long?>(InsertChangeSql, change, transaction);

    // Every active subscription of an address that is not paused, following the whole case or the change's item.
    // A reminder goes at once even to a weekly subscription: in next week's digest it would come too late.
    private const string FanOutSql = """
        INSERT INTO AlertDeliveries (SubscriptionId, ChangeId, Mode, State, Attempts)
        SELECT s.Id, @changeId, CASE WHEN s.Frequency = 'weekly' AND @atOnce = 0 THEN 'digest' ELSE 'immediate' END, 'pending', 0
        FROM AlertSubscriptions s
        JOIN AlertSubscribers p ON p.Id = s.SubscriberId
        WHERE s.State = 'active' AND p.PausedAt IS NULL
          AND (s.Target = 'case' OR (s.Target = @target AND s.TargetCode = @code))
        ON CONFLICT (SubscriptionId, ChangeId) DO NOTHING
        """;

    /// <summary>Makes one delivery per subscription the change concerns; how many.</summary>
    public static Task<int> FanOutAsync(DbConnection connection, DbTransaction transaction, long changeId, FollowTarget? item, bool atOnce) =>
        connection.ExecuteAsync(FanOutSql, new { changeId, target = item?.Kind ?? "", code = item?.Code ?? "", atOnce = atOnce ? 1 : 0 }, transaction);

    private const string ChangeColumns = "Id, StableId, Kind, ItemType, ItemCode, RecordedAt, FoundAt, Payload, SendQueuedAt";

    private const string FindChangeSql = $"SELECT {ChangeColumns} FROM AlertChanges WHERE Id = @id";

    public Task<AlertChange?> FindChangeAsync(long id, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => connection.QuerySingleOrDefaultAsync<AlertChange>(new CommandDefinition(FindChangeSql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string MarkSendQueuedSql = "UPDATE AlertChanges SET SendQueuedAt = @now WHERE Id = @id";

    public Task MarkSendQueuedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(MarkSendQueuedSql, new { id, now }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    // A change whose immediate messages still wait although its job was queued long ago: the job was lost (storage
    // wiped, or queued by a node that died first). A job still working through a large send keeps claiming, so only
    // changes not queued within the window are queued again, and a second job would only share the work.
    private const string ListStalledChangesSql = """
        SELECT c.Id FROM AlertChanges c
        WHERE (c.SendQueuedAt IS NULL OR c.SendQueuedAt < @before)
          AND EXISTS (SELECT 1 FROM AlertDeliveries d WHERE d.ChangeId = c.Id AND d.State = 'pending' AND d.Mode = 'immediate')
        ORDER BY c.Id
        """;

    public Task<IReadOnlyList<long>> ListStalledChangesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(async connection =>
            (await connection.QueryAsync<long>(new CommandDefinition(ListStalledChangesSql, new { before }, cancellationToken: cancellationToken))).AsList(), cancellationToken);

    // ---- deliveries ----

    private const string ClaimedColumns = """
        d.Id, d.SubscriptionId, s.SubscriberId, d.ChangeId, p.Email, s.Target, s.TargetCode, s.Frequency, s.State AS SubscriptionState, p.PausedAt
        """;

    // The outer State check keeps two runs from claiming one row: PostgreSQL re-checks it on the row it locks.
    private const string ClaimImmediateSql = """
        UPDATE AlertDeliveries SET State = 'sending', Claim = @claim, ClaimedAt = @now, Attempts = Attempts + 1
        WHERE State = 'pending' AND Id IN (
            SELECT Id FROM AlertDeliveries WHERE ChangeId = @changeId AND Mode = 'immediate' AND State = 'pending' ORDER BY Id LIMIT @take)
        """;

    private const string ListClaimedSql = $"""
        SELECT {ClaimedColumns}
        FROM AlertDeliveries d
        JOIN AlertSubscriptions s ON s.Id = d.SubscriptionId
        JOIN AlertSubscribers p ON p.Id = s.SubscriberId
        WHERE d.Claim = @claim AND d.State = 'sending'
        ORDER BY d.Id
        """;

    /// <summary>Claims up to <paramref name="take"/> waiting immediate deliveries of a change for this run.</summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimImmediateAsync(long changeId, string claim, DateTimeOffset now, int take, CancellationToken cancellationToken = default) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(ClaimImmediateSql, new { changeId, claim, now, take }, transaction, cancellationToken: cancellationToken));
            return (await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(ListClaimedSql, new { claim }, transaction, cancellationToken: cancellationToken))).AsList();
        }, cancellationToken);

    private const string ListDigestSubscribersSql = """
        SELECT DISTINCT s.SubscriberId
        FROM AlertDeliveries d JOIN AlertSubscriptions s ON s.Id = d.SubscriptionId
        WHERE d.State = 'pending' AND d.Mode = 'digest'
        ORDER BY s.SubscriberId
        """;

    public Task<IReadOnlyList<long>> ListDigestSubscribersAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(async connection =>
            (await connection.QueryAsync<long>(new CommandDefinition(ListDigestSubscribersSql, cancellationToken: cancellationToken))).AsList(), cancellationToken);

    private const string ClaimDigestSql = """
        UPDATE AlertDeliveries SET State = 'sending', Claim = @claim, ClaimedAt = @now, Attempts = Attempts + 1
        WHERE State = 'pending' AND Mode = 'digest'
          AND SubscriptionId IN (SELECT Id FROM AlertSubscriptions WHERE SubscriberId = @subscriberId)
        """;

    /// <summary>Claims every waiting digest delivery of one address: one digest message carries them all.</summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDigestAsync(long subscriberId, string claim, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(ClaimDigestSql, new { subscriberId, claim, now }, transaction, cancellationToken: cancellationToken));
            return (await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(ListClaimedSql, new { claim }, transaction, cancellationToken: cancellationToken))).AsList();
        }, cancellationToken);

    private const string MarkSentSql = "UPDATE AlertDeliveries SET State = 'sent', SentAt = @now, Problem = NULL WHERE Id = @id AND State = 'sending'";
    private const string MarkSkippedSql = "UPDATE AlertDeliveries SET State = 'skipped', Problem = @problem WHERE Id = @id AND State = 'sending'";
    private const string MarkFailedSql = "UPDATE AlertDeliveries SET State = 'failed', Problem = @problem WHERE Id = @id AND State = 'sending'";
    private const string ReleaseSql = "UPDATE AlertDeliveries SET State = 'pending', Claim = NULL, ClaimedAt = NULL, Problem = @problem WHERE Id = @id AND State = 'sending'";

    /// <summary>What became of the deliveries a run claimed, recorded in one transaction.</summary>
    public sealed class Outcome
    {
        public List<long> Sent { get; } = [];
        public List<(long Id, string Problem)> Skipped { get; } = [];
        public List<(long Id, string Problem)> Released { get; } = [];
        public List<(ClaimedDelivery Delivery, string Problem, bool Bounced)> Failed { get; } = [];

        public bool IsEmpty => Sent.Count + Skipped.Count + Released.Count + Failed.Count == 0;
    }

    /// <summary>Records an outcome; a permanent refusal of an address also pauses it, and every failure is kept for Admins.</summary>
    public Task RecordAsync(Outcome outcome, DateTimeOffset now, string what, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(MarkSentSql, outcome.Sent.Select(id => new { id, now }).ToList(), transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(MarkSkippedSql, outcome.Skipped.Select(s => new { id = s.Id, problem = s.Problem }).ToList(), transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, outcome.Released.Select(s => new { id = s.Id, problem = s.Problem }).ToList(), transaction, cancellationToken: cancellationToken));
            foreach (var (delivery, problem, bounced) in outcome.Failed)
            {
                await connection.ExecuteAsync(new CommandDefinition(MarkFailedSql, new { id = delivery.Id, problem }, transaction, cancellationToken: cancellationToken));
                if (bounced)
                {
                    await PauseAsync(connection, transaction, delivery.SubscriberId, problem, now);
                }
                await InsertFailureAsync(connection, transaction, new AlertFailure
                {
                    At = now,
                    Channel = "mail",
                    Recipient = Subscriber.Masked(delivery.Email),
                    What = what,
                    Problem = bounced ? $"{problem} The address is paused: nothing more is sent to it until it follows a confirmation link again." : problem,
                });
            }
            return 0;
        }, cancellationToken);

    // A run that stopped after handing messages to the server and before recording it leaves them 'sending'. Sending
    // them again could send a change twice, so they are not: they are marked uncertain and shown to Admins.
    private const string MarkStaleUncertainSql = """
        UPDATE AlertDeliveries SET State = 'uncertain', Problem = @problem
        WHERE State = 'sending' AND ClaimedAt < @before
        """;

    public Task<int> MarkStaleUncertainAsync(DateTimeOffset before, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            const string problem = "The sending job stopped after claiming this message and before recording whether the mail server took it. It is not sent again, so that no one gets it twice.";
            var count = await connection.ExecuteAsync(new CommandDefinition(MarkStaleUncertainSql, new { before, problem }, transaction, cancellationToken: cancellationToken));
            if (count > 0)
            {
                await InsertFailureAsync(connection, transaction, new AlertFailure
                {
                    At = now,
                    Channel = "mail",
                    Recipient = count == 1 ? "1 address" : $"{count} addresses",
                    What = "Messages of an interrupted send",
                    Problem = problem,
                });
            }
            return count;
        }, cancellationToken);

    // ---- failures and counts, for Admins ----

    private const string InsertFailureSql = """
        INSERT INTO AlertFailures (At, Channel, Recipient, What, Problem) VALUES (@At, @Channel, @Recipient, @What, @Problem)
        """;

    public static Task InsertFailureAsync(DbConnection connection, DbTransaction transaction, AlertFailure failure) =>
        connection.ExecuteAsync(InsertFailureSql, failure, transaction);

    public Task RecordFailureAsync(AlertFailure failure, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await InsertFailureAsync(connection, transaction, failure);
            return 0;
        }, cancellationToken);

    private const string ListFailuresSql = "SELECT Id, At, Channel, Recipient, What, Problem FROM AlertFailures ORDER BY Id DESC LIMIT @take";

    public Task<IReadOnlyList<AlertFailure>> ListFailuresAsync(int take, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AlertFailure>>(async connection =>
            (await connection.QueryAsync<AlertFailure>(new CommandDefinition(ListFailuresSql, new { take }, cancellationToken: cancellationToken))).AsList(), cancellationToken);

    private const string StatsSql = """
        SELECT (SELECT COUNT(*) FROM AlertSubscribers p WHERE EXISTS (SELECT 1 FROM AlertSubscriptions s WHERE s.SubscriberId = p.Id AND s.State = 'active')) AS Addresses,
               (SELECT COUNT(*) FROM AlertSubscribers WHERE PausedAt IS NOT NULL) AS PausedAddresses,
               (SELECT COUNT(*) FROM AlertSubscriptions WHERE State = 'active') AS ActiveSubscriptions,
               (SELECT COUNT(*) FROM AlertSubscriptions WHERE State = 'pending') AS PendingSubscriptions,
               (SELECT COUNT(*) FROM AlertDeliveries WHERE State IN ('pending', 'sending') AND Mode = 'immediate') AS QueuedMessages,
               (SELECT COUNT(*) FROM AlertDeliveries WHERE State = 'pending' AND Mode = 'digest') AS DigestMessages,
               (SELECT COUNT(*) FROM AlertDeliveries WHERE State = 'sent') AS SentMessages,
               (SELECT COUNT(*) FROM AlertDeliveries WHERE State = 'failed') AS FailedMessages,
               (SELECT COUNT(*) FROM AlertDeliveries WHERE State = 'uncertain') AS UncertainMessages
        """;

    public Task<AlertStats> StatsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => connection.QuerySingleAsync<AlertStats>(new CommandDefinition(StatsSql, cancellationToken: cancellationToken)), cancellationToken);
}
