using System.Data.Common;
using System.Security.Cryptography;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Pdf;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>What one run asks for: who triggered it and, when it is one occurrence of something, that occurrence's key.</summary>
public sealed record EditionRequest(string Trigger, string? OccurrenceKey);

/// <summary>The edition a run published, or found already published for its occurrence.</summary>
public sealed record PublishResult(Edition Edition, bool AlreadyPublished);

/// <summary>
/// Publishes an edition all or nothing. The PDF is rendered and written in full (and flushed to disk) under a hidden
/// temporary name in the reports folder; then one write transaction takes the next number and inserts the row; only
/// after the commit is the file moved to its edition's name. Killed before the commit, a run leaves a temporary file
/// and no row (swept at the next start); killed after it, a row and its complete temporary file, which the next start
/// (or a retry of the job) moves into place (<see cref="EditionFiles"/>). Never a file under an edition's name without
/// its row.
/// </summary>
public sealed class EditionPublisher(
    Database database,
    EditionStore editions,
    EditionFiles files,
    StatusReportQuery query,
    TimeProvider time,
    ILogger<EditionPublisher> logger)
{

    public string Directory => files.Directory;

    public async Task<PublishResult> PublishAsync(EditionRequest request, Func<StatusReport, RenderedPdf> render, CancellationToken cancellationToken)
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
                    // A run that died between its commit and its move left the file to place: this retry places it.
                    Place(done, null);
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

    private async Task<PublishResult> PublishOnceAsync(EditionRequest request, Func<StatusReport, RenderedPdf> render, CancellationToken cancellationToken)
    {
        var previous = await editions.LatestAsync(cancellationToken);
        var number = (previous?.Number ?? 0) + 1;
        var asOf = time.GetUtcNow();
        var report = await query.BuildAsync(number, asOf, previous, cancellationToken);
        var (bytes, pages) = render(report);

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
            Pages = pages,
        };
        string temp;
        try
        {
            System.IO.Directory.CreateDirectory(files.Directory);
            temp = files.TemporaryPathFor(edition);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PublishFailedException.NotWritten(ex);
        }
        PublishResult outcome;
        try
        {
            try
            {
                await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await file.WriteAsync(bytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw PublishFailedException.NotWritten(ex);
            }

            outcome = await database.WriteAsync(async (connection, transaction) =>
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
                return new PublishResult(edition, AlreadyPublished: false);
            }, cancellationToken);
        }
        catch
        {
            // Not committed (or not known to be): the temporary file is nobody's. Committed after all, it is the
            // edition's only copy and stays for the move.
            if (!await RowExistsAsync(edition))
            {
                DeleteQuietly(temp);
            }
            throw;
        }

        if (outcome.AlreadyPublished)
        {
            DeleteQuietly(temp);
            Place(outcome.Edition, null);
            return outcome;
        }
        Place(edition, temp);
        logger.LogInformation("Published edition {Number} ({Trigger}): {File}, {Pages} pages, {Bytes} bytes, SHA-256 {Sha}.",
            edition.Number, edition.Trigger, edition.FileName, edition.Pages, edition.Bytes, edition.Sha256);
        return outcome;
    }

    /// <summary>
    /// Moves a committed edition's file into place. If that fails the row stays (it is the record) and the temporary
    /// file too; the run fails so that Hangfire retries it, and the retry, or the next start, finishes the move.
    /// </summary>
    private void Place(Edition edition, string? temp)
    {
        try
        {
            if (temp is not null)
            {
                // A file left at this name by an older version that died before committing is not an edition.
                File.Move(temp, files.PathOf(edition), overwrite: true);
                return;
            }
            if (files.EnsurePlaced(edition))
            {
                return;
            }
            logger.LogError("Edition {Number} is recorded but neither its file nor a complete copy of it is in the reports folder.", edition.Number);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PublishFailedException.NotPlaced(edition.Number, ex);
        }
    }

    private async Task<bool> RowExistsAsync(Edition edition)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            return await EditionStore.FindAsync(connection, null, edition.Number) is { } row && row.Sha256 == edition.Sha256;
        }
        catch (DbException)
        {
            // Unknown: keep the file rather than risk removing a published edition's only copy.
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

/// <summary>
/// A publish that failed for a reason of the machine (the reports folder cannot be written: full, read-only, not a
/// folder). Its message is for the editor who follows the job and names no server path; the cause is logged.
/// </summary>
public sealed class PublishFailedException(string message, Exception inner) : Exception(message, inner)
{
    public static PublishFailedException NotWritten(Exception cause) =>
        new($"The report could not be written to the reports folder ({Describe(cause)}). Nothing was published; it will be tried again.", cause);

    public static PublishFailedException NotPlaced(int number, Exception cause) =>
        new($"Edition {number} is recorded, but its file could not be put in the reports folder yet ({Describe(cause)}); it will be tried again.", cause);

    private static string Describe(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "the folder does not exist",
        IOException io when io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "no space left on the disk",
        IOException io when io.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        IOException io when io.Message.Contains("not a directory", StringComparison.OrdinalIgnoreCase) => "the reports folder is not a folder",
        _ => "a file system error",
    };
}
