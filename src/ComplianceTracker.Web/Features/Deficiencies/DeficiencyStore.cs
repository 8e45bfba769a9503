using System.Data.Common;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Deficiencies;

public sealed class DeficiencyStore(Database database)
{
    private const string SelectColumns = """
        d.Id, d.SurveyId, s.Key AS SurveyKey, s.Title AS SurveyTitle, s.Regulator AS SurveyRegulator, d.Code, d.Slot, d.RegulatorNumber, d.Title, d.Area,
        d.LegalCitation, d.Finding, d.Notes, d.Confidence, d.Version,
        d.WithdrawnOn, d.WithdrawnPrecision, d.WithdrawnSourceId, d.WithdrawnNote,
        w.Key AS WithdrawnSourceKey, w.Title AS WithdrawnSourceTitle, w.Url AS WithdrawnSourceUrl, w.Publisher AS WithdrawnSourcePublisher
        """;

    private const string ListSql = $"""
        SELECT {SelectColumns}
        FROM Deficiencies d JOIN Surveys s ON s.Id = d.SurveyId LEFT JOIN Sources w ON w.Id = d.WithdrawnSourceId
        ORDER BY s.StartedOn DESC NULLS LAST, d.Slot
        """;

    public Task<IReadOnlyList<Deficiency>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Deficiency>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Deficiency>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string FindByCodeSql = $"""
        SELECT {SelectColumns}
        FROM Deficiencies d JOIN Surveys s ON s.Id = d.SurveyId LEFT JOIN Sources w ON w.Id = d.WithdrawnSourceId
        WHERE d.Code = @code
        """;

    public Task<Deficiency?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindByCodeAsync(connection, null, code, cancellationToken), cancellationToken);

    public static async Task<Deficiency?> FindByCodeAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken cancellationToken = default)
    {
        return await connection.QuerySingleOrDefaultAsync<Deficiency>(new CommandDefinition(FindByCodeSql, new { code }, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string ListSourcesSql = """
        SELECT s.Id, s.Key, s.Title, s.Publisher, s.PublishedOn, s.PublishedPrecision, s.Kind, s.Url, s.Note, s.AddedAt, s.Party, s.IsCopy, s.CopyOfId, (SELECT c.Key FROM Sources c WHERE c.Id = s.CopyOfId) AS CopyOfKey
        FROM Sources s
        WHERE s.Id IN (
            SELECT SourceId FROM DeficiencySources WHERE DeficiencyId = @deficiencyId
            UNION SELECT sc.SourceId FROM StatusChanges sc WHERE sc.SubjectType = 'deficiency' AND sc.SubjectId = @deficiencyId AND sc.SourceId IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'status' AND w.EntryId = sc.Id)
            UNION SELECT e.SourceId FROM FieldEdits e WHERE e.ItemType = 'deficiency' AND e.ItemId = @deficiencyId AND e.SourceId IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM Withdrawals w WHERE w.EntryType = 'field-edit' AND w.EntryId = e.Id)
            UNION SELECT SourceId FROM DeficiencyEvidence WHERE DeficiencyId = @deficiencyId AND SourceId IS NOT NULL
            UNION SELECT WithdrawnSourceId FROM Deficiencies WHERE Id = @deficiencyId AND WithdrawnSourceId IS NOT NULL)
        ORDER BY s.PublishedOn IS NULL, s.PublishedOn, s.Title
        """;

    /// <summary>Every source the item rests on: its own list, any document cited by its history (withdrawn entries aside) or its evidence, and the one saying the regulator withdrew it.</summary>
    public Task<IReadOnlyList<Source>> ListSourcesAsync(long deficiencyId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListSourcesAsync(connection, null, deficiencyId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<Source>> ListSourcesAsync(DbConnection connection, DbTransaction? transaction, long deficiencyId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<Source>(new CommandDefinition(ListSourcesSql, new { deficiencyId }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string CountUnsourcedSql = """
        SELECT COUNT(*) FROM Deficiencies d
        WHERE d.Title IS NOT NULL AND NOT EXISTS (SELECT 1 FROM DeficiencySources ds WHERE ds.DeficiencyId = d.Id)
        """;

    /// <summary>Deficiencies whose published details cite no source.</summary>
    public Task<int> CountUnsourcedAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => CountUnsourcedAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<int> CountUnsourcedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnsourcedSql, transaction: transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        INSERT INTO Deficiencies (SurveyId, Code, Slot, RegulatorNumber, Title, Area, LegalCitation, Finding, Notes, Confidence,
            WithdrawnOn, WithdrawnPrecision, WithdrawnSourceId, WithdrawnNote)
        VALUES (@SurveyId, @Code, @Slot, @RegulatorNumber, @Title, @Area, @LegalCitation, @Finding, @Notes, @Confidence,
            @WithdrawnOn, @WithdrawnPrecision, @WithdrawnSourceId, @WithdrawnNote)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, Deficiency deficiency) =>
        connection.ExecuteScalarAsync<long>(InsertSql, deficiency, transaction);

    private const string ListEvidenceSql = """
        SELECT e.Id, e.DeficiencyId, e.Text, e.SourceId, e.Confidence, e.Note, e.SortOrder,
               s.Key AS SourceKey, s.Title AS SourceTitle, s.Url AS SourceUrl, s.Publisher AS SourcePublisher
        FROM DeficiencyEvidence e LEFT JOIN Sources s ON s.Id = e.SourceId
        WHERE e.DeficiencyId = @deficiencyId
        ORDER BY e.SortOrder, e.Id
        """;

    /// <summary>What sources cite under this item without it being a deficiency of its own.</summary>
    public Task<IReadOnlyList<DeficiencyEvidence>> ListEvidenceAsync(long deficiencyId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListEvidenceAsync(connection, null, deficiencyId, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<DeficiencyEvidence>> ListEvidenceAsync(DbConnection connection, DbTransaction? transaction, long deficiencyId, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<DeficiencyEvidence>(new CommandDefinition(ListEvidenceSql, new { deficiencyId }, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string InsertEvidenceSql = """
        INSERT INTO DeficiencyEvidence (DeficiencyId, Text, SourceId, Confidence, Note, SortOrder)
        VALUES (@DeficiencyId, @Text, @SourceId, @Confidence, @Note, @SortOrder)
        RETURNING Id
        """;

    public static Task<long> InsertEvidenceAsync(DbConnection connection, DbTransaction transaction, DeficiencyEvidence evidence) =>
        connection.ExecuteScalarAsync<long>(InsertEvidenceSql, evidence, transaction);

    private const string InsertRepeatSql = """
        INSERT INTO DeficiencyRepeats (DeficiencyId, EarlierDeficiencyId, SourceId, Note)
        VALUES (@DeficiencyId, @EarlierDeficiencyId, @SourceId, @Note)
        """;

    public static Task InsertRepeatAsync(DbConnection connection, DbTransaction transaction, DeficiencyRepeat repeat) =>
        connection.ExecuteAsync(InsertRepeatSql, repeat, transaction);

    private const string ListRepeatsSql = """
        SELECT r.Id, r.DeficiencyId, r.EarlierDeficiencyId, r.SourceId, r.Note,
               d.Code, d.Title, ds.Key AS SurveyKey, ds.Title AS SurveyTitle, ds.Regulator AS SurveyRegulator,
               e.Code AS EarlierCode, e.Title AS EarlierTitle, es.Id AS EarlierSurveyId, es.Key AS EarlierSurveyKey, es.Title AS EarlierSurveyTitle,
               es.Regulator AS EarlierSurveyRegulator,
               es.StartedOn AS EarlierSurveyStartedOn, es.StartedPrecision AS EarlierSurveyStartedPrecision,
               s.Key AS SourceKey, s.Title AS SourceTitle, s.Url AS SourceUrl, s.Publisher AS SourcePublisher
        FROM DeficiencyRepeats r
        JOIN Deficiencies d ON d.Id = r.DeficiencyId JOIN Surveys ds ON ds.Id = d.SurveyId
        JOIN Deficiencies e ON e.Id = r.EarlierDeficiencyId JOIN Surveys es ON es.Id = e.SurveyId
        JOIN Sources s ON s.Id = r.SourceId
        ORDER BY d.Code, es.StartedOn, e.Code, r.Id
        """;

    /// <summary>Every link between a deficiency and an earlier finding it repeats, with the source that ties them.</summary>
    public Task<IReadOnlyList<DeficiencyRepeat>> ListRepeatsAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListRepeatsAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<DeficiencyRepeat>> ListRepeatsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<DeficiencyRepeat>(new CommandDefinition(ListRepeatsSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private const string LinkSourceSql = "INSERT INTO DeficiencySources (DeficiencyId, SourceId) VALUES (@deficiencyId, @sourceId) ON CONFLICT DO NOTHING";

    public static Task LinkSourceAsync(DbConnection connection, DbTransaction transaction, long deficiencyId, long sourceId) =>
        connection.ExecuteAsync(LinkSourceSql, new { deficiencyId, sourceId }, transaction);

    private const string VersionSql = "SELECT Version FROM Deficiencies WHERE Id = @id";

    /// <summary>The item's version now (0 when there is no such item).</summary>
    public static Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteScalarAsync<int>(VersionSql, new { id }, transaction);

    private const string BumpVersionSql = "UPDATE Deficiencies SET Version = Version + 1 WHERE Id = @id AND Version = @version";

    /// <summary>Claims the next version of a deficiency; false when someone else saved since <paramref name="version"/> was read.</summary>
    public static async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, long id, int version) =>
        await connection.ExecuteAsync(BumpVersionSql, new { id, version }, transaction) == 1;

    private const string UpdateDetailsSql = """
        UPDATE Deficiencies
        SET RegulatorNumber = @RegulatorNumber, Title = @Title, Area = @Area, LegalCitation = @LegalCitation, Finding = @Finding, Notes = @Notes
        WHERE Id = @Id
        """;

    public static Task UpdateDetailsAsync(DbConnection connection, DbTransaction transaction, Deficiency deficiency) =>
        connection.ExecuteAsync(UpdateDetailsSql, deficiency, transaction);

    private const string SetWithdrawalSql = """
        UPDATE Deficiencies
        SET WithdrawnOn = @on, WithdrawnPrecision = @precision, WithdrawnSourceId = @sourceId, WithdrawnNote = @note
        WHERE Id = @id
        """;

    /// <summary>Records (or, with a null date, clears) the regulator's withdrawal of the finding and the source saying so.</summary>
    public static Task SetWithdrawalAsync(DbConnection connection, DbTransaction transaction, long id, Shared.PartialDate? on, long? sourceId, string? note) =>
        connection.ExecuteAsync(SetWithdrawalSql, new { id, on = on?.Start, precision = on?.PrecisionName, sourceId, note }, transaction);

    private const string ListAreasSql = "SELECT DISTINCT Area FROM Deficiencies WHERE Area IS NOT NULL ORDER BY Area";

    public Task<IReadOnlyList<string>> ListAreasAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAreasAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<string>> ListAreasAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<string>(new CommandDefinition(ListAreasSql, transaction: transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // One statement for every field a details edit records: only the named field changes, and the version moves on
    // so a form read before the withdrawal is refused rather than saved over it.
    private const string RevertFieldSql = """
        UPDATE Deficiencies SET
            Title = CASE WHEN @field = 'Title' THEN @value ELSE Title END,
            Area = CASE WHEN @field = 'Area' THEN @value ELSE Area END,
            RegulatorNumber = CASE WHEN @field = 'Regulator''s number' THEN @value ELSE RegulatorNumber END,
            LegalCitation = CASE WHEN @field = 'Legal citation' THEN @value ELSE LegalCitation END,
            Finding = CASE WHEN @field = 'Finding' THEN @value ELSE Finding END,
            Notes = CASE WHEN @field = 'Notes' THEN @value ELSE Notes END,
            Version = Version + 1
        WHERE Id = @id
        """;

    /// <summary>Sets one field back to an earlier value (a withdrawn edit's old value).</summary>
    public static async Task<bool> RevertFieldAsync(DbConnection connection, DbTransaction transaction, long id, string field, string? value) =>
        await connection.ExecuteAsync(RevertFieldSql, new { id, field, value }, transaction) == 1;
}
