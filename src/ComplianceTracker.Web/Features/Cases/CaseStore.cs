using System.Data;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Cases;

public sealed class CaseStore(Database database)
{
    private const string GetSql = """
        SELECT Id, Key, Title, Plan, Regulator, RegulatorShort, Summary, PrimarySurveyKey, KeyDeadlineCode, LoadedAt
        FROM Cases
        ORDER BY Id
        LIMIT 1
        """;

    public async Task<CaseRecord?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition(GetSql, cancellationToken: cancellationToken));
    }

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM Cases)";

    public static Task<bool> ExistsAsync(IDbConnection connection, IDbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<bool>(ExistsSql, transaction: transaction);

    private const string InsertSql = """
        INSERT INTO Cases (Key, Title, Plan, Regulator, RegulatorShort, Summary, PrimarySurveyKey, KeyDeadlineCode, LoadedAt)
        VALUES (@Key, @Title, @Plan, @Regulator, @RegulatorShort, @Summary, @PrimarySurveyKey, @KeyDeadlineCode, @LoadedAt)
        """;

    public static Task InsertAsync(IDbConnection connection, IDbTransaction transaction, CaseRecord record) =>
        connection.ExecuteAsync(InsertSql, record, transaction);
}
