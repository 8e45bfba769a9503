using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>Where background jobs are kept and whether this process runs them.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    public const string SQLite = "SQLite";
    public const string PostgreSQL = "PostgreSQL";
    public const string InMemory = "InMemory";

    /// <summary>
    /// "SQLite" (the file <see cref="FileName"/> beside the database), "PostgreSQL" (the schema "hangfire" in the
    /// record's PostgreSQL database, shared by every node) or "InMemory" (tests). Unset, it follows Storage:Provider.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>
    /// How long a job fetched by a process that then dies stays invisible to the other workers. On PostgreSQL the
    /// running node keeps renewing it (sliding), so a long publish is not taken over; on SQLite it is not renewed, so a
    /// job running longer than this is started again (jobs here are safe to run twice). A killed process's job is
    /// taken up again after this.
    /// </summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 120;

    public string FileName { get; set; } = "jobs.db";

    /// <summary>Runs a job server in this process; off, jobs are only queued and scheduled.</summary>
    public bool Server { get; set; } = true;

    public int WorkerCount { get; set; } = 2;

    /// <summary>A server whose last heartbeat is older than this is taken as gone (its process was killed).</summary>
    public static readonly TimeSpan ServerSilence = TimeSpan.FromSeconds(35);
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
            .Validate(o => o.Storage is null or "" or JobsOptions.SQLite or JobsOptions.PostgreSQL or JobsOptions.InMemory, "Jobs:Storage must be SQLite, PostgreSQL or InMemory.")
            .Validate(o => o.InvisibilityTimeoutSeconds >= 10, "Jobs:InvisibilityTimeoutSeconds must be 10 or more.")
            .Validate(o => o.WorkerCount is >= 1 and <= 20, "Jobs:WorkerCount must be between 1 and 20.")
            .ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        builder.Services.AddSingleton<JobStorage>(services =>
        {
            // Hangfire's logging is process-wide and set when its configuration is first read: read it before the
            // storage starts logging, so it logs to this app and not to one already stopped.
            services.GetRequiredService<IGlobalConfiguration>();
            var database = services.GetRequiredService<Database>();
            var storage = string.IsNullOrEmpty(jobs.Storage) ? (database.IsPostgres ? JobsOptions.PostgreSQL : JobsOptions.SQLite) : jobs.Storage;
            return storage switch
            {
                JobsOptions.InMemory => new InMemoryStorage(),
                JobsOptions.PostgreSQL => PostgresStorage(database, jobs),
                _ => new SQLiteStorage(
                    Path.Combine(Path.GetDirectoryName(database.FilePath)!, jobs.FileName),
                    new SQLiteStorageOptions
                    {
                        QueuePollInterval = TimeSpan.FromSeconds(2),
                        // A job fetched by a process that was killed is taken again after this (Hangfire's own default
                        // is 30 minutes). SQLite's storage does not renew it while the job runs, so a job running longer
                        // is started a second time: every job here is safe to run twice (an edition by its occurrence key).
                        InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
                    }),
            };
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
                // The publish status page tells a job on a live server from one whose server was killed by the
                // server's heartbeat: frequent beats, and a dead server forgotten within a minute and a half.
                options.HeartbeatInterval = TimeSpan.FromSeconds(10);
                options.ServerCheckInterval = TimeSpan.FromSeconds(30);
                options.ServerTimeout = TimeSpan.FromMinutes(1);
            });
        }
        return builder;
    }

    /// <summary>
    /// Hangfire's tables in their own schema of the record's database: one queue, one set of recurring jobs and one
    /// set of distributed locks for every node, so a schedule occurrence is triggered by one node only.
    /// </summary>
    private static PostgreSqlStorage PostgresStorage(Database database, JobsOptions jobs)
    {
        if (!database.IsPostgres)
        {
            throw new InvalidOperationException("Jobs:Storage is PostgreSQL, so Storage:Provider must be PostgreSQL too: jobs are kept in the record's database.");
        }
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(2),
            InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }
}
