using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>All SQL of the agencies a case may ask for records.</summary>
public sealed class RecordsAgencyStore(Database database)
{
    private const string ListSql = """
        SELECT Id, Name, FullName, LawKey, RecordsAddress, Position, Version
        FROM RecordsAgencies
        ORDER BY Position, Id
        """;

    public Task<IReadOnlyList<RecordsAgency>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<RecordsAgency>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RecordsAgency>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string InsertSql = """
        INSERT INTO RecordsAgencies (Name, FullName, LawKey, RecordsAddress, Position, Version)
        VALUES (@Name, @FullName, @LawKey, @RecordsAddress, @Position, @Version)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, RecordsAgency agency) =>
        connection.ExecuteScalarAsync<long>(InsertSql, agency, transaction);

    private const string DeleteAllSql = "DELETE FROM RecordsAgencies";

    /// <summary>
    /// Clears the agencies a migration made from a case that is not there any more: only for loading a seed into a
    /// database with no case (and so no request) yet.
    /// </summary>
    public static Task DeleteAllAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteAsync(DeleteAllSql, transaction: transaction);

    // The version must still be the one the form was read at: a save that crossed another is refused, not merged.
    private const string UpdateSql = """
        UPDATE RecordsAgencies
        SET FullName = @FullName, LawKey = @LawKey, RecordsAddress = @RecordsAddress, Version = Version + 1
        WHERE Id = @Id AND Version = @Version
        """;

    public static async Task<bool> TryUpdateAsync(DbConnection connection, DbTransaction transaction, RecordsAgency agency) =>
        await connection.ExecuteAsync(UpdateSql, agency, transaction) == 1;
}
