using System.Data.Common;
using System.Security.Cryptography;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>What one run asks for: who triggered it and, when it is one occurrence of something, that occurrence's key.</summary>
public sealed record EditionRequest(string Trigger, string? OccurrenceKey);

/// <summary>The edition a run published, or found already published for its occurrence.</summary>
public sealed record PublishResult(Edition Edition, bool AlreadyPublished);

/// <summary>
/// Publishes an edition all or nothing. The PDF is rendered and written to a temporary file in the reports folder;
/// only then, in one write transaction, is the next number taken, the row inserted and the file moved to its name.
/// Any failure removes the temporary file and commits nothing, so no number is used and no file appears.
/// </summary>
public sealed class EditionPublisher(
    Database database,
    EditionStore editions,
    StatusReportQuery query,
    AppPaths paths,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<EditionPublisher> logger)
{

    public string Directory => paths.Resolve(options.Value.Directory);

    public async Task<PublishResult> PublishAsync(EditionRequest request, Func<StatusReport, byte[]> render, CancellationToken cancellationToken)
    {
        // One edition at a time across every node (on PostgreSQL a lock the server frees if a node dies), so a publish
        // renders with the number it will take; the write transaction's checks stay as a second line.
        var publishing = await database.HoldLockAsync(Database.PublishLockKey, cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (request.OccurrenceKey is { } key && await editions.FindByOccurrenceAsync(key, cancellationToken) is { } done)
                {
                    logger.LogInformation("Edition {Number} already published for {Occurrence}; nothing to do.", done.Number, key);
                    return new PublishResult(done, AlreadyPublished: true);
                }
                try
                {
                    return await PublishOnceAsync(request, render, cancellationToken);
                }
                catch (EditionRaceException) when (attempt < 3)
                {
                    logger.LogInformation("Another process published an edition meanwhile; rendering again with the next number.");
                }
            }
        }
        finally
        {
            await publishing.DisposeAsync();
        }
    }

    private async Task<PublishResult> PublishOnceAsync(EditionRequest request, Func<StatusReport, byte[]> render, CancellationToken cancellationToken)
    {
        var previous = await editions.LatestAsync(cancellationToken);
        var number = (previous?.Number ?? 0) + 1;
        var asOf = time.GetUtcNow();
        var report = await query.BuildAsync(number, asOf, previous, cancellationToken);
        var bytes = render(report);

        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);
        var edition = new Edition
        {
            Number = number,
            AsOf = asOf,
            GeneratedAt = time.GetUtcNow(),
            Trigger = request.Trigger,
            OccurrenceKey = request.OccurrenceKey,
            FileName = Edition.FileNameFor(number, report.AsOfDate),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Bytes = bytes.LongLength,
            Pages = StatusReportPdf.CountPages(bytes),
        };
        var final = Path.Combine(directory, edition.FileName);
        var temp = Path.Combine(directory, $".{edition.FileName}.{Guid.NewGuid():N}.tmp");
        var moved = false;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            var outcome = await database.WriteAsync(async (connection, transaction) =>
            {
                if (request.OccurrenceKey is { } key && await EditionStore.FindByOccurrenceAsync(connection, transaction, key) is { } done)
                {
                    return new PublishResult(done, AlreadyPublished: true);
                }
                if (await EditionStore.NextNumberAsync(connection, transaction) != number)
                {
                    throw new EditionRaceException();
                }
                await EditionStore.InsertAsync(connection, transaction, edition);
                // A file left at this name by a run that died before committing is not an edition: it may be replaced.
                File.Move(temp, final, overwrite: true);
                moved = true;
                return new PublishResult(edition, AlreadyPublished: false);
            }, cancellationToken);

            if (!outcome.AlreadyPublished)
            {
                logger.LogInformation("Published edition {Number} ({Trigger}): {File}, {Pages} pages, {Bytes} bytes, SHA-256 {Sha}.",
                    edition.Number, edition.Trigger, edition.FileName, edition.Pages, edition.Bytes, edition.Sha256);
            }
            return outcome;
        }
        catch
        {
            DeleteQuietly(temp);
            if (moved && !await RowExistsAsync(number))
            {
                DeleteQuietly(final);
            }
            throw;
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private async Task<bool> RowExistsAsync(int number)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            return await EditionStore.FindAsync(connection, null, number) is not null;
        }
        catch (DbException)
        {
            // Unknown: keep the file rather than risk removing a published edition.
            return true;
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not remove {File}.", path);
        }
    }

    private sealed class EditionRaceException : Exception;
}
