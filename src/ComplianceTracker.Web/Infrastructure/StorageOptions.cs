namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Where the app keeps its files. Relative paths are taken from the repository root.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string DataDirectory { get; set; } = "data";
    public string SeedDirectory { get; set; } = "data/seed";
    public string DatabaseFileName { get; set; } = "compliance.db";
}

public sealed class ReportOptions
{
    public const string Section = "Reports";

    public string Directory { get; set; } = "reports";
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
