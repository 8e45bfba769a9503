namespace ComplianceTracker.Web.Infrastructure.Commands;

/// <summary>
/// The commands the app runs instead of the web server: which one the command line asks for, and running it at the
/// right moment of start-up. Some need no database (check-seed), or must run before it is touched (backup, restore);
/// the rest run once it is migrated and seeded.
/// </summary>
public sealed class Commands
{
    private readonly string[] args;
    private readonly bool createAdmin;
    private readonly bool copyToPostgres;
    private readonly bool exportCase;
    private readonly bool checkSeed;
    private readonly bool backup;
    private readonly bool restore;

    private Commands(string[] args)
    {
        this.args = args;
        createAdmin = CreateAdminCommand.IsRequested(args);
        copyToPostgres = CopyToPostgresCommand.IsRequested(args);
        exportCase = ExportCaseCommand.IsRequested(args);
        checkSeed = CheckSeedCommand.IsRequested(args);
        backup = BackupCommand.IsBackup(args);
        restore = BackupCommand.IsRestore(args);
    }

    public static Commands Read(string[] args) => new(args);

    /// <summary>True when a command, not the web server, is asked for: its output is then its own lines, not the log's.</summary>
    public bool Any => createAdmin || copyToPostgres || exportCase || checkSeed || backup || restore;

    /// <summary>Runs a command that must not touch the database first; null when none is asked for.</summary>
    public async Task<int?> RunBeforeDatabaseAsync(WebApplication app)
    {
        // `check-seed` reads and checks a seed folder or an export, prints every problem and exits; it needs no database
        if (checkSeed)
        {
            return await CheckSeedCommand.RunAsync(app.Services.SeedDirectory(), args);
        }
        // `backup --to DIR` copies the running tracker consistently; `restore --from DIR` puts a copy into an empty
        // data folder. A restore needs the database absent, a backup copies it as it stands.
        if (backup)
        {
            return await BackupCommand.BackupAsync(app.Services, args);
        }
        if (restore)
        {
            return await BackupCommand.RestoreAsync(app.Services, args);
        }
        return null;
    }

    /// <summary>Runs a command that needs the migrated, seeded database; null when none is asked for.</summary>
    public async Task<int?> RunAsync(WebApplication app)
    {
        if (createAdmin)
        {
            return await CreateAdminCommand.RunAsync(app.Services, args);
        }
        // `copy-to-postgres` copies the SQLite database into an empty PostgreSQL one, checks it and exits
        if (copyToPostgres)
        {
            return await CopyToPostgresCommand.RunAsync(app.Services, args);
        }
        // `export-case` writes the record, with its history, as seed files in the documented format, and exits
        if (exportCase)
        {
            return await ExportCaseCommand.RunAsync(app.Services, args);
        }
        return null;
    }
}
