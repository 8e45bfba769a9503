using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Pdf.Fonts;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ComplianceTracker.Web.Features.Reports;

public static class ReportsExtensions
{
    /// <summary>PDF status reports: the renderer's fonts, editions, the publishing job and its schedules.</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.AddJobs();
        builder.Services.AddOptions<ReportOptions>()
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || (Uri.TryCreate(o.BaseUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"), "Reports:BaseUrl must be an http(s) address, such as https://tracker.example.org.")
            .Validate(o => ReportSchedules.CheckCron(o.WeeklyCron) is null, "Reports:WeeklyCron must be a five-field cron expression that fires, at most once an hour.")
            .Validate(o => ReportSchedules.CheckCron(o.MonthlyCron) is null, "Reports:MonthlyCron must be a five-field cron expression that fires, at most once an hour.")
            .Validate(o => ReportSchedules.CheckTimeZone(o.TimeZone) is null, "Reports:TimeZone must name a time zone, such as America/Los_Angeles.")
            .ValidateOnStart();
        // Now, not when first asked for: a build without its fonts does not start.
        builder.Services.AddSingleton(ReportFonts.Install());
        builder.Services.AddSingleton<ReportAddress>();
        builder.Services.AddSingleton<EditionStore>();
        builder.Services.AddSingleton<ScheduleStore>();
        builder.Services.AddSingleton<StatusReportQuery>();
        builder.Services.AddSingleton<EditionFiles>();
        builder.Services.AddSingleton<EditionPublisher>();
        builder.Services.AddSingleton<ReportSchedules>();
        builder.Services.AddTransient<StatusReportJob>();
        builder.Services.AddHostedService<ReportsStartup>();
        builder.Services.AddHealthChecks()
            .AddCheck<ReportAddress.HealthCheck>("report-address")
            .AddCheck<EditionFilesHealthCheck>("edition-files");
        return builder;
    }

    /// <summary>The PDF downloads and the Admin-only background-jobs dashboard at /jobs.</summary>
    public static WebApplication UseReports(this WebApplication app)
    {
        app.MapGet("/reports/latest.pdf", async (HttpContext context, EditionStore editions, EditionPublisher publisher) =>
            Download(context, await editions.LatestAsync(context.RequestAborted), publisher, latest: true))
            .CacheOutput(RecordCacheExtensions.FilePolicy);
        app.MapGet("/reports/{number:int}.pdf", async (int number, HttpContext context, EditionStore editions, EditionPublisher publisher) =>
            Download(context, await editions.FindAsync(number, context.RequestAborted), publisher, latest: false))
            .CacheOutput(RecordCacheExtensions.FilePolicy);

        var dashboard = new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/reports",
            DashboardTitle = "ComplianceTracker background jobs",
            DisplayStorageConnectionString = false,
        };
        app.MapHangfireDashboard("/jobs", dashboard, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization("Admin");
        return app;
    }

    /// <summary>
    /// Serves an edition by its number only: the file name comes from the edition's row, never from the address, and
    /// must resolve inside the reports folder. Numbered editions never change, so they may be cached for a year.
    /// </summary>
    private static IResult Download(HttpContext context, Edition? edition, EditionPublisher publisher, bool latest)
    {
        if (edition is null)
        {
            return Results.NotFound();
        }
        var directory = Path.GetFullPath(publisher.Directory);
        var path = Path.GetFullPath(Path.Combine(directory, edition.FileName));
        if (!path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = latest ? "public, max-age=300" : "public, max-age=31536000, immutable";
        // Inline, so a story link opens the PDF; the name is what "save" offers.
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileName = edition.FileName }.ToString();
        return Results.File(
            path,
            "application/pdf",
            lastModified: edition.GeneratedAt,
            entityTag: new EntityTagHeaderValue($"\"{edition.Sha256}\""),
            enableRangeProcessing: true);
    }

    /// <summary>Hangfire's own default lets only local requests in (and answers 401 under the test server): Admins only instead.</summary>
    private sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole("Admin");
    }

    /// <summary>
    /// Brings the reports folder into agreement with the editions (finishing or sweeping what an interrupted publish
    /// left), registers the recurring jobs and, when there is no edition yet, queues the first one.
    /// </summary>
    private sealed class ReportsStartup(
        EditionFiles files,
        ReportSchedules schedules,
        EditionStore editions,
        IBackgroundJobClient jobs,
        IOptions<ReportOptions> options,
        ReportAddress address,
        IConfiguration configuration,
        ILogger<ReportsStartup> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (configuration[$"{ReportOptions.Section}:FontFamily"] is { Length: > 0 } family)
            {
                // The setting was removed when the fonts came to ship with the app: say so rather than ignore it silently.
                logger.LogWarning("Reports:FontFamily ({Family}) is no longer read: the PDFs are set in {Bundled}, which ships with the app.", family, BundledFonts.Family);
            }
            try
            {
                var outcome = await files.ReconcileAsync(cancellationToken);
                if (outcome.Placed + outcome.OrphansRemoved + outcome.TemporariesRemoved > 0)
                {
                    logger.LogWarning("Reports folder mended after an interrupted publish: {Placed} file(s) moved into place, {Orphans} file(s) without an edition removed, {Temporaries} temporary file(s) removed.",
                        outcome.Placed, outcome.OrphansRemoved, outcome.TemporariesRemoved);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The site still serves what it can; /healthz says what is wrong with the folder.
                logger.LogError("The reports folder could not be checked against the editions: {Reason}", ex.Message);
            }
            await schedules.RegisterAllAsync(cancellationToken);
            if (options.Value.PublishOnStartup && address.Problem is null && await editions.LatestAsync(cancellationToken) is null)
            {
                try
                {
                    var id = jobs.Enqueue<StatusReportJob>(job => job.RunAsync(Edition.StartupTrigger, null, CancellationToken.None));
                    logger.LogInformation("No report edition yet: queued the first one (job {JobId}).", id);
                }
                catch (BackgroundJobClientException ex)
                {
                    // The site serves without it; the next start, a schedule or an editor's press makes the first edition.
                    logger.LogError(ex, "No report edition yet, and the first one could not be queued.");
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Every node must read every edition's file: with several nodes Reports:Directory is a shared folder. A latest
    /// edition whose file this node cannot see (published on a node with a folder of its own) is reported here.
    /// </summary>
    private sealed class EditionFilesHealthCheck(EditionStore editions, EditionPublisher publisher) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                if (WriteProblem(publisher.Directory) is { } problem)
                {
                    return HealthCheckResult.Degraded(problem);
                }
                if (await editions.LatestAsync(cancellationToken) is not { } latest)
                {
                    return HealthCheckResult.Healthy("No edition published yet.");
                }
                // /healthz is public: the folder is named by its setting, never by its path on this server.
                return File.Exists(Path.Combine(publisher.Directory, latest.FileName))
                    ? HealthCheckResult.Healthy($"Edition {latest.Number}'s file is in the reports folder.")
                    : HealthCheckResult.Degraded($"Edition {latest.Number}'s file {latest.FileName} is not in this node's reports folder; with several nodes, Reports:Directory must be a folder they share.");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The editions cannot be read.", ex);
            }
        }
    }

    /// <summary>Writes and removes a small file in the reports folder: what a publish needs to do.</summary>
    private static string? WriteProblem(string directory)
    {
        var probe = Path.Combine(directory, EditionFiles.ProbePattern.Replace("*", Guid.NewGuid().ToString("N"), StringComparison.Ordinal));
        try
        {
            File.WriteAllBytes(probe, [0]);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var why = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                IOException io when io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "its disk is full",
                IOException io when io.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase) => "its file system is read-only",
                _ => "it is missing or not a folder",
            };
            return $"The reports folder (Reports:Directory) cannot be written ({why}): publishing fails until it can.";
        }
        finally
        {
            // A write that failed half-way (a full disk) can still leave the empty file: nothing a check writes outlives it.
            try
            {
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The start-up sweep removes what could not be removed here.
            }
        }
    }
}
