using System.Globalization;
using System.Threading.RateLimiting;
using ComplianceTracker.Web.Features.Reports;
using Cronos;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Alerts;

public static class AlertsExtensions
{
    /// <summary>The rate limit on subscribe requests, per client address.</summary>
    public const string SubscribeRateLimit = "alerts-subscribe";

    /// <summary>
    /// Email alerts and webhooks: their options (checked at start), stores, the mailer (SMTP, or .eml files in a pickup
    /// folder), the signed links, the jobs, and a rate limit on the subscribe form. The recurring jobs are registered
    /// with the others in <see cref="ReportSchedules.RegisterAllAsync"/>.
    /// </summary>
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section)
            .Validate(o => IsCron(o.ScanCron), "Alerts:ScanCron must be a five-field cron expression, such as * * * * * (every minute).")
            .Validate(o => ReportSchedules.CheckCron(o.DigestCron) is null, "Alerts:DigestCron must be a five-field cron expression that fires at most hourly, such as 0 8 * * 1.")
            .Validate(o => ReportSchedules.CheckCron(o.ReminderCron) is null, "Alerts:ReminderCron must be a five-field cron expression that fires at most hourly, such as 0 7 * * *.")
            .Validate(o => o.SubscribePermitLimit >= 1 && o.SubscribeWindowSeconds >= 1, "Alerts:SubscribePermitLimit and Alerts:SubscribeWindowSeconds must be 1 or more.")
            .Validate(o => o.ConfirmationsPerAddressPerDay >= 1, "Alerts:ConfirmationsPerAddressPerDay must be 1 or more.")
            .Validate(o => o.SendBatchSize is >= 1 and <= 5000 && o.SendConnections is >= 1 and <= 16, "Alerts:SendBatchSize must be 1 to 5,000 and Alerts:SendConnections 1 to 16.")
            .Validate(o => o.Webhooks.TimeoutSeconds >= 1 && o.Webhooks.MaxAttempts >= 1, "Alerts:Webhooks:TimeoutSeconds and Alerts:Webhooks:MaxAttempts must be 1 or more.")
            .Validate(o => o.Webhooks.AllowedAddresses.All(a => Evidence.AddressGuard.EntryProblem(a) is null), "Alerts:Webhooks:AllowedAddresses must hold IP addresses, ranges (10.0.0.0/8) or host names.")
            .ValidateOnStart();
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.From) || MimeKit.MailboxAddress.TryParse(o.From, out _), "Mail:From must be an address, such as ComplianceTracker <alerts@tracker.example.org>.")
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be a port number, such as 587.")
            .Validate(o => Enum.IsDefined(o.Smtp.Tls), "Mail:Smtp:Tls must be Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PickupDirectory) is false, "Mail:PickupDirectory must name a folder.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddSingleton<FollowCatalog>();
        builder.Services.AddSingleton<AlertTokens>();
        builder.Services.AddSingleton<Mailer>();
        builder.Services.AddSingleton<AlertComposer>();
        builder.Services.AddSingleton<AlertDispatch>();
        builder.Services.AddSingleton<WebhookClient>();
        builder.Services.AddTransient<AlertScanJob>();
        builder.Services.AddTransient<AlertSendJob>();
        builder.Services.AddTransient<AlertDigestJob>();
        builder.Services.AddTransient<AlertConfirmationJob>();
        builder.Services.AddTransient<DeadlineReminderJob>();
        builder.Services.AddTransient<WebhookJob>();
        builder.Services.AddHostedService<AlertsStartup>();
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(SubscribeRateLimit, new SubscribeLimit()));
        return builder;
    }

    /// <summary>
    /// The RFC 8058 one-click unsubscribe: a mail program POSTs "List-Unsubscribe=One-Click" to the address in the
    /// List-Unsubscribe header, with no page and no cookie, so no antiforgery token can come with it. The signed token
    /// in the address is the proof instead: it names the subscriber and the subscriptions to stop, and nothing else.
    /// A GET (a person who copied the header) is sent to the page that does the same and can undo it.
    /// </summary>
    public static WebApplication MapAlerts(this WebApplication app)
    {
        app.MapPost("/alerts/one-click", async (HttpContext context, AlertTokens tokens, AlertStore store, TimeProvider time) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                if (tokens.ReadUnsubscribe(context.Request.Query["token"]) is not { } holder)
                {
                    return Results.Text(AlertText.LinkInvalid, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
                }
                await store.EndAsync(holder.SubscriberId, holder.SubscriptionIds, time.GetUtcNow(), context.RequestAborted);
                return Results.Text(AlertText.Stopped, "text/plain; charset=utf-8");
            })
            .DisableAntiforgery();
        app.MapGet("/alerts/one-click", (HttpContext context) =>
            Results.Redirect("/alerts/unsubscribe?token=" + Uri.EscapeDataString(context.Request.Query["token"].ToString())));
        return app;
    }

    private static bool IsCron(string? cron)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(cron) && CronExpression.Parse(cron.Trim(), CronFormat.Standard) is not null;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>Only requests count, not reading the form; each client address has its own window.</summary>
    private sealed class SubscribeLimit : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
        {
            var response = context.HttpContext.Response;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("Too many subscribe requests from your address. Wait a few minutes, then try again.", cancellationToken);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            if (!HttpMethods.IsPost(httpContext.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }
            var limits = httpContext.RequestServices.GetRequiredService<IOptions<AlertOptions>>().Value;
            var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? "no-address";
            return RateLimitPartition.GetFixedWindowLimiter("ip:" + address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.SubscribePermitLimit,
                Window = TimeSpan.FromSeconds(limits.SubscribeWindowSeconds),
                QueueLimit = 0,
            });
        }
    }

    /// <summary>Says at start-up where messages go (one line), and starts the change-log scan at the present.</summary>
    private sealed class AlertsStartup(Mailer mailer, AlertScanJob scan, ILogger<AlertsStartup> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("{Mail}", mailer.Describe());
            try
            {
                await scan.StartAsync(cancellationToken);
            }
            catch (System.Data.Common.DbException ex)
            {
                // The first scan starts it instead; the site serves meanwhile.
                logger.LogWarning("Alerts could not note where the change log stands: {Problem}", ex.Message);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
