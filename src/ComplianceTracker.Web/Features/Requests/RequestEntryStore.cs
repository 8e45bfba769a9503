using System.Data.Common;
using Dapper;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>All SQL of a request's dated history: append-only, an entry made in error withdrawn, never deleted.</summary>
public static class RequestEntryStore
{
    private const string Columns = """
        e.Id, e.RequestId, e.Kind, e.OccurredOn, e.ReceivedOn, e.ExtensionDays, e.ExtensionDayKind, e.IsDetermination, e.Method, e.Note,
        e.FileId, e.SourceId, e.LetterId, e.RecordedAt, e.RecordedBy, e.WithdrawnAt, e.WithdrawnBy, e.WithdrawnReason,
        s.Key AS SourceKey, s.Title AS SourceTitle, s.Url AS SourceUrl, f.Title AS FileTitle
        """;

    private const string ListSql = $"""
        SELECT {Columns}
        FROM RecordsRequestEntries e
        LEFT JOIN Sources s ON s.Id = e.SourceId
        LEFT JOIN RecordsRequestFiles f ON f.Id = e.FileId
        ORDER BY e.RequestId, e.OccurredOn, e.Id
        """;

    public static async Task<IReadOnlyList<RequestEntry>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestEntry>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string ListForSql = $"""
        SELECT {Columns}
        FROM RecordsRequestEntries e
        LEFT JOIN Sources s ON s.Id = e.SourceId
        LEFT JOIN RecordsRequestFiles f ON f.Id = e.FileId
        WHERE e.RequestId = @requestId
        ORDER BY e.OccurredOn, e.Id
        """;

    public static async Task<IReadOnlyList<RequestEntry>> ListForAsync(DbConnection connection, DbTransaction? transaction, long requestId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestEntry>(new CommandDefinition(ListForSql, new { requestId }, transaction, cancellationToken: cancellationToken))).AsList();

    private const string InsertSql = """
        INSERT INTO RecordsRequestEntries (RequestId, Kind, OccurredOn, ReceivedOn, ExtensionDays, ExtensionDayKind, IsDetermination, Method, Note,
            FileId, SourceId, LetterId, RecordedAt, RecordedBy)
        VALUES (@RequestId, @Kind, @OccurredOn, @ReceivedOn, @ExtensionDays, @ExtensionDayKind, @IsDetermination, @Method, @Note,
            @FileId, @SourceId, @LetterId, @RecordedAt, @RecordedBy)
        RETURNING Id
        """;

    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, RequestEntry entry) =>
        connection.ExecuteScalarAsync<long>(InsertSql, entry, transaction);

    private const string ImportSql = """
        INSERT INTO RecordsRequestEntries (Id, RequestId, Kind, OccurredOn, ReceivedOn, ExtensionDays, ExtensionDayKind, IsDetermination, Method, Note,
            FileId, SourceId, LetterId, RecordedAt, RecordedBy, WithdrawnAt, WithdrawnBy, WithdrawnReason)
        VALUES (@Id, @RequestId, @Kind, @OccurredOn, @ReceivedOn, @ExtensionDays, @ExtensionDayKind, @IsDetermination, @Method, @Note,
            @FileId, @SourceId, @LetterId, @RecordedAt, @RecordedBy, @WithdrawnAt, @WithdrawnBy, @WithdrawnReason)
        """;

    public static Task ImportAsync(DbConnection connection, DbTransaction transaction, RequestEntry entry) =>
        connection.ExecuteAsync(ImportSql, entry, transaction);

    private const string WithdrawSql = """
        UPDATE RecordsRequestEntries
        SET WithdrawnAt = @at, WithdrawnBy = @by, WithdrawnReason = @reason
        WHERE Id = @id AND RequestId = @requestId AND WithdrawnAt IS NULL
        """;

    /// <summary>Takes back an entry made in error; false when it was withdrawn already (or is not the request's).</summary>
    public static async Task<bool> WithdrawAsync(DbConnection connection, DbTransaction transaction, long requestId, long id, DateTimeOffset at, string by, string reason) =>
        await connection.ExecuteAsync(WithdrawSql, new { requestId, id, at, by, reason }, transaction) == 1;
}
