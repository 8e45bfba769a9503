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

    public async Task<IReadOnlyList<ScheduleOverride>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ScheduleOverride>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string SaveSql = """
        INSERT INTO ReportSchedules (JobId, Cron, TimeZone, ChangedAt, ChangedBy)
        VALUES (@JobId, @Cron, @TimeZone, @ChangedAt, @ChangedBy)
        ON CONFLICT (JobId) DO UPDATE SET Cron = excluded.Cron, TimeZone = excluded.TimeZone,
            ChangedAt = excluded.ChangedAt, ChangedBy = excluded.ChangedBy
        """;

    public async Task SaveAsync(ScheduleOverride schedule, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SaveSql, schedule, cancellationToken: cancellationToken));
        // The /reports page shows the schedules: a write outside Database.WriteAsync says so itself.
        await database.TouchAsync(cancellationToken);
    }

    private const string RemoveSql = "DELETE FROM ReportSchedules WHERE JobId = @jobId";

    /// <summary>Goes back to the configured schedule.</summary>
    public async Task RemoveAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(RemoveSql, new { jobId }, cancellationToken: cancellationToken));
        await database.TouchAsync(cancellationToken);
    }
}
