using System.Data.Common;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>All SQL of archived copies: their descriptions, their bytes and the text of their pages.</summary>
public sealed class ArchivedCopyStore(Database database)
{
    private const string Columns = """
        c.Id, c.SourceId, s.Key AS SourceKey, c.Sha256, c.Bytes, c.MediaType, c.FileName, c.Method, c.RequestedUrl,
        c.RetrievedFrom, c.HttpStatus, c.RetrievedAt, c.AddedBy, c.TextPages
        """;

    private const string ListSql = $"""
        SELECT {Columns}
        FROM ArchivedCopies c JOIN Sources s ON s.Id = c.SourceId
        ORDER BY c.SourceId, c.RetrievedAt DESC, c.Id DESC
        """;

    /// <summary>Every copy on record, newest first within each source.</summary>
    public Task<IReadOnlyList<ArchivedCopy>> ListAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListAsync(connection, null, cancellationToken), cancellationToken);

    public static async Task<IReadOnlyList<ArchivedCopy>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<ArchivedCopy>(new CommandDefinition(ListSql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

    private const string ListForSourceSql = $"""
        SELECT {Columns}
        FROM ArchivedCopies c JOIN Sources s ON s.Id = c.SourceId
        WHERE c.SourceId = @sourceId
        ORDER BY c.RetrievedAt DESC, c.Id DESC
        """;

    public static async Task<IReadOnlyList<ArchivedCopy>> ListForSourceAsync(DbConnection connection, DbTransaction? transaction, long sourceId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<ArchivedCopy>(new CommandDefinition(ListForSourceSql, new { sourceId }, transaction, cancellationToken: cancellationToken))).AsList();

    public Task<IReadOnlyList<ArchivedCopy>> ListForSourceAsync(long sourceId, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListForSourceAsync(connection, null, sourceId, cancellationToken), cancellationToken);

    private const string FindSql = $"""
        SELECT {Columns}
        FROM ArchivedCopies c JOIN Sources s ON s.Id = c.SourceId
        WHERE c.Id = @id
        """;

    public Task<ArchivedCopy?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection =>
            connection.QuerySingleOrDefaultAsync<ArchivedCopy>(new CommandDefinition(FindSql, new { id }, cancellationToken: cancellationToken)), cancellationToken);

    private const string ReadContentSql = "SELECT Content FROM ArchivedCopyContents WHERE CopyId = @id";

    /// <summary>The copy's bytes as stored; null when its row has none (which the caller reports as damage).</summary>
    public Task<byte[]?> ReadContentAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ReadContentAsync(connection, null, id, cancellationToken), cancellationToken);

    public static Task<byte[]?> ReadContentAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(ReadContentSql, new { id }, transaction, cancellationToken: cancellationToken));

    private const string ListPagesSql = "SELECT Text FROM ArchivedCopyPages WHERE CopyId = @id ORDER BY Page";

    /// <summary>The text of each page, in order.</summary>
    public static async Task<IReadOnlyList<string>> ListPagesAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<string>(new CommandDefinition(ListPagesSql, new { id }, transaction, cancellationToken: cancellationToken))).AsList();

    public Task<IReadOnlyList<string>> ListPagesAsync(long id, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(connection => ListPagesAsync(connection, null, id, cancellationToken), cancellationToken);

    private const string InsertSql = """
        INSERT INTO ArchivedCopies (SourceId, Sha256, Bytes, MediaType, FileName, Method, RequestedUrl, RetrievedFrom, HttpStatus, RetrievedAt, AddedBy, TextPages)
        VALUES (@SourceId, @Sha256, @Bytes, @MediaType, @FileName, @Method, @RequestedUrl, @RetrievedFrom, @HttpStatus, @RetrievedAt, @AddedBy, @TextPages)
        RETURNING Id
        """;

    private const string InsertContentSql = "INSERT INTO ArchivedCopyContents (CopyId, Content) VALUES (@id, @content)";

    private const string InsertPageSql = "INSERT INTO ArchivedCopyPages (CopyId, Page, Text) VALUES (@id, @page, @text)";

    /// <summary>Stores a copy, its bytes and its pages' text in the caller's transaction; returns its id.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ArchivedCopy copy, byte[] content, IReadOnlyList<string> pages)
    {
        copy.TextPages = pages.Count;
        var id = await connection.ExecuteScalarAsync<long>(InsertSql, copy, transaction);
        await connection.ExecuteAsync(InsertContentSql, new { id, content }, transaction);
        await connection.ExecuteAsync(InsertPageSql, pages.Select((text, i) => new { id, page = i + 1, text }), transaction);
        copy.Id = id;
        return id;
    }

    private const string FindBySourceAndHashSql = "SELECT Id FROM ArchivedCopies WHERE SourceId = @sourceId AND Sha256 = @sha256 ORDER BY Id LIMIT 1";

    /// <summary>A copy of this source with exactly these bytes, so that archiving the same document twice is said, not stored twice.</summary>
    public static Task<long?> FindIdByHashAsync(DbConnection connection, DbTransaction transaction, long sourceId, string sha256) =>
        connection.QuerySingleOrDefaultAsync<long?>(FindBySourceAndHashSql, new { sourceId, sha256 }, transaction);
}
