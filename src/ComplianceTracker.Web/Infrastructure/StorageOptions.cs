namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Which database holds the record.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file in <see cref="StorageOptions.DataDirectory"/>: nothing to set up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by <c>ConnectionStrings:Postgres</c>, shared by every node.</summary>
    PostgreSQL,
}

/// <summary>Where the app keeps its files. Relative paths are taken from the repository root.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The name under <c>ConnectionStrings</c> of the PostgreSQL connection string.</summary>
    public const string PostgresConnectionName = "Postgres";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public string DataDirectory { get; set; } = "data";
    public string SeedDirectory { get; set; } = "data/seed";
    public string DatabaseFileName { get; set; } = "compliance.db";

    /// <summary>
    /// How long a statement waits for the database (SQLite: for another process's write lock to go) before it fails;
    /// a save that fails so comes back as its form, saying that nothing was written.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;
}

/// <summary>PDF status reports: where editions go, what they link to and when they are made (their typeface ships with the app).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    public string Directory { get; set; } = "reports";

    /// <summary>The site's public address the PDFs link items to; required outside Development (see ReportAddress).</summary>
    public string? BaseUrl { get; set; }

    public string WeeklyCron { get; set; } = "0 7 * * 1";
    public string MonthlyCron { get; set; } = "0 7 1 * *";

    /// <summary>The zone the schedules' crons are read in.</summary>
    public string TimeZone { get; set; } = "America/Los_Angeles";

    /// <summary>Makes the first edition at start-up when there is none yet.</summary>
    public bool PublishOnStartup { get; set; } = true;
}

/// <summary>Resolves configured paths so the app finds the same files whatever folder it was started from.</summary>
public sealed class AppPaths(string root)
{
    public string Root { get; } = root;

    public string Resolve(string configured) =>
        Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(Root, configured));

    /// <summary>The folder holding ComplianceTracker.sln above the running binary, else the content root.</summary>
    public static AppPaths Discover(string contentRoot)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, contentRoot })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ComplianceTracker.sln")))
                {
                    return new AppPaths(dir.FullName);
                }
            }
        }
        return new AppPaths(contentRoot);
    }
}
