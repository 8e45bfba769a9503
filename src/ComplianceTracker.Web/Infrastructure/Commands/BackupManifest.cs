using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceTracker.Web.Features.Reports;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>One file of a backup: its path inside the backup folder (with forward slashes), SHA-256 and size.</summary>
public sealed record BackupManifestEntry(string Path, string Sha256, long Bytes);

/// <summary>
/// What a backup holds, file by file. <c>backup</c> writes it last; <c>restore</c> checks every file against it before
/// copying anything and leaves a copy in the data folder, where the start-up sweep reads the SHA-256s it must never
/// remove (a restored edition file is kept even if the restored record does not name it).
/// </summary>
public static class BackupManifest
{
    /// <summary>The name of the manifest's copy that <c>restore</c> leaves in the data folder.</summary>
    public const string RestoredName = "restored-backup-manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record Document(DateTimeOffset WrittenAt, IReadOnlyList<BackupManifestEntry> Files);

    public static async Task WriteAsync(string folder, string manifest)
    {
        var entries = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(manifest), StringComparison.Ordinal))
            .Select(f => new BackupManifestEntry(
                Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'),
                EditionFiles.HashOf(f),
                new FileInfo(f).Length))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(new Document(DateTimeOffset.UtcNow, entries), Json));
    }

    /// <summary>The files a manifest lists; empty when there is no manifest or it cannot be read.</summary>
    public static async Task<IReadOnlyList<BackupManifestEntry>> ReadAsync(string manifest)
    {
        if (!File.Exists(manifest))
        {
            return [];
        }
        try
        {
            var document = JsonSerializer.Deserialize<Document>(await File.ReadAllTextAsync(manifest), Json);
            return document?.Files?.Where(f => f is { Path: not null, Sha256: not null }).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>One sentence naming the first file that is missing or differs from the manifest; null when all agree.</summary>
    public static async Task<string?> CheckAsync(string folder, string manifest)
    {
        IReadOnlyList<BackupManifestEntry> entries;
        try
        {
            entries = JsonSerializer.Deserialize<Document>(await File.ReadAllTextAsync(manifest), Json)?.Files ?? [];
        }
        catch (JsonException)
        {
            return $"{Path.GetFileName(manifest)} cannot be read.";
        }
        foreach (var entry in entries)
        {
            var path = Path.GetFullPath(Path.Combine(folder, entry.Path));
            if (!path.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal))
            {
                return $"{Path.GetFileName(manifest)} names a file outside the backup ({entry.Path}).";
            }
            if (!File.Exists(path))
            {
                return $"{entry.Path} is listed in {Path.GetFileName(manifest)} but missing.";
            }
            if (new FileInfo(path).Length != entry.Bytes || EditionFiles.HashOf(path) != entry.Sha256)
            {
                return $"{entry.Path} does not match the SHA-256 {Path.GetFileName(manifest)} gives for it (it was changed or damaged after the backup).";
            }
        }
        return null;
    }
}
