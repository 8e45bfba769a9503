using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceTracker.Web.Infrastructure;

public static class WebExtensions
{
    /// <summary>
    /// The folder the app serves its stylesheet and script from. Normally the folder it is started from; a published
    /// app started from elsewhere (a service manager's working directory, an operator's home) would find no wwwroot
    /// there and serve every page unstyled, so it takes its own folder instead, unless a content root is given.
    /// </summary>
    public static WebApplicationOptions StartupOptions(string[] args)
    {
        var current = Directory.GetCurrentDirectory();
        var own = AppContext.BaseDirectory;
        var given = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null;
        var root = !given && !Directory.Exists(Path.Combine(current, "wwwroot")) && Directory.Exists(Path.Combine(own, "wwwroot")) ? own : null;
        return new WebApplicationOptions { Args = args, ContentRootPath = root };
    }

    /// <summary>
    /// Checks every setting before anything starts. A malformed one (an address that is not one, an unknown provider, a
    /// cron that does not parse) stops start-up with one plain sentence naming it on standard error, not a stack trace.
    /// </summary>
    public static bool SettingsAreValid(this WebApplication app)
    {
        string problem;
        try
        {
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            return true;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            problem = string.Join(" ", ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
        {
            problem = string.Join(" ", ex.InnerExceptions.SelectMany(e => ((Microsoft.Extensions.Options.OptionsValidationException)e).Failures));
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own words name the setting and the value: "… value 'Oracle' at 'Storage:Provider' …".
            problem = ex.Message;
        }
        Console.Error.WriteLine($"The app cannot start because of a setting: {problem}");
        return false;
    }

    /// <summary>Server-rendered pages under Features/, lower-case URLs.</summary>
    public static WebApplicationBuilder AddPublicSite(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            // The same form adds an item and edits one.
            options.Conventions.AddPageRoute("/Timeline/Edit", "timeline/new");
            options.Conventions.AddPageRoute("/Sources/Edit", "sources/new");
            // Text fields of every form: refuse what is not text, store the rest as NFC.
            options.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(TextInputFilter)));
            // A save stopped by the machine (locked database, full disk): the form again, 503, nothing written.
            options.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(WriteFaultFilter)));
        });
        // Outside Development the framework reads a build's own manifest of static files only when asked. A run of the
        // build output (the test apps, `dotnet bin/…/ComplianceTracker.Web.dll`) would then find the stylesheet in
        // wwwroot but not the gzip file made beside it in obj/, and answer a compressed request with nothing. A
        // published app has no such manifest (its files are in wwwroot) and this does nothing there.
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }
        builder.Services.AddSingleton<TextInputFilter>();
        builder.Services.AddSingleton<WriteFaultFilter>();
        // Kestrel answers a malformed request, an over-long request line (414) or over-large headers (431) itself, before
        // any middleware: with an empty body, and here without naming the server either.
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        builder.Services.Configure<RouteOptions>(options =>
        {
            options.LowercaseUrls = true;
            options.AppendTrailingSlash = false;
        });
        return builder;
    }

    public static WebApplication UsePublicSite(this WebApplication app)
    {
        // The error page in every environment: readers never see a stack trace.
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        // Before any form is read: a NUL in a field is refused by name with the form again, not a bare 400.
        app.UseFormNulGuard();
        app.UseRouting();
        app.UseCors();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthText });
        // The stylesheets, script and icons from the build's manifest: each also at a fingerprinted address cached for a
        // year as immutable, with the Brotli and gzip files made at build time (no compression per request), ETags and
        // ranges. Answered as soon as routing finds them: an asset needs no sign-in, rate limit, output cache or compression.
        app.MapStaticAssets().ShortCircuit();
        // Pages link the fingerprinted addresses: ~/css/site.css in a <link> becomes /css/site.<hash>.css.
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    private static void UseSecurityHeaders(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            await next();
        });

    /// <summary>"Healthy", or the status followed by one line per check that is not healthy, saying why.</summary>
    private static Task HealthText(HttpContext context, HealthReport report)
    {
        var text = new System.Text.StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Description ?? entry.Status.ToString());
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
