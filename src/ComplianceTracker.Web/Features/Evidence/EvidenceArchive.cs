using System.Data.Common;
using System.Security.Cryptography;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>What became of a request to archive a document: the copy stored, or the one already on file with the same bytes.</summary>
public sealed record ArchiveOutcome(long CopyId, bool AlreadyOnFile);

/// <summary>
/// Stores archived copies and passages and keeps their checks current: a new copy is searched for every passage of its
/// source, a new passage in every copy. Text is read out of a copy once, when it is stored.
/// </summary>
public sealed class EvidenceArchive(Database database, CaseClock clock)
{
    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Stores a copy of a source's document in one write (a copy with the same bytes is not stored twice).</summary>
    public Task<ArchiveOutcome> AddCopyAsync(ArchivedCopy copy, byte[] content, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) => AddCopyAsync(connection, transaction, copy, content, clock.UtcNow), cancellationToken);

    public static async Task<ArchiveOutcome> AddCopyAsync(DbConnection connection, DbTransaction transaction, ArchivedCopy copy, byte[] content, DateTimeOffset now)
    {
        copy.Sha256 = Sha256Of(content);
        copy.Bytes = content.LongLength;
        if (await ArchivedCopyStore.FindIdByHashAsync(connection, transaction, copy.SourceId, copy.Sha256) is { } existing)
        {
            return new ArchiveOutcome(existing, true);
        }
        var pages = TextOf(content, copy.MediaType);
        var id = await ArchivedCopyStore.InsertAsync(connection, transaction, copy, content, pages);
        foreach (var passage in await PassageStore.ListForSourceAsync(connection, transaction, copy.SourceId))
        {
            await SaveCheckAsync(connection, transaction, passage.Id, passage.Text, id, pages, now);
        }
        return new ArchiveOutcome(id, false);
    }

    /// <summary>The text of each page, or none at all when no page has any (an image, a scanned PDF without a text layer).</summary>
    public static IReadOnlyList<string> TextOf(byte[] content, string mediaType)
    {
        var pages = DocumentText.Extract(content, mediaType);
        return pages.All(string.IsNullOrWhiteSpace) ? [] : pages;
    }

    /// <summary>Adds a passage to a citation and checks it against every archived copy of its source.</summary>
    public static async Task<long> AddPassageAsync(DbConnection connection, DbTransaction transaction, Passage passage, DateTimeOffset now)
    {
        var id = await PassageStore.InsertAsync(connection, transaction, passage);
        foreach (var copy in await ArchivedCopyStore.ListForSourceAsync(connection, transaction, passage.SourceId))
        {
            var pages = await ArchivedCopyStore.ListPagesAsync(connection, transaction, copy.Id);
            await SaveCheckAsync(connection, transaction, id, passage.Text, copy.Id, pages, now);
        }
        return id;
    }

    // A copy with no text (an image, a scan) holds no passage that can be checked: it is not counted as checked, so
    // the claim does not say "not found" of words nobody could look for.
    private static Task SaveCheckAsync(DbConnection connection, DbTransaction transaction, long passageId, string text, long copyId, IReadOnlyList<string> pages, DateTimeOffset now) =>
        pages.Count == 0
            ? Task.CompletedTask
            : PassageStore.SaveCheckAsync(connection, transaction, passageId, copyId, PassageMatch.Find(pages, text)?.Page, pages.Count, now);
}
