using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// <c>backup --to DIR</c>: a consistent copy of a SQLite tracker, taken while it runs: compliance.db and jobs.db each
/// from one snapshot (VACUUM INTO, which includes what is still in the WAL file), then the edition PDFs (immutable, and
/// moved into place only after their row is committed, so every row in the copy finds its file) and the
/// data-protection keys (so sign-ins and forms stay valid after a restore).
/// <c>restore --from DIR</c>: puts such a copy into an empty data folder and reports folder, checking the databases'
/// integrity and every edition's SHA-256; run it with the app stopped.
/// </summary>
public static class BackupCommand
{
    public const string BackupName = "backup";
    public const string RestoreName = "restore";

    private const int Done = 0;
    private const int Failed = 1;
    private const int BadInput = 2;

    private const string DatabaseFile = "compliance.db";
    private const string JobsFile = "jobs.db";
    private const string ReportsFolder = "reports";
    private const string KeysFolder = "keys";

    /// <summary>The list of every file of a backup with its SHA-256 and size, written last by <c>backup</c>.</summary>
    public const string ManifestFile = "manifest.json";

    private const string Usage = """
        Usage: dotnet run --project src/ComplianceTracker.Web -- backup --to DIR     (while the app runs)
               dotnet run --project src/ComplianceTracker.Web -- restore --from DIR  (app stopped, empty data folder)
        """;

    public static bool IsBackup(string[] args) => CopyToPostgresCommand.FirstWord(args) == BackupName;

    public static bool IsRestore(string[] args) => CopyToPostgresCommand.FirstWord(args) == RestoreName;

    public static async Task<int> BackupAsync(IServiceProvider services, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var error = output == Console.Out ? Console.Error : output;
        var database = services.GetRequiredService<Database>();
        if (database.IsPostgres)
        {
            await error.WriteLineAsync("On PostgreSQL, back up the database with pg_dump and copy Reports:Directory; this command copies a SQLite tracker.");
            return BadInput;
        }
        if (CopyToPostgresCommand.Read(args, "--to") is not { Length: > 0 } to)
        {
            await error.WriteLineAsync("--to is required: the folder to write the backup to (new or empty).");
            await error.WriteLineAsync(Usage);
            return BadInput;
        }
        to = Path.GetFullPath(to);
        if (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any())
        {
            await error.WriteLineAsync($"{to} is not empty: give a new or empty folder, so no older backup is mixed in.");
            return BadInput;
        }
        if (!File.Exists(database.FilePath))
        {
            await error.WriteLineAsync($"There is no database at {database.FilePath} to back up (check Storage:DataDirectory).");
            return BadInput;
        }
        var files = services.GetRequiredService<EditionFiles>();
        var dataDirectory = Path.GetDirectoryName(database.FilePath)!;
        try
        {
            Directory.CreateDirectory(Path.Combine(to, ReportsFolder));
            await Database.CopySqliteAsync(database.FilePath, Path.Combine(to, DatabaseFile));
            var jobs = Path.Combine(dataDirectory, services.GetRequiredService<IOptions<JobsOptions>>().Value.FileName);
            if (File.Exists(jobs))
            {
                await Database.CopySqliteAsync(jobs, Path.Combine(to, JobsFile));
            }
            var editions = await ReadEditionsAsync(Path.Combine(to, DatabaseFile));
            foreach (var edition in editions)
            {
                File.Copy(Path.Combine(files.Directory, edition.FileName), Path.Combine(to, ReportsFolder, edition.FileName));
            }
            var keys = CopyFolder(Path.Combine(dataDirectory, KeysFolder), Path.Combine(to, KeysFolder));
            await BackupManifest.WriteAsync(to, Path.Combine(to, ManifestFile));
            var problems = await VerifyAsync(to, Path.Combine(to, ReportsFolder));
            if (problems.Count > 0)
            {
                await error.WriteLineAsync("The backup does not check out: " + string.Join(" ", problems));
                return Failed;
            }
            await output.WriteLineAsync($"Backed up {DatabaseFile}{(File.Exists(jobs) ? " and " + JobsFile : "")}, {editions.Count} edition files and {keys} data-protection keys to {to}; every check passed.");
            return Done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"The backup failed: {ex.Message}");
            return Failed;
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var error = output == Console.Out ? Console.Error : output;
        var database = services.GetRequiredService<Database>();
        if (database.IsPostgres)
        {
            await error.WriteLineAsync("On PostgreSQL, restore the database with pg_restore and copy the editions back; this command restores a SQLite tracker.");
            return BadInput;
        }
        if (CopyToPostgresCommand.Read(args, "--from") is not { Length: > 0 } from || !File.Exists(Path.Combine(from, DatabaseFile)))
        {
            await error.WriteLineAsync($"--from is required: a folder written by backup (it holds {DatabaseFile}).");
            await error.WriteLineAsync(Usage);
            return BadInput;
        }
        var dataDirectory = Path.GetDirectoryName(database.FilePath)!;
        var jobsFile = services.GetRequiredService<IOptions<JobsOptions>>().Value.FileName;
        return await RestoreAsync(Path.GetFullPath(from), dataDirectory, services.GetRequiredService<EditionFiles>().Directory, jobsFile, output, error);
    }

    /// <summary>Restores the backup in <paramref name="from"/> into an empty data folder and reports folder.</summary>
    public static async Task<int> RestoreAsync(string from, string dataDirectory, string reportsDirectory, string jobsFile, TextWriter output, TextWriter error)
    {
        // Anything a tracker leaves in its data folder would be read with the restored record: a stale write-ahead log is
        // replayed into it, an old jobs file or key ring answers for it. Only an empty folder is restored into.
        var found = Occupants(dataDirectory, jobsFile);
        if (found.Count > 0)
        {
            await error.WriteLineAsync($"The data folder {dataDirectory} is not empty: it holds {string.Join(", ", found)}. Restore into an empty data folder (stop the app and move these aside first). Nothing was restored.");
            return BadInput;
        }
        var problems = await VerifyAsync(from, Path.Combine(from, ReportsFolder));
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("The backup does not check out, so nothing was restored: " + string.Join(" ", problems));
            return Failed;
        }
        var target = Path.Combine(dataDirectory, DatabaseFile);
        Directory.CreateDirectory(dataDirectory);
        Directory.CreateDirectory(reportsDirectory);
        File.Copy(Path.Combine(from, DatabaseFile), target);
        if (File.Exists(Path.Combine(from, JobsFile)))
        {
            File.Copy(Path.Combine(from, JobsFile), Path.Combine(dataDirectory, jobsFile), overwrite: true);
        }
        var editions = CopyFolder(Path.Combine(from, ReportsFolder), reportsDirectory);
        var keys = CopyFolder(Path.Combine(from, KeysFolder), Path.Combine(dataDirectory, KeysFolder));
        // Kept beside the record: the start-up sweep never removes a file whose SHA-256 the backup lists.
        if (File.Exists(Path.Combine(from, ManifestFile)))
        {
            File.Copy(Path.Combine(from, ManifestFile), Path.Combine(dataDirectory, BackupManifest.RestoredName), overwrite: true);
        }
        await output.WriteLineAsync($"Restored {DatabaseFile}, {editions} edition files and {keys} data-protection keys from {from}; start the app as usual.");
        return Done;
    }

    /// <summary>The files and folders of a tracker already in <paramref name="dataDirectory"/>, by name.</summary>
    private static List<string> Occupants(string dataDirectory, string jobsFile)
    {
        var names = new[] { DatabaseFile, jobsFile }.SelectMany(f => new[] { f, f + "-wal", f + "-shm", f + "-journal" });
        var found = names.Where(name => File.Exists(Path.Combine(dataDirectory, name))).Select(Path.GetFileName).OfType<string>().ToList();
        var keys = Path.Combine(dataDirectory, KeysFolder);
        if (Directory.Exists(keys) && Directory.EnumerateFileSystemEntries(keys).Any())
        {
            found.Add(KeysFolder + "/ with keys");
        }
        return found;
    }

    private static async Task<List<string>> VerifyAsync(string folder, string reports)
    {
        var problems = new List<string>();
        if (File.Exists(Path.Combine(folder, ManifestFile)))
        {
            if (await BackupManifest.CheckAsync(folder, Path.Combine(folder, ManifestFile)) is { } mismatch)
            {
                problems.Add(mismatch);
                return problems;
            }
        }
        foreach (var file in new[] { DatabaseFile, JobsFile }.Select(f => Path.Combine(folder, f)).Where(File.Exists))
        {
            try
            {
                if (await Database.CheckSqliteAsync(file) is var check && check != "ok")
                {
                    problems.Add($"{Path.GetFileName(file)} fails its integrity check ({check}).");
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                problems.Add($"{Path.GetFileName(file)} cannot be read as a database ({e.Message.TrimEnd('.')}).");
            }
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        IReadOnlyList<Edition> editions;
        try
        {
            editions = await ReadEditionsAsync(Path.Combine(folder, DatabaseFile));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            problems.Add($"{DatabaseFile} cannot be read as a tracker's database ({e.Message.TrimEnd('.')}).");
            return problems;
        }
        foreach (var edition in editions)
        {
            var path = Path.Combine(reports, edition.FileName);
            if (!File.Exists(path) || EditionFiles.HashOf(path) != edition.Sha256)
            {
                problems.Add($"Edition {edition.Number}'s file is missing or does not match its SHA-256.");
            }
        }
        return problems;
    }

    private static async Task<IReadOnlyList<Edition>> ReadEditionsAsync(string databaseFile) =>
        await new EditionStore(Database.ForFile(databaseFile)).ListAsync();

    private static int CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return 0;
        }
        Directory.CreateDirectory(to);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
            count++;
        }
        return count;
    }
}
