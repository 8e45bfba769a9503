using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure.Seed;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure;

public static class StorageExtensions
{
    /// <summary>The database (SQLite, or PostgreSQL by configuration), its stores, the seed loader and the clock.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        TypeHandlers.Register();
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a folder.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SeedDirectory), "Storage:SeedDirectory must name a folder.")
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite or PostgreSQL.")
            .Validate(o => o.BusyTimeoutSeconds is >= 1 and <= 600, "Storage:BusyTimeoutSeconds must be between 1 and 600.")
            .Validate(
                o => o.Provider != StorageProvider.PostgreSQL || !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(StorageOptions.PostgresConnectionName)),
                "Storage:Provider is PostgreSQL, so ConnectionStrings:Postgres must give an Npgsql connection string.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Directory), "Reports:Directory must name a folder.")
            .ValidateOnStart();
        builder.Services.AddSingleton(AppPaths.Discover(builder.Environment.ContentRootPath));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Features.Shared.CaseClock>();
        builder.Services.AddSingleton<Database>();
        builder.Services.AddSingleton<SeedLoader>();
        builder.Services.AddSingleton<CaseStore>();
        builder.Services.AddSingleton<Features.Cases.CaseShape>();
        builder.Services.AddSingleton<SourceStore>();
        builder.Services.AddSingleton<SurveyStore>();
        builder.Services.AddSingleton<DeficiencyStore>();
        builder.Services.AddSingleton<StatusChangeStore>();
        builder.Services.AddSingleton<FieldEditStore>();
        builder.Services.AddSingleton<WithdrawalStore>();
        builder.Services.AddSingleton<ObligationStore>();
        builder.Services.AddSingleton<TimelineStore>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddHostedService<GenerationWatcher>();
        return builder;
    }

    /// <summary>Brings the schema up to date and loads the seed into an empty database.</summary>
    /// <returns>False when a bad seed must stop start-up; the reason has been logged in plain words.</returns>
    /// <summary>The exit code of a start-up that could not reach its database (the service manager may try again).</summary>
    public const int DatabaseUnreachableExitCode = 3;

    /// <summary>The exit code of a malformed or refused setting (trying again will not help).</summary>
    public const int BadSettingExitCode = 2;

    /// <summary>
    /// Migrates and seeds the database; null when the app may go on, else the exit code, after one sentence on standard
    /// error: 1 for a seed that cannot be loaded, <see cref="BadSettingExitCode"/> for a database that refuses the
    /// configured credentials or does not exist, <see cref="DatabaseUnreachableExitCode"/> for one that cannot be reached.
    /// </summary>
    public static async Task<int?> InitializeDatabaseAsync(this WebApplication app)
    {
        try
        {
            return await MigrateAndSeedAsync(app) ? null : 1;
        }
        catch (Exception ex) when (StartupFailure.Describe(app.Services, ex) is { } failure)
        {
            await Console.Error.WriteLineAsync(failure.Sentence);
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Storage").LogCritical("{Sentence}", failure.Sentence);
            return failure.ExitCode;
        }
    }

    private static async Task<bool> MigrateAndSeedAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Storage");
        var database = app.Services.GetRequiredService<Database>();
        var paths = app.Services.GetRequiredService<AppPaths>();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var reports = app.Services.GetRequiredService<IOptions<ReportOptions>>().Value;
        Directory.CreateDirectory(paths.Resolve(reports.Directory));
        logger.LogInformation("Database: {Location}", database.Location);
        // Several nodes may start at once on one PostgreSQL database: one at a time migrates and seeds.
        await using var startup = await database.HoldLockAsync(Database.StartupLockKey);
        database.Migrate(logger);
        // The job storage prepares its own tables when first made: made here, under the same lock.
        _ = app.Services.GetService<Hangfire.JobStorage>();
        var seed = paths.Resolve(storage.SeedDirectory);
        try
        {
            await app.Services.GetRequiredService<SeedLoader>().LoadIfEmptyAsync(seed);
            // Dates are read in the case's own zone when it names one, from the first request on.
            var record = await database.WithConnectionAsync(connection => Features.Cases.CaseStore.GetAsync(connection, null));
            app.Services.GetRequiredService<Features.Shared.CaseClock>().UseCaseZone(record?.TimeZone);
            app.Services.GetRequiredService<Features.Cases.CaseShape>().Use(record);
            return true;
        }
        catch (SeedException ex)
        {
            // Whoever started the app reads the list as it is, one problem a line, without a log prefix or a stack trace.
            await Console.Error.WriteLineAsync(SeedProblems.Describe(seed, ex));
            logger.LogCritical("The seed in {Directory} cannot be loaded ({Count} problems, listed on standard error), so the app stops. Nothing was written.",
                seed, ex.Message.Split(Environment.NewLine).Length);
            return false;
        }
        catch (System.Data.Common.DbException ex)
        {
            // The reader checks every rule the tables hold, so this is the database itself (full, read-only, gone away).
            await Console.Error.WriteLineAsync($"The seed in {seed} could not be written to {database.Location}, so nothing was: {ex.Message}");
            logger.LogCritical("The seed in {Directory} could not be written to the database: {Problem}", seed, ex.Message);
            return false;
        }
    }

    /// <summary>The seed folder the configuration names, as a full path.</summary>
    public static string SeedDirectory(this IServiceProvider services) =>
        services.GetRequiredService<AppPaths>().Resolve(services.GetRequiredService<IOptions<StorageOptions>>().Value.SeedDirectory);

    /// <summary>
    /// On PostgreSQL, reads the shared write counter twice a second, so a page cached on this node is replaced within
    /// a second of a write on any node. Nothing to do on SQLite, whose one node counts its own writes.
    /// </summary>
    private sealed class GenerationWatcher(Database database, ILogger<GenerationWatcher> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!database.IsPostgres)
            {
                return;
            }
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await database.RefreshGenerationAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    // The database is away (or the schema not there yet); pages fail on their own, the cache keeps its key.
                    logger.LogDebug(ex, "Could not read the record's write counter.");
                }
            }
        }
    }

    private sealed class DatabaseHealthCheck(Database database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var store = new CaseStore(database);
                var record = await store.GetAsync(cancellationToken);
                if (record is null)
                {
                    return HealthCheckResult.Degraded("The database is reachable but holds no case.");
                }
                // Readers are served; what a save would meet is said here, so it is seen before an editor meets it.
                return await database.WriteProblemAsync(cancellationToken) is { } problem
                    ? HealthCheckResult.Degraded(problem)
                    : HealthCheckResult.Healthy($"Case {record.Key} loaded; a write can be made.");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
            }
        }
    }
}
