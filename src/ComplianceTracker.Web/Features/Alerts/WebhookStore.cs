using System.Data.Common;
using Dapper;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>All SQL of webhook endpoints, their deliveries and every attempt. Written through <see cref="AlertStore.WriteAsync{T}"/>.</summary>
public sealed class WebhookStore(AlertStore alerts)
{
    private const string EndpointColumns = """
        e.Id, e.Url, e.Description, e.ProtectedSecret, e.CreatedAt, e.CreatedBy, e.DisabledAt,
        (SELECT COUNT(*) FROM WebhookDeliveries d WHERE d.EndpointId = e.Id AND d.State = 'delivered') AS Delivered,
        (SELECT COUNT(*) FROM WebhookDeliveries d WHERE d.EndpointId = e.Id AND d.State = 'failed') AS Failed,
        (SELECT COUNT(*) FROM WebhookDeliveries d WHERE d.EndpointId = e.Id AND d.State = 'pending') AS Waiting
        """;

    private const string ListEndpointsSql = $"SELECT {EndpointColumns} FROM WebhookEndpoints e ORDER BY e.Id";

    public Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(CancellationToken cancellationToken = default) =>
        alerts.ReadAsync<IReadOnlyList<WebhookEndpoint>>(async connection =>
            (await connection.QueryAsync<WebhookEndpoint>(new CommandDefinition(ListEndpointsSql, cancellationToken: cancellationToken))).AsList(), cancellationToken);

    private const string FindEndpointSql = $"SELECT {EndpointColumns} FROM WebhookEndpoints e WHERE e.Id = @id";

    public Task<WebhookEndpoint?> FindEndpointAsync(long id, CancellationToken cancellationToken = default) =>
        alerts.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<WebhookEndpoint>(new CommandDefinition(FindEndpointSql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string InsertEndpointSql = """
        INSERT INTO WebhookEndpoints (Url, Description, ProtectedSecret, CreatedAt, CreatedBy)
        VALUES (@Url, @Description, @ProtectedSecret, @CreatedAt, @CreatedBy)
        RETURNING Id
        """;

    public Task<long> InsertEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken = default) =>
        alerts.WriteAsync((connection, transaction) =>
            connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertEndpointSql, endpoint, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string SetDisabledSql = "UPDATE WebhookEndpoints SET DisabledAt = @disabledAt WHERE Id = @id";

    /// <summary>Stops (a time) or resumes (null) deliveries to an endpoint; changes found meanwhile are not sent to it.</summary>
    public Task<int> SetDisabledAsync(long id, DateTimeOffset? disabledAt, CancellationToken cancellationToken = default) =>
        alerts.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(SetDisabledSql, new { id, disabledAt }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string DeleteEndpointSql = "DELETE FROM WebhookEndpoints WHERE Id = @id";

    /// <summary>Removes an endpoint with its deliveries and their log.</summary>
    public Task<int> DeleteEndpointAsync(long id, CancellationToken cancellationToken = default) =>
        alerts.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(DeleteEndpointSql, new { id }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private const string FanOutSql = """
        INSERT INTO WebhookDeliveries (EndpointId, ChangeId, State, Attempts, NextAttemptAt)
        SELECT e.Id, @changeId, 'pending', 0, @now FROM WebhookEndpoints e
        WHERE e.DisabledAt IS NULL
        ON CONFLICT (EndpointId, ChangeId) DO NOTHING
        RETURNING Id
        """;

    /// <summary>One delivery per enabled endpoint; their ids, for the jobs to queue.</summary>
    public static async Task<IReadOnlyList<long>> FanOutAsync(DbConnection connection, DbTransaction transaction, long changeId, DateTimeOffset now) =>
        (await connection.QueryAsync<long>(FanOutSql, new { changeId, now }, transaction)).AsList();

    private const string DeliveryColumns = """
        d.Id, d.EndpointId, d.ChangeId, c.StableId, d.State, d.Attempts, d.NextAttemptAt, d.DeliveredAt
        """;

    private const string FindDeliverySql = $"""
        SELECT {DeliveryColumns} FROM WebhookDeliveries d JOIN AlertChanges c ON c.Id = d.ChangeId WHERE d.Id = @id
        """;

    public Task<WebhookDelivery?> FindDeliveryAsync(long id, CancellationToken cancellationToken = default) =>
        alerts.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<WebhookDelivery>(new CommandDefinition(FindDeliverySql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string InsertAttemptSql = """
        INSERT INTO WebhookAttempts (DeliveryId, AttemptedAt, HttpStatus, Problem, DurationMs)
        VALUES (@DeliveryId, @AttemptedAt, @HttpStatus, @Problem, @DurationMs)
        """;

    private const string MarkDeliveredSql = """
        UPDATE WebhookDeliveries SET State = 'delivered', Attempts = Attempts + 1, DeliveredAt = @now, NextAttemptAt = NULL
        WHERE Id = @id AND State = 'pending'
        """;

    private const string MarkRetrySql = """
        UPDATE WebhookDeliveries SET Attempts = Attempts + 1, NextAttemptAt = @next, State = CASE WHEN @next IS NULL THEN 'failed' ELSE 'pending' END
        WHERE Id = @id AND State = 'pending'
        """;

    /// <summary>Logs an attempt and where it leaves the delivery: delivered, to be tried again at <paramref name="next"/>, or (next null) given up.</summary>
    public Task RecordAttemptAsync(WebhookAttempt attempt, bool delivered, DateTimeOffset? next, AlertFailure? failure, CancellationToken cancellationToken = default) =>
        alerts.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertAttemptSql, attempt, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(delivered ? MarkDeliveredSql : MarkRetrySql,
                new { id = attempt.DeliveryId, now = attempt.AttemptedAt, next }, transaction, cancellationToken: cancellationToken));
            if (failure is not null)
            {
                await AlertStore.InsertFailureAsync(connection, transaction, failure);
            }
            return 0;
        }, cancellationToken);

    private const string ListDeliveriesSql = $"""
        SELECT {DeliveryColumns} FROM WebhookDeliveries d JOIN AlertChanges c ON c.Id = d.ChangeId
        WHERE d.EndpointId = @endpointId ORDER BY d.Id DESC LIMIT @take
        """;

    private const string ListAttemptsSql = """
        SELECT a.Id, a.DeliveryId, a.AttemptedAt, a.HttpStatus, a.Problem, a.DurationMs
        FROM WebhookAttempts a JOIN WebhookDeliveries d ON d.Id = a.DeliveryId
        WHERE d.EndpointId = @endpointId AND d.Id >= @oldest
        ORDER BY a.Id
        """;

    /// <summary>The newest deliveries to an endpoint, each with every attempt: the per-delivery log.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(long endpointId, int take, CancellationToken cancellationToken = default) =>
        alerts.ReadAsync<IReadOnlyList<WebhookDelivery>>(async connection =>
        {
            var deliveries = (await connection.QueryAsync<WebhookDelivery>(new CommandDefinition(ListDeliveriesSql, new { endpointId, take }, cancellationToken: cancellationToken))).AsList();
            if (deliveries.Count == 0)
            {
                return deliveries;
            }
            var attempts = (await connection.QueryAsync<WebhookAttempt>(new CommandDefinition(ListAttemptsSql, new { endpointId, oldest = deliveries[^1].Id }, cancellationToken: cancellationToken)))
                .ToLookup(a => a.DeliveryId);
            foreach (var delivery in deliveries)
            {
                delivery.Log = attempts[delivery.Id].ToList();
            }
            return deliveries;
        }, cancellationToken);

    // A delivery whose next attempt is well past due: its scheduled job was lost. Queued again by the scan.
    private const string ListOverdueSql = "SELECT Id FROM WebhookDeliveries WHERE State = 'pending' AND NextAttemptAt < @before ORDER BY Id";

    public Task<IReadOnlyList<long>> ListOverdueAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        alerts.ReadAsync<IReadOnlyList<long>>(async connection =>
            (await connection.QueryAsync<long>(new CommandDefinition(ListOverdueSql, new { before }, cancellationToken: cancellationToken))).AsList(), cancellationToken);
}
