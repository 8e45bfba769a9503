using System.Globalization;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.Net.Http.Headers;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Server-side caching of the public pages and PDF downloads. Readers far outnumber writers, and a page's content
/// changes only when the record does or when the case's "today" moves on (days overdue), so a cached copy is keyed
/// by both and never outlives either. Signed-in users (editors see edit links) are never served from or into the
/// cache, nor are responses that set cookies, nor range requests.
/// </summary>
public static class RecordCacheExtensions
{
    /// <summary>The output-cache policy for pages and files that show the public record.</summary>
    public const string Policy = "record";

    public static WebApplicationBuilder AddRecordCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            // Builds on ASP.NET Core's default policy: GET and HEAD only, 200 only, no signed-in user, no Set-Cookie.
            options.AddPolicy(Policy, policy => policy
                .With(context => !context.HttpContext.Request.Headers.ContainsKey(HeaderNames.Range))
                .VaryByValue(context => new("record", context.RequestServices.GetRequiredService<Database>().Generation.ToString(CultureInfo.InvariantCulture)))
                .VaryByValue(context => new("today", context.RequestServices.GetRequiredService<CaseClock>().Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                // Only bounds memory and any writer outside this process: in-process writes change the key at once.
                .Expire(TimeSpan.FromSeconds(60)));
        });
        return builder;
    }

    /// <summary>After authentication, so signed-in requests are known and bypass the cache.</summary>
    public static WebApplication UseRecordCache(this WebApplication app)
    {
        app.UseOutputCache();
        return app;
    }
}
