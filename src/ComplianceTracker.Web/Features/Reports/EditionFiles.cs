using System.Security.Cryptography;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Commands;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>What one pass of <see cref="EditionFiles.ReconcileAsync"/> found and mended.</summary>
public sealed record ReconcileOutcome(int Placed, int OrphansRemoved, int TemporariesRemoved, IReadOnlyList<int> Missing);

/// <summary>
/// The reports folder, kept in agreement with the Editions table. A publish writes its PDF in full under a hidden
/// temporary name, commits the row, and only then moves the file to its edition's name; so whatever moment the
/// process dies, the folder holds either nothing new, a temporary file, or (after the commit) a temporary file whose
/// row is there. Start-up reconciliation finishes the move for a committed row, removes temporaries no row needs and
/// any file under an edition's name without its row (left by versions that moved the file before committing).
/// </summary>
public sealed class EditionFiles(
    Database database,
    EditionStore editions,
    AppPaths paths,
    IOptions<ReportOptions> options,
    IOptions<StorageOptions> storage,
    ILogger<EditionFiles> logger)
{
    private const string EditionPattern = "compliancetracker-edition-*.pdf";
    private const string TemporaryPattern = ".compliancetracker-edition-*.tmp";

    /// <summary>The file /healthz writes to see that the folder takes writes; removed at once, and by the start-up sweep.</summary>
    public const string ProbePattern = ".healthz-*.probe";

    public string Directory => paths.Resolve(options.Value.Directory);

    /// <summary>A fresh hidden name in the reports folder for an edition's file while it is written.</summary>
    public string TemporaryPathFor(Edition edition) => Path.Combine(Directory, $".{edition.FileName}.{Guid.NewGuid():N}.tmp");

    public string PathOf(Edition edition) => Path.Combine(Directory, edition.FileName);

    /// <summary>
    /// Makes sure the committed <paramref name="edition"/> has its file: already in place with its SHA-256, or moved
    /// there from a complete temporary file. False when neither is found (the edition cannot be served).
    /// </summary>
    public bool EnsurePlaced(Edition edition)
    {
        var final = PathOf(edition);
        if (File.Exists(final) && HashOf(final) == edition.Sha256)
        {
            return true;
        }
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, $".{edition.FileName}.*.tmp"))
        {
            if (HashOf(temp) == edition.Sha256)
            {
                File.Move(temp, final, overwrite: true);
                logger.LogWarning("Edition {Number}'s file was moved into place after an interrupted publish.", edition.Number);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Brings the folder and the table into agreement. Runs under the publish lock, so no publish on any node is
    /// between writing its temporary file and moving it.
    /// </summary>
    public async Task<ReconcileOutcome> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await using var publishing = await database.HoldLockAsync(Database.PublishLockKey, cancellationToken);
        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);
        var rows = await editions.ListAsync(cancellationToken);
        var placed = 0;
        var missing = new List<int>();
        foreach (var edition in rows)
        {
            var final = PathOf(edition);
            var wasThere = File.Exists(final) && HashOf(final) == edition.Sha256;
            if (wasThere)
            {
                continue;
            }
            if (EnsurePlaced(edition))
            {
                placed++;
            }
            else
            {
                missing.Add(edition.Number);
                logger.LogError("Edition {Number}'s file {File} is missing or does not match its SHA-256, and no complete copy was found.", edition.Number, edition.FileName);
            }
        }

        var named = rows.Select(r => r.FileName).ToHashSet(StringComparer.Ordinal);
        var byHash = rows.GroupBy(r => r.Sha256, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Number, StringComparer.Ordinal);
        // A restore leaves its backup's manifest in the data folder: a file it lists is restored bytes, kept whatever
        // the record says of it.
        var manifest = Path.Combine(paths.Resolve(storage.Value.DataDirectory), BackupManifest.RestoredName);
        var restored = (await BackupManifest.ReadAsync(manifest)).Select(f => f.Sha256).ToHashSet(StringComparer.Ordinal);
        var orphans = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, EditionPattern))
        {
            if (named.Contains(Path.GetFileName(file)))
            {
                continue;
            }
            // Never remove a file that is some edition's bytes, whatever its name: it may be the only copy.
            var hash = HashOf(file);
            if (byHash.TryGetValue(hash, out var number))
            {
                logger.LogWarning("Kept {File}: no edition row names it, but its SHA-256 is edition {Number}'s.", Path.GetFileName(file), number);
                continue;
            }
            if (restored.Contains(hash))
            {
                logger.LogWarning("Kept {File}: no edition row names it, but the restored backup's manifest ({Manifest}) lists its SHA-256.", Path.GetFileName(file), manifest);
                continue;
            }
            logger.LogWarning("Removing {File}: no edition row names it and no edition has its SHA-256 (a publish interrupted before it committed).", Path.GetFileName(file));
            File.Delete(file);
            orphans++;
        }
        var temporaries = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, TemporaryPattern).Concat(System.IO.Directory.EnumerateFiles(directory, ProbePattern)))
        {
            logger.LogInformation("Removing {File}: a temporary file of an interrupted publish or health check.", Path.GetFileName(file));
            File.Delete(file);
            temporaries++;
        }
        if (temporaries > 0)
        {
            logger.LogInformation("Removed {Count} temporary file(s) left by interrupted publishes.", temporaries);
        }
        return new ReconcileOutcome(placed, orphans, temporaries, missing);
    }

    public static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
