using System.Data.Common;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Deficiencies;

public sealed class SurveyStore(Database database)
{
    private const string ListSql = """
        SELECT Id, Key, Title, Regulator, StartedOn, StartedPrecision, DeficiencyCount, CodePrefix, Description, Confidence
        FROM Surveys
        ORDER BY StartedOn DESC NULLS LAST
        """;

    public Task<IReadOnlyList<Survey>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Survey>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Survey>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string ListFindingsSql = """
        SELECT Id, SurveyId, Assessor, EffectiveOn, EffectivePrecision, Title, Confidence, Note
        FROM AggregateFindings
        WHERE SurveyId = @surveyId
        ORDER BY EffectiveOn DESC, Id DESC
        """;

    private const string ListFindingCountsSql = """
        SELECT c.AggregateFindingId, c.Status, c.Count
        FROM AggregateFindingCounts c JOIN AggregateFindings f ON f.Id = c.AggregateFindingId
        WHERE f.SurveyId = @surveyId
        """;

    private const string ListFindingSourcesSql = """
        SELECT afs.AggregateFindingId, s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM AggregateFindingSources afs
        JOIN AggregateFindings f ON f.Id = afs.AggregateFindingId
        JOIN Sources s ON s.Id = afs.SourceId
        WHERE f.SurveyId = @surveyId
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    /// <summary>A survey's aggregate findings, newest first, with their counts and sources.</summary>
    public Task<IReadOnlyList<AggregateFinding>> ListFindingsAsync(long surveyId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListFindingsAsync(connection, null, surveyId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<AggregateFinding>> ListFindingsAsync(DbConnection connection, DbTransaction? transaction, long surveyId, CancellationToken cancellationToken = default)
    {
        var findings = (await connection.QueryAsync<AggregateFinding>(new CommandDefinition(ListFindingsSql, new { surveyId }, transaction: transaction, cancellationToken: cancellationToken))).AsList();
        var byId = findings.ToDictionary(f => f.Id);
        var counts = await connection.QueryAsync<(long FindingId, string Status, int Count)>(
            new CommandDefinition(ListFindingCountsSql, new { surveyId }, transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (findingId, status, count) in counts)
        {
            byId[findingId].Counts[status] = count;
        }
        await connection.QueryAsync<long, Source, long>(
            new CommandDefinition(ListFindingSourcesSql, new { surveyId }, transaction: transaction, cancellationToken: cancellationToken),
            (findingId, source) =>
            {
                byId[findingId].Sources.Add(source);
                return findingId;
            },
            splitOn: "Id");
        foreach (var finding in findings)
        {
            finding.Sources = Source.BestFirst(finding.Sources, finding.Assessor);
        }
        return findings;
    }

    private const string InsertSql = """
        INSERT INTO Surveys (Key, Title, Regulator, StartedOn, StartedPrecision, DeficiencyCount, CodePrefix, Description, Confidence)
        VALUES (@Key, @Title, @Regulator, @StartedOn, @StartedPrecision, @DeficiencyCount, @CodePrefix, @Description, @Confidence)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, Survey survey) =>
        connection.ExecuteScalarAsync<long>(InsertSql, survey, transaction);

    private const string LinkSourceSql = "INSERT INTO SurveySources (SurveyId, SourceId) VALUES (@surveyId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(DbConnection connection, DbTransaction transaction, long surveyId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { surveyId, sourceId }, transaction);

    private const string InsertFindingSql = """
        INSERT INTO AggregateFindings (SurveyId, Assessor, EffectiveOn, EffectivePrecision, Title, Confidence, Note)
        VALUES (@SurveyId, @Assessor, @EffectiveOn, @EffectivePrecision, @Title, @Confidence, @Note)
        RETURNING Id
        """;

    private const string InsertFindingCountSql = """
        INSERT INTO AggregateFindingCounts (AggregateFindingId, Status, Count) VALUES (@findingId, @status, @count)
        """;

    private const string LinkFindingSourceSql = """
        INSERT INTO AggregateFindingSources (AggregateFindingId, SourceId) VALUES (@findingId, @sourceId) ON CONFLICT DO NOTHING
        """;

    public static async Task<long> InsertFindingAsync(DbConnection connection, DbTransaction transaction, AggregateFinding finding, IEnumerable<long> sourceIds)
    {
        var findingId = await connection.ExecuteScalarAsync<long>(InsertFindingSql, finding, transaction);
        foreach (var (status, count) in finding.Counts)
        {
            await connection.ExecuteAsync(InsertFindingCountSql, new { findingId, status, count }, transaction);
        }
        foreach (var sourceId in sourceIds)
        {
            await connection.ExecuteAsync(LinkFindingSourceSql, new { findingId, sourceId }, transaction);
        }
        return findingId;
    }
}
