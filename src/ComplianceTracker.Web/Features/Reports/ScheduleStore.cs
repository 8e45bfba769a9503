using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>An Admin's override of one report schedule.</summary>
public sealed class ScheduleOverride
{
    public string JobId { get; set; } = "";
    public string Cron { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}

public sealed class ScheduleStore(Database database)
{
    private const string ListSql = "SELECT JobId, Cron, TimeZone, ChangedAt, ChangedBy FROM ReportSchedules ORDER BY JobId";

    public Task<IReadOnlyList<ScheduleOverride>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<ScheduleOverride>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<ScheduleOverride>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string SaveSql = """
        INSERT INTO ReportSchedules (JobId, Cron, TimeZone, ChangedAt, ChangedBy)
        VALUES (@JobId, @Cron, @TimeZone, @ChangedAt, @ChangedBy)
        ON CONFLICT (JobId) DO UPDATE SET Cron = excluded.Cron, TimeZone = excluded.TimeZone,
            ChangedAt = excluded.ChangedAt, ChangedBy = excluded.ChangedBy
        """;

    public Task SaveAsync(ScheduleOverride schedule, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(async connection =>
        {
            await SaveAsync(connection, null, schedule, cancellationToken);
            // The /reports page shows the schedules: a write outside Database.WriteAsync says so itself.
            await database.TouchAsync(cancellationToken);
        }, cancellationToken);

    public static async Task SaveAsync(DbConnection connection, DbTransaction? transaction, ScheduleOverride schedule, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(SaveSql, schedule, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string RemoveSql = "DELETE FROM ReportSchedules WHERE JobId = @jobId";

    /// <summary>Goes back to the configured schedule.</summary>
    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(async connection =>
        {
            await RemoveAsync(connection, null, jobId, cancellationToken);
            // The /reports page shows the schedules: a write outside Database.WriteAsync says so itself.
            await database.TouchAsync(cancellationToken);
        }, cancellationToken);

    public static async Task RemoveAsync(DbConnection connection, DbTransaction? transaction, string jobId, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition(RemoveSql, new { jobId }, transaction: transaction, cancellationToken: cancellationToken));
    }
}
