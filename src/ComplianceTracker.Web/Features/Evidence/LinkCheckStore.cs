using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>All SQL of the link checks' answers.</summary>
public sealed class LinkCheckStore(Database database)
{
    // The newest few answers per source are enough to judge a run of failures; older ones stay for the record.
    private const string ListRecentSql = """
        SELECT SourceId, Url, CheckedAt, Answered, HttpStatus, FinalUrl, Problem
        FROM (
            SELECT lc.SourceId, lc.Url, lc.CheckedAt, lc.Answered, lc.HttpStatus, lc.FinalUrl, lc.Problem,
                   ROW_NUMBER() OVER (PARTITION BY lc.SourceId ORDER BY lc.CheckedAt DESC, lc.Id DESC) AS Position
            FROM LinkChecks lc
        ) recent
        WHERE Position <= 12
        ORDER BY SourceId, CheckedAt DESC
        """;

    /// <summary>The recent answers of every source's address, by source id.</summary>
    public Task<ILookup<long, LinkCheckRow>> ListRecentAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRecentAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<ILookup<long, LinkCheckRow>> ListRecentAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<LinkCheckRow>(new CommandDefinition(ListRecentSql, transaction: transaction, cancellationToken: cancellationToken)))
            .ToLookup(r => r.SourceId);

    private const string InsertSql = """
        INSERT INTO LinkChecks (SourceId, Url, CheckedAt, Answered, HttpStatus, FinalUrl, Problem)
        VALUES (@SourceId, @Url, @CheckedAt, @Answered, @HttpStatus, @FinalUrl, @Problem)
        """;

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, LinkCheckRow row) =>
        connection.ExecuteAsync(InsertSql, row, transaction);
}
