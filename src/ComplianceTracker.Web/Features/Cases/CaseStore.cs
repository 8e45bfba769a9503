using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Cases;

public sealed class CaseStore(Database database)
{
    private const string GetSql = """
        SELECT Id, Key, Title, Plan, Regulator, RegulatorShort, Summary, PrimarySurveyKey, KeyDeadlineCode, LoadedAt, TimeZone, ObligationOrigin, HeadlineAssessor
        FROM Cases
        ORDER BY Id
        LIMIT 1
        """;

    private const string ListAssessorsSql = """
        SELECT Assessor AS Role, Name, Position
        FROM CaseAssessors
        WHERE CaseId = @CaseId
        ORDER BY Position
        """;

    public Task<CaseRecord?> GetAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => GetAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<CaseRecord?> GetAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var record = await connection.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition(GetSql, transaction: transaction, cancellationToken: cancellationToken));
        if (record is not null)
        {
            record.Assessors = (await connection.QueryAsync<CaseAssessor>(
                new CommandDefinition(ListAssessorsSql, new { CaseId = record.Id }, transaction: transaction, cancellationToken: cancellationToken))).ToList();
        }
        return record;
    }

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM Cases)";

    public static Task<bool> ExistsAsync(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<bool>(ExistsSql, transaction: transaction);

    private const string InsertSql = """
        INSERT INTO Cases (Key, Title, Plan, Regulator, RegulatorShort, Summary, PrimarySurveyKey, KeyDeadlineCode, LoadedAt, TimeZone, ObligationOrigin, HeadlineAssessor)
        VALUES (@Key, @Title, @Plan, @Regulator, @RegulatorShort, @Summary, @PrimarySurveyKey, @KeyDeadlineCode, @LoadedAt, @TimeZone, @ObligationOrigin, @HeadlineAssessor)
        """;

    private const string InsertAssessorSql = """
        INSERT INTO CaseAssessors (CaseId, Assessor, Name, Position)
        SELECT Id, @Role, @Name, @Position FROM Cases WHERE Key = @Key
        """;

    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, CaseRecord record)
    {
        await connection.ExecuteAsync(InsertSql, record, transaction);
        var position = 0;
        foreach (var assessor in record.Assessors)
        {
            await connection.ExecuteAsync(InsertAssessorSql, new { record.Key, assessor.Role, assessor.Name, Position = ++position }, transaction);
        }
    }
}
