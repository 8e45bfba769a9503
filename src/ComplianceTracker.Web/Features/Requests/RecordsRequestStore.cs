using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>All SQL of records requests themselves and their letters.</summary>
public sealed class RecordsRequestStore(Database database)
{
    private const string Columns = """
        Id, AgencyId, LawKey, QuestionKey, Question, QuestionPath, Subject, Records, ElectronicCopies, Letter,
        RequesterName, RequesterOrganization, RequesterAddress, RequesterEmail, IsPublic,
        CreatedAt, CreatedBy, ChangedAt, ChangedBy, Version
        """;

    private const string ListSql = $"""
        SELECT {Columns}
        FROM RecordsRequests
        ORDER BY Id
        """;

    /// <summary>Every request, public and private: only staff pages and jobs list these; public readers get views of public ones.</summary>
    public static async Task<IReadOnlyList<RecordsRequest>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RecordsRequest>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string FindSql = $"""
        SELECT {Columns}
        FROM RecordsRequests
        WHERE Id = @id
        """;

    public static Task<RecordsRequest?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<RecordsRequest>(new CommandDefinition(FindSql, new { id }, transaction, cancellationToken: cancellationToken));

    public Task<RecordsRequest?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindAsync(connection, null, id, cancellationToken), cancellationToken);

    private const string InsertSql = """
        INSERT INTO RecordsRequests (AgencyId, LawKey, QuestionKey, Question, QuestionPath, Subject, Records, ElectronicCopies, Letter,
            RequesterName, RequesterOrganization, RequesterAddress, RequesterEmail, IsPublic, CreatedAt, CreatedBy, ChangedAt, ChangedBy, Version)
        VALUES (@AgencyId, @LawKey, @QuestionKey, @Question, @QuestionPath, @Subject, @Records, @ElectronicCopies, @Letter,
            @RequesterName, @RequesterOrganization, @RequesterAddress, @RequesterEmail, @IsPublic, @CreatedAt, @CreatedBy, @ChangedAt, @ChangedBy, @Version)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, RecordsRequest request) =>
        connection.ExecuteScalarAsync<long>(InsertSql, request, transaction);

    private const string ImportSql = """
        INSERT INTO RecordsRequests (Id, AgencyId, LawKey, QuestionKey, Question, QuestionPath, Subject, Records, ElectronicCopies, Letter,
            RequesterName, RequesterOrganization, RequesterAddress, RequesterEmail, IsPublic, CreatedAt, CreatedBy, ChangedAt, ChangedBy, Version)
        VALUES (@Id, @AgencyId, @LawKey, @QuestionKey, @Question, @QuestionPath, @Subject, @Records, @ElectronicCopies, @Letter,
            @RequesterName, @RequesterOrganization, @RequesterAddress, @RequesterEmail, @IsPublic, @CreatedAt, @CreatedBy, @ChangedAt, @ChangedBy, @Version)
        """;

    /// <summary>A request from an export, with the number the public record shows it by.</summary>
    public static Task ImportAsync(DbConnection connection, DbTransaction transaction, RecordsRequest request) =>
        connection.ExecuteAsync(ImportSql, request, transaction);

    // Only while the version is the one the form was read at; the draft's letter only while nothing has been sent.
    private const string UpdateSql = """
        UPDATE RecordsRequests
        SET AgencyId = @AgencyId, LawKey = @LawKey, Subject = @Subject, Records = @Records, ElectronicCopies = @ElectronicCopies,
            Letter = @Letter, RequesterName = @RequesterName, RequesterOrganization = @RequesterOrganization,
            RequesterAddress = @RequesterAddress, RequesterEmail = @RequesterEmail, IsPublic = @IsPublic,
            ChangedAt = @ChangedAt, ChangedBy = @ChangedBy, Version = Version + 1
        WHERE Id = @Id AND Version = @Version
        """;

    public static async Task<bool> TryUpdateAsync(DbConnection connection, DbTransaction transaction, RecordsRequest request) =>
        await connection.ExecuteAsync(UpdateSql, request, transaction) == 1;

    private const string SetPublicSql = """
        UPDATE RecordsRequests
        SET IsPublic = @isPublic, ChangedAt = @at, ChangedBy = @by, Version = Version + 1
        WHERE Id = @id AND Version = @version
        """;

    public static async Task<bool> TrySetPublicAsync(DbConnection connection, DbTransaction transaction, long id, int version, bool isPublic, DateTimeOffset at, string by) =>
        await connection.ExecuteAsync(SetPublicSql, new { id, version, isPublic, at, by }, transaction) == 1;

    private const string TouchSql = "UPDATE RecordsRequests SET ChangedAt = @at, ChangedBy = @by, Version = Version + 1 WHERE Id = @id";

    /// <summary>Moves the request's version on, so a form read before an entry was added is refused rather than saved over it.</summary>
    public static Task TouchAsync(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset at, string by) =>
        connection.ExecuteAsync(TouchSql, new { id, at, by }, transaction);

    private const string ListLettersSql = """
        SELECT Id, RequestId, Kind, Text, ForDueOn, DraftedAt, DraftedBy
        FROM RecordsRequestLetters
        ORDER BY RequestId, Id
        """;

    public static async Task<IReadOnlyList<RequestLetter>> ListLettersAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestLetter>(new CommandDefinition(ListLettersSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string ListLettersForSql = """
        SELECT Id, RequestId, Kind, Text, ForDueOn, DraftedAt, DraftedBy
        FROM RecordsRequestLetters
        WHERE RequestId = @requestId
        ORDER BY Id
        """;

    public static async Task<IReadOnlyList<RequestLetter>> ListLettersAsync(DbConnection connection, DbTransaction? transaction, long requestId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestLetter>(new CommandDefinition(ListLettersForSql, new { requestId }, transaction, cancellationToken: cancellationToken))).AsList();

    private const string InsertLetterSql = """
        INSERT INTO RecordsRequestLetters (RequestId, Kind, Text, ForDueOn, DraftedAt, DraftedBy)
        VALUES (@RequestId, @Kind, @Text, @ForDueOn, @DraftedAt, @DraftedBy)
        RETURNING Id
        """;

    public static Task<long> InsertLetterAsync(DbConnection connection, DbTransaction transaction, RequestLetter letter) =>
        connection.ExecuteScalarAsync<long>(InsertLetterSql, letter, transaction);

    private const string ImportLetterSql = """
        INSERT INTO RecordsRequestLetters (Id, RequestId, Kind, Text, ForDueOn, DraftedAt, DraftedBy)
        VALUES (@Id, @RequestId, @Kind, @Text, @ForDueOn, @DraftedAt, @DraftedBy)
        """;

    public static Task ImportLetterAsync(DbConnection connection, DbTransaction transaction, RequestLetter letter) =>
        connection.ExecuteAsync(ImportLetterSql, letter, transaction);

    private const string FollowUpExistsSql = "SELECT EXISTS (SELECT 1 FROM RecordsRequestLetters WHERE RequestId = @requestId AND Kind = 'follow-up' AND ForDueOn = @dueOn)";

    public static Task<bool> FollowUpExistsAsync(DbConnection connection, DbTransaction transaction, long requestId, DateOnly dueOn) =>
        connection.ExecuteScalarAsync<bool>(FollowUpExistsSql, new { requestId, dueOn }, transaction);

    private const string UpdateFollowUpSql = "UPDATE RecordsRequestLetters SET Text = @text WHERE Id = @id AND RequestId = @requestId AND Kind = 'follow-up'";

    /// <summary>A follow-up letter's draft as the staffer rewrote it; a letter recorded as sent is not changed (the caller checks).</summary>
    public static async Task<bool> UpdateFollowUpAsync(DbConnection connection, DbTransaction transaction, long requestId, long id, string text) =>
        await connection.ExecuteAsync(UpdateFollowUpSql, new { requestId, id, text }, transaction) == 1;

    // Rows loaded with their ids (an export) leave PostgreSQL's identities behind; they go on after the highest.
    private const string RestartIdsPostgresSql = """
        SELECT setval(pg_get_serial_sequence('recordsagencies', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM RecordsAgencies), false);
        SELECT setval(pg_get_serial_sequence('recordsrequests', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM RecordsRequests), false);
        SELECT setval(pg_get_serial_sequence('recordsrequestletters', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM RecordsRequestLetters), false);
        SELECT setval(pg_get_serial_sequence('recordsrequestfiles', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM RecordsRequestFiles), false);
        SELECT setval(pg_get_serial_sequence('recordsrequestentries', 'id'), (SELECT COALESCE(MAX(Id), 0) + 1 FROM RecordsRequestEntries), false);
        """;

    public static Task RestartIdsAsync(DbConnection connection, DbTransaction transaction) =>
        connection is Npgsql.NpgsqlConnection ? connection.ExecuteAsync(RestartIdsPostgresSql, transaction: transaction) : Task.CompletedTask;
}
