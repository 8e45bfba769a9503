using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>All SQL of a request's documents: their descriptions and, apart, their bytes.</summary>
public sealed class RequestFileStore(Database database)
{
    private const string Columns = """
        f.Id, f.RequestId, f.Kind, f.Title, f.DocumentDate, f.Sha256, f.Bytes, f.MediaType, f.FileName, f.AddedAt, f.AddedBy,
        f.SourceId, s.Key AS SourceKey
        """;

    private const string ListSql = $"""
        SELECT {Columns}
        FROM RecordsRequestFiles f LEFT JOIN Sources s ON s.Id = f.SourceId
        ORDER BY f.RequestId, f.Id
        """;

    public static async Task<IReadOnlyList<RequestFile>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestFile>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string ListForSql = $"""
        SELECT {Columns}
        FROM RecordsRequestFiles f LEFT JOIN Sources s ON s.Id = f.SourceId
        WHERE f.RequestId = @requestId
        ORDER BY f.Id
        """;

    public static async Task<IReadOnlyList<RequestFile>> ListForAsync(DbConnection connection, DbTransaction? transaction, long requestId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<RequestFile>(new CommandDefinition(ListForSql, new { requestId }, transaction, cancellationToken: cancellationToken))).AsList();

    private const string FindSql = $"""
        SELECT {Columns}
        FROM RecordsRequestFiles f LEFT JOIN Sources s ON s.Id = f.SourceId
        WHERE f.Id = @id AND f.RequestId = @requestId
        """;

    public static Task<RequestFile?> FindAsync(DbConnection connection, DbTransaction? transaction, long requestId, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<RequestFile>(new CommandDefinition(FindSql, new { requestId, id }, transaction, cancellationToken: cancellationToken));

    public Task<RequestFile?> FindAsync(long requestId, long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => FindAsync(connection, null, requestId, id, cancellationToken), cancellationToken);

    private const string ReadContentSql = "SELECT Content FROM RecordsRequestFileContents WHERE FileId = @id";

    public static Task<byte[]?> ReadContentAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(ReadContentSql, new { id }, transaction, cancellationToken: cancellationToken));

    public Task<byte[]?> ReadContentAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ReadContentAsync(connection, null, id, cancellationToken), cancellationToken);

    private const string FindByHashSql = "SELECT Id FROM RecordsRequestFiles WHERE RequestId = @requestId AND Sha256 = @sha256 ORDER BY Id LIMIT 1";

    /// <summary>A document of this request with exactly these bytes: the same letter uploaded twice is one file.</summary>
    public static Task<long?> FindIdByHashAsync(DbConnection connection, DbTransaction transaction, long requestId, string sha256) =>
        connection.QuerySingleOrDefaultAsync<long?>(FindByHashSql, new { requestId, sha256 }, transaction);

    private const string InsertSql = """
        INSERT INTO RecordsRequestFiles (RequestId, Kind, Title, DocumentDate, Sha256, Bytes, MediaType, FileName, AddedAt, AddedBy, SourceId)
        VALUES (@RequestId, @Kind, @Title, @DocumentDate, @Sha256, @Bytes, @MediaType, @FileName, @AddedAt, @AddedBy, @SourceId)
        RETURNING Id
        """;

    private const string ImportSql = """
        INSERT INTO RecordsRequestFiles (Id, RequestId, Kind, Title, DocumentDate, Sha256, Bytes, MediaType, FileName, AddedAt, AddedBy, SourceId)
        VALUES (@Id, @RequestId, @Kind, @Title, @DocumentDate, @Sha256, @Bytes, @MediaType, @FileName, @AddedAt, @AddedBy, @SourceId)
        """;

    private const string InsertContentSql = "INSERT INTO RecordsRequestFileContents (FileId, Content) VALUES (@id, @content)";

    /// <summary>Stores a document and its bytes in the caller's transaction; returns its id.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, RequestFile file, byte[] content)
    {
        long id;
        if (file.Id > 0)
        {
            await connection.ExecuteAsync(ImportSql, file, transaction);
            id = file.Id;
        }
        else
        {
            id = await connection.ExecuteScalarAsync<long>(InsertSql, file, transaction);
        }
        await connection.ExecuteAsync(InsertContentSql, new { id, content }, transaction);
        file.Id = id;
        return id;
    }

    private const string SetSourceSql = "UPDATE RecordsRequestFiles SET SourceId = @sourceId WHERE Id = @id AND SourceId IS NULL";

    /// <summary>Names the source the document was made; false when it was made one already.</summary>
    public static async Task<bool> SetSourceAsync(DbConnection connection, DbTransaction transaction, long id, long sourceId) =>
        await connection.ExecuteAsync(SetSourceSql, new { id, sourceId }, transaction) == 1;
}
