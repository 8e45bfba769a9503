using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Reports;

public sealed class EditionStore(Database database)
{
    private const string Columns = "Number, AsOf, GeneratedAt, Trigger, OccurrenceKey, FileName, Sha256, Bytes, Pages";

    private const string ListSql = $"SELECT {Columns} FROM Editions ORDER BY Number DESC";

    /// <summary>Every edition, newest first.</summary>
    public Task<IReadOnlyList<Edition>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Edition>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Edition>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string FindSql = $"SELECT {Columns} FROM Editions WHERE Number = @number";

    public Task<Edition?> FindAsync(int number, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindAsync(connection, null, number, cancellationToken), cancellationToken);

    public static async Task<Edition?> FindAsync(DbConnection connection, DbTransaction? transaction, int number, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Edition>(new CommandDefinition(FindSql, new { number }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string LatestSql = $"SELECT {Columns} FROM Editions ORDER BY Number DESC LIMIT 1";

    public Task<Edition?> LatestAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => LatestAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<Edition?> LatestAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Edition>(new CommandDefinition(LatestSql, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string FindByOccurrenceSql = $"SELECT {Columns} FROM Editions WHERE OccurrenceKey = @occurrenceKey";

    public Task<Edition?> FindByOccurrenceAsync(string occurrenceKey, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByOccurrenceAsync(connection, null, occurrenceKey, cancellationToken), cancellationToken);

    public static async Task<Edition?> FindByOccurrenceAsync(DbConnection connection, DbTransaction? transaction, string occurrenceKey, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Edition>(
            new CommandDefinition(FindByOccurrenceSql, new { occurrenceKey }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string NextNumberSql = "SELECT COALESCE(MAX(Number), 0) + 1 FROM Editions";

    /// <summary>The number the next edition takes; read inside the write transaction that inserts it.</summary>
    public static Task<int> NextNumberAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteScalarAsync<int>(NextNumberSql, transaction: transaction);

    private const string InsertSql = """
        INSERT INTO Editions (Number, AsOf, GeneratedAt, Trigger, OccurrenceKey, FileName, Sha256, Bytes, Pages)
        VALUES (@Number, @AsOf, @GeneratedAt, @Trigger, @OccurrenceKey, @FileName, @Sha256, @Bytes, @Pages)
        """;

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, Edition edition) =>
        connection.ExecuteAsync(InsertSql, edition, transaction);
}
