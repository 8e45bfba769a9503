using System.Text.RegularExpressions;
using ComplianceTracker.Web.Infrastructure;
using Dapper;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>One match of a search: a source's title, or a page of one of its archived copies with the matching words.</summary>
public sealed class EvidenceHit
{
    public string SourceKey { get; set; } = "";
    public string SourceTitle { get; set; } = "";
    public long? CopyId { get; set; }
    public int? Page { get; set; }

    /// <summary>The words around the match, each matched word between the marks <see cref="EvidenceSearchStore.Start"/> and <see cref="EvidenceSearchStore.End"/>.</summary>
    public string? Snippet { get; set; }
    public double Rank { get; set; }
}

/// <summary>
/// The SQL of /sources?q=: full-text search over the sources' titles and the text of their archived copies, with
/// SQLite's FTS5 tables or PostgreSQL's text search (Schema/0013). Both stem English words (porter; 'english').
/// </summary>
public sealed partial class EvidenceSearchStore(Database database)
{
    /// <summary>Marks around a matched word in a snippet: control characters no document text holds, replaced when the page encodes it.</summary>
    public const char Start = '\u0002';
    public const char End = '\u0003';

    public const int Limit = 50;

    private const string SearchSqlite = """
        SELECT s.Key AS SourceKey, s.Title AS SourceTitle, NULL AS CopyId, NULL AS Page, NULL AS Snippet, bm25(SourceTitleSearch) - 100 AS Rank
        FROM SourceTitleSearch JOIN Sources s ON s.Id = SourceTitleSearch.rowid
        WHERE SourceTitleSearch MATCH @match
        UNION ALL
        SELECT s.Key, s.Title, c.Id, p.Page, snippet(ArchivedTextSearch, 0, char(2), char(3), '…', 32), bm25(ArchivedTextSearch)
        FROM ArchivedTextSearch
        JOIN ArchivedCopyPages p ON p.Id = ArchivedTextSearch.rowid
        JOIN ArchivedCopies c ON c.Id = p.CopyId
        JOIN Sources s ON s.Id = c.SourceId
        WHERE ArchivedTextSearch MATCH @match
        ORDER BY Rank, SourceKey, CopyId, Page
        LIMIT @limit
        """;

    // ts_rank grows with relevance where bm25 shrinks: the sign is turned so both order the same way. A title match
    // comes first on both, as a page that names the words in its title is the likeliest answer.
    private const string SearchPostgres = """
        SELECT s.Key AS SourceKey, s.Title AS SourceTitle, NULL::BIGINT AS CopyId, NULL::BIGINT AS Page, NULL::TEXT AS Snippet,
               -ts_rank(to_tsvector('english', s.Title), q) - 100 AS Rank
        FROM Sources s, plainto_tsquery('english', @words) q
        WHERE to_tsvector('english', s.Title) @@ q
        UNION ALL
        SELECT s.Key, s.Title, c.Id, p.Page,
               ts_headline('english', p.Text, q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxFragments=1, MaxWords=32, MinWords=16'),
               -ts_rank(p.SearchVector, q)
        FROM ArchivedCopyPages p
        JOIN ArchivedCopies c ON c.Id = p.CopyId
        JOIN Sources s ON s.Id = c.SourceId,
             plainto_tsquery('english', @words) q
        WHERE p.SearchVector @@ q
        ORDER BY Rank, SourceKey, CopyId, Page
        LIMIT @limit
        """;

    /// <summary>The words of a query, without the search syntax of either database (a reader types words, not operators).</summary>
    public static IReadOnlyList<string> Words(string? query) =>
        query is null ? [] : WordPattern().Matches(query).Select(m => m.Value).Take(12).ToList();

    public async Task<IReadOnlyList<EvidenceHit>> SearchAsync(string query, CancellationToken cancellationToken = default)
    {
        var words = Words(query);
        if (words.Count == 0)
        {
            return [];
        }
        return await database.WithConnectionAsync(async connection =>
        {
            var sql = database.IsPostgres ? SearchPostgres : SearchSqlite;
            var match = string.Join(' ', words.Select(w => "\"" + w + "\""));
            var rows = await connection.QueryAsync<EvidenceHit>(new CommandDefinition(
                sql, new { match, words = string.Join(' ', words), limit = Limit }, cancellationToken: cancellationToken));
            return (IReadOnlyList<EvidenceHit>)rows.AsList();
        }, cancellationToken);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex WordPattern();
}
