using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Seed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Benchmarks.Cases;

/// <summary>
/// A case's SQLite file and the app's own stores and report query over it. Generated files are kept under the
/// temp folder by size and generator version, so a second run (and every BenchmarkDotNet process) reuses them.
/// </summary>
public sealed class BenchCase
{
    /// <summary>Bump when the generator's output changes, so stale files are not reused.</summary>
    private const int GeneratorVersion = 3;

    private BenchCase(CaseSize size, string directory)
    {
        Size = size;
        Directory = directory;
        var storage = Options.Create(new StorageOptions { DataDirectory = directory, SeedDirectory = Path.Combine(Repository.Root, "data", "seed") });
        Database = new Database(storage, new AppPaths(Repository.Root));
        var configuration = new ConfigurationBuilder().Build();
        Clock = new FixedTime(CaseSize.AsOf);
        Cases = new CaseStore(Database);
        Surveys = new SurveyStore(Database);
        Deficiencies = new DeficiencyStore(Database);
        StatusChanges = new StatusChangeStore(Database);
        FieldEdits = new FieldEditStore(Database);
        Obligations = new ObligationStore(Database);
        Timeline = new TimelineStore(Database);
        Sources = new SourceStore(Database);
        Editions = new EditionStore(Database);
        Withdrawals = new WithdrawalStore(Database);
        CaseClock = new CaseClock(Clock, configuration);
        var address = new ReportAddress(
            Options.Create(new ReportOptions { BaseUrl = "https://tracker.example.org" }),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Benchmark" },
            NullLogger<ReportAddress>.Instance);
        Query = new StatusReportQuery(Database, address, CaseClock);
        Fonts = ReportFonts.Install();
    }

    public CaseSize Size { get; }
    public string Directory { get; }
    public Database Database { get; }
    public TimeProvider Clock { get; }
    public CaseClock CaseClock { get; }
    public CaseStore Cases { get; }
    public SurveyStore Surveys { get; }
    public DeficiencyStore Deficiencies { get; }
    public StatusChangeStore StatusChanges { get; }
    public FieldEditStore FieldEdits { get; }
    public ObligationStore Obligations { get; }
    public TimelineStore Timeline { get; }
    public SourceStore Sources { get; }
    public EditionStore Editions { get; }
    public WithdrawalStore Withdrawals { get; }
    public StatusReportQuery Query { get; }
    public ReportFonts Fonts { get; }

    /// <summary>A deficiency in the middle of the list, with a full history.</summary>
    public string SampleDeficiencyCode => Size.IsSeed ? "D-01" : $"G-{Size.Deficiencies / 2:0000}";

    public static async Task<BenchCase> OpenAsync(CaseSize size)
    {
        TypeHandlers.Register();
        var directory = Path.Combine(Path.GetTempPath(), "compliancetracker-bench", $"{size.Name}-v{GeneratorVersion}");
        var ready = Path.Combine(directory, "ready");
        if (!File.Exists(ready) && System.IO.Directory.Exists(directory))
        {
            // A run stopped half-way: start the file over.
            System.IO.Directory.Delete(directory, recursive: true);
        }
        var bench = new BenchCase(size, directory);
        // Applies any migration added since the file was made, as the app does at start-up.
        bench.Database.Migrate(NullLogger.Instance);
        if (!File.Exists(ready))
        {
            var started = DateTime.UtcNow;
            if (size.IsSeed)
            {
                await new SeedLoader(bench.Database, new FixedTime(CaseSize.PreviousAsOf), NullLogger<SeedLoader>.Instance)
                    .LoadIfEmptyAsync(Path.Combine(Repository.Root, "data", "seed"));
            }
            else
            {
                await CaseGenerator.GenerateAsync(bench.Database, size);
            }
            await File.WriteAllTextAsync(ready, $"{size} generated in {(DateTime.UtcNow - started).TotalSeconds:0.0} s\n");
            Console.WriteLine($"// Case {size.Name}: written to {directory} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        }
        return bench;
    }

    /// <summary>The edition a report at <see cref="CaseSize.AsOf"/> follows: the generated one, or none for the seed.</summary>
    public Task<Edition?> PreviousEditionAsync() => Editions.LatestAsync();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The folder holding ComplianceTracker.sln, found from the running binary.</summary>
public static class Repository
{
    public static string Root { get; } = AppPaths.Discover(AppContext.BaseDirectory).Root;
}
