using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Where background jobs are kept and whether this process runs them.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    public const string SQLite = "SQLite";
    public const string InMemory = "InMemory";

    /// <summary>"SQLite" (the file <see cref="FileName"/> beside the database) or "InMemory" (tests).</summary>
    public string Storage { get; set; } = SQLite;

    public string FileName { get; set; } = "jobs.db";

    /// <summary>Runs a job server in this process; off, jobs are only queued and scheduled.</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 2;
}

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire with its own storage. The storage and job activator are this app's own services rather than Hangfire's
    /// process-wide defaults, so two apps in one process (as in the tests) never run each other's jobs.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.Storage is JobsOptions.SQLite or JobsOptions.InMemory, "Jobs:Storage must be SQLite or InMemory.")
            .Validate(o => o.WorkerCount is >= 1 and <= 20, "Jobs:WorkerCount must be between 1 and 20.")
            .ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        builder.Services.AddSingleton<JobStorage>(services =>
        {
            // Hangfire's logging is process-wide and set when its configuration is first read: read it before the
            // storage starts logging, so it logs to this app and not to one already stopped.
            services.GetRequiredService<IGlobalConfiguration>();
            return jobs.Storage == JobsOptions.InMemory
                ? new InMemoryStorage()
                : new SQLiteStorage(
                    Path.Combine(Path.GetDirectoryName(services.GetRequiredService<Database>().FilePath)!, jobs.FileName),
                    new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) });
        });
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (jobs.Server)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = jobs.WorkerCount;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }
        return builder;
    }
}
