using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Accounts;

public static class AccountsExtensions
{
    /// <summary>
    /// The key in <c>HttpContext.Items</c> of the error that kept this request's account from being checked against the
    /// database (which could not be reached).
    /// </summary>
    public const string AccountUnchecked = "AccountUnchecked";

    /// <summary>Accounts in the database, a sign-in cookie, the Editor and Admin policies, and a rate limit on sign-in.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.SignInPermitLimit > 0, "Accounts:SignInPermitLimit must be 1 or more.")
            .Validate(o => o.SignInWindowSeconds > 0, "Accounts:SignInWindowSeconds must be 1 or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddScoped<AccountCookieEvents>();

        // The keys that protect the sign-in cookie and antiforgery tokens live beside the database, so sessions and
        // open forms survive a restart of the app on a machine whose home folder is not kept.
        builder.Services.AddDataProtection().SetApplicationName("ComplianceTracker");
        // On PostgreSQL they live in the shared database instead, so every node reads every node's cookies.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<AppPaths, IOptions<StorageOptions>, ILoggerFactory, Database>((options, paths, storage, logs, database) =>
            options.XmlRepository = database.IsPostgres
                ? new DataProtectionKeyStore(database)
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(paths.Resolve(storage.Value.DataDirectory), "keys")), logs));

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.EventsType = typeof(AccountCookieEvents);
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Editor, policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));
        // Whatever is added under Features/Admin later is Admin-only even if its page forgets to say so.
        builder.Services.Configure<RazorPagesOptions>(options => options.Conventions.AuthorizeFolder("/Admin", Policies.Admin));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                // A content type keeps the status-code pages from replacing this message with the generic error page.
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("Too many sign-in attempts from your address. Wait a minute, then try again.", cancellationToken);
            };
            options.AddPolicy(Policies.SignInRateLimit, context =>
            {
                // Only attempts count: reading the form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                var limits = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
                // Behind a proxy every client shares the proxy's address (and with none known, one partition is shared).
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "no-address";
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.SignInPermitLimit,
                    Window = TimeSpan.FromSeconds(limits.SignInWindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    /// <summary>Goes after UseRouting (the rate limit and [Authorize] read the endpoint) and before the endpoints run.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Checks every signed-in request against the database, so disabling an account or changing its
    /// password ends its other sessions at their next request rather than when the cookie runs out.
    /// </summary>
    /// <remarks>
    /// When the database cannot be reached the account cannot be checked: the request goes on under the cookie's
    /// identity, marked <see cref="AccountUnchecked"/>, so its page fails as every page does then (the 503 page, a form
    /// with what was typed) instead of the sign-in itself failing into an empty 500. Nothing can be written meanwhile,
    /// and <see cref="WriteFaultFilter"/> runs no form's handler for an unchecked account.
    /// </remarks>
    internal sealed class AccountCookieEvents(AccountStore accounts, ILogger<AccountCookieEvents> logger) : CookieAuthenticationEvents
    {
        public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
        {
            var principal = context.Principal;
            var stamp = principal?.FindFirstValue(AccountClaims.SecurityStamp);
            Account? account;
            try
            {
                account = principal?.AccountId() is { } id ? await accounts.FindAsync(id, context.HttpContext.RequestAborted) : null;
            }
            catch (Exception ex) when (DatabaseFaults.IsUnreachable(ex))
            {
                logger.LogWarning("The account of a signed-in request to {Path} could not be checked: the database cannot be reached ({Problem}).",
                    context.HttpContext.Request.Path, ex.GetBaseException().Message);
                context.HttpContext.Items[AccountUnchecked] = ex;
                return;
            }
            if (account is null || account.IsDisabled || stamp is null || !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        }
    }
}
