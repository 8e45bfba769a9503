using System.Data;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Reports;

public sealed class EditionStore(Database database)
{
    private const string Columns = "Number, AsOf, GeneratedAt, Trigger, OccurrenceKey, FileName, Sha256, Bytes, Pages";

    private const string ListSql = $"SELECT {Columns} FROM Editions ORDER BY Number DESC";

    /// <summary>Every edition, newest first.</summary>
    public async Task<IReadOnlyList<Edition>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Edition>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string FindSql = $"SELECT {Columns} FROM Editions WHERE Number = @number";

    public async Task<Edition?> FindAsync(int number, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Edition>(new CommandDefinition(FindSql, new { number }, cancellationToken: cancellationToken));
    }

    private const string LatestSql = $"SELECT {Columns} FROM Editions ORDER BY Number DESC LIMIT 1";

    public async Task<Edition?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Edition>(new CommandDefinition(LatestSql, cancellationToken: cancellationToken));
    }

    private const string FindByOccurrenceSql = $"SELECT {Columns} FROM Editions WHERE OccurrenceKey = @occurrenceKey";

    public async Task<Edition?> FindByOccurrenceAsync(string occurrenceKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Edition>(
            new CommandDefinition(FindByOccurrenceSql, new { occurrenceKey }, cancellationToken: cancellationToken));
    }

    public static Task<Edition?> FindByOccurrenceAsync(IDbConnection connection, IDbTransaction transaction, string occurrenceKey) =>
        connection.QuerySingleOrDefaultAsync<Edition>(FindByOccurrenceSql, new { occurrenceKey }, transaction);

    public static Task<Edition?> FindAsync(IDbConnection connection, IDbTransaction? transaction, int number) =>
        connection.QuerySingleOrDefaultAsync<Edition>(FindSql, new { number }, transaction);

    private const string NextNumberSql = "SELECT COALESCE(MAX(Number), 0) + 1 FROM Editions";

    /// <summary>The number the next edition takes; read inside the write transaction that inserts it.</summary>
    public static Task<int> NextNumberAsync(IDbConnection connection, IDbTransaction transaction) =>
        connection.ExecuteScalarAsync<int>(NextNumberSql, transaction: transaction);

    private const string InsertSql = """
        INSERT INTO Editions (Number, AsOf, GeneratedAt, Trigger, OccurrenceKey, FileName, Sha256, Bytes, Pages)
        VALUES (@Number, @AsOf, @GeneratedAt, @Trigger, @OccurrenceKey, @FileName, @Sha256, @Bytes, @Pages)
        """;

    public static Task InsertAsync(IDbConnection connection, IDbTransaction transaction, Edition edition) =>
        connection.ExecuteAsync(InsertSql, edition, transaction);
}
