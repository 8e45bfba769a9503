using System.Data.Common;
using System.Security.Cryptography;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// <c>copy-to-postgres --to "CONNECTION STRING"</c>: copies this app's SQLite database (every table: the record and its
/// history, accounts, editions, schedules, and the data-protection keys from data/keys) into an empty PostgreSQL
/// database, in one transaction, then checks the row counts and every edition's file against its SHA-256.
/// A target that already holds any row is refused and left alone.
/// </summary>
public static class CopyToPostgresCommand
{
    public const string Name = "copy-to-postgres";

    private const int Done = 0;
    private const int Failed = 1;
    private const int BadInput = 2;

    private const string Usage = """
        Usage: dotnet run --project src/ComplianceTracker.Web -- copy-to-postgres --to "Host=…;Database=…;Username=…;Password=…"
        Copies the SQLite database (Storage:DataDirectory) into an empty PostgreSQL database. The edition PDFs stay in
        Reports:Directory: make that folder the one every node mounts.
        """;

    /// <summary>True when the first word on the command line that is not a switch or a switch's value is <c>copy-to-postgres</c>.</summary>
    public static bool IsRequested(string[] args) => FirstWord(args) == Name;

    /// <summary>The first word on the command line that is not a switch or a switch's value: a command's name.</summary>
    public static string? FirstWord(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                if (!args[i].Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
                continue;
            }
            return args[i];
        }
        return null;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var error = output == Console.Out ? Console.Error : output;
        var source = services.GetRequiredService<Database>();
        var to = Read(args, "--to");
        if (string.IsNullOrWhiteSpace(to))
        {
            await error.WriteLineAsync("--to is required: the Npgsql connection string of the empty PostgreSQL database.");
            await error.WriteLineAsync(Usage);
            return BadInput;
        }
        if (source.IsPostgres)
        {
            await error.WriteLineAsync("The source must be the SQLite database: run the command without Storage:Provider=PostgreSQL.");
            return BadInput;
        }

        var storage = services.GetRequiredService<IOptions<StorageOptions>>();
        var paths = services.GetRequiredService<AppPaths>();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{StorageOptions.PostgresConnectionName}"] = to })
            .Build();
        var targetOptions = Options.Create(new StorageOptions
        {
            Provider = StorageProvider.PostgreSQL,
            DataDirectory = storage.Value.DataDirectory,
            SeedDirectory = storage.Value.SeedDirectory,
        });
        await using var target = new Database(targetOptions, paths, configuration);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Name);
        try
        {
            await using (await target.HoldLockAsync(Database.StartupLockKey))
            {
                target.Migrate(logger);
                await using var from = await source.OpenAsync();
                await using var into = await target.OpenAsync();
                var tables = await CopyStore.ListTablesAsync(from, null);
                foreach (var table in tables)
                {
                    if (await CopyStore.CountAsync(into, null, table.Name) is > 0 and var rows)
                    {
                        await error.WriteLineAsync($"{target.Location} is not empty ({table.Name} holds {rows} rows); nothing was copied.");
                        return BadInput;
                    }
                }

                await using (var transaction = await into.BeginTransactionAsync())
                {
                    foreach (var table in tables)
                    {
                        await CopyStore.CopyTableAsync(from, into, transaction, table);
                    }
                    var keys = Path.Combine(paths.Resolve(storage.Value.DataDirectory), "keys");
                    var keyCount = 0;
                    foreach (var file in Directory.Exists(keys) ? Directory.GetFiles(keys, "*.xml") : [])
                    {
                        keyCount += await DataProtectionKeyStore.AddAsync(into, transaction, Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file));
                    }
                    await transaction.CommitAsync();
                    await output.WriteLineAsync($"Copied {tables.Count} tables and {keyCount} data-protection keys from {source.Location} to {target.Location}.");
                }

                var problems = new List<string>();
                foreach (var table in tables)
                {
                    var (inSource, inTarget) = (await CopyStore.CountAsync(from, null, table.Name), await CopyStore.CountAsync(into, null, table.Name));
                    if (inSource != inTarget)
                    {
                        problems.Add($"{table.Name}: {inSource} rows in SQLite, {inTarget} in PostgreSQL");
                    }
                }
                var reports = paths.Resolve(services.GetRequiredService<IOptions<ReportOptions>>().Value.Directory);
                var editions = (await EditionStore.ListAsync(into, null)).OrderBy(e => e.Number).ToList();
                foreach (var (number, fileName, sha256) in editions.Select(e => (e.Number, e.FileName, e.Sha256)))
                {
                    var file = Path.Combine(reports, fileName);
                    if (!File.Exists(file))
                    {
                        problems.Add($"edition {number}: {file} is missing");
                    }
                    else if (Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))) != sha256)
                    {
                        problems.Add($"edition {number}: {file} does not match its SHA-256");
                    }
                }
                if (problems.Count > 0)
                {
                    await error.WriteLineAsync("The copy does not check out:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
                    return Failed;
                }
                await output.WriteLineAsync($"Checked: every table's row count matches, and {editions.Count} edition files in {reports} match their SHA-256.");
                return Done;
            }
        }
        catch (DbException ex)
        {
            await error.WriteLineAsync($"The copy to {target.Location} failed and was rolled back: {ex.Message}");
            return Failed;
        }
    }

    internal static string? Read(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }
        return null;
    }
}
