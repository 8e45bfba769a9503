using System.Globalization;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Server-side caching of the public pages, open data and PDF downloads. Readers far outnumber writers, and a page's
/// content changes only when the record does or when the case's "today" moves on (days overdue), so a cached copy is
/// keyed by both and never outlives either. Signed-in users (editors see edit links) are never served from or into the
/// cache, nor are responses that set cookies, nor range requests. Text is cached as sent, compressed (see
/// <see cref="CompressionExtensions"/>): one entry per encoding, each compressed once.
/// </summary>
public static class RecordCacheExtensions
{
    /// <summary>The output-cache policy for pages and text files (CSV, JSON, Atom, iCalendar) that show the public record.</summary>
    public const string Policy = "record";

    /// <summary>
    /// The same for PDFs, which are never compressed again: one cached copy serves every client, whatever encodings it
    /// accepts, where <see cref="Policy"/> would keep an identical copy for each.
    /// </summary>
    public const string FilePolicy = "record-file";

    public static WebApplicationBuilder AddRecordCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, policy => Record(policy)
                .VaryByValue(context => new("encoding", CompressionExtensions.Negotiate(context))));
            options.AddPolicy(FilePolicy, policy => Record(policy));
        });
        return builder;
    }

    // Builds on ASP.NET Core's default policy: GET and HEAD only, 200 only, no signed-in user, no Set-Cookie.
    private static OutputCachePolicyBuilder Record(OutputCachePolicyBuilder policy) => policy
        .With(context => !context.HttpContext.Request.Headers.ContainsKey(HeaderNames.Range))
        .VaryByValue(context => new("record", context.RequestServices.GetRequiredService<Database>().Generation.ToString(CultureInfo.InvariantCulture)))
        .VaryByValue(context => new("today", context.RequestServices.GetRequiredService<CaseClock>().Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
        // Only bounds memory and any writer outside this process: in-process writes change the key at once.
        .Expire(TimeSpan.FromSeconds(60));

    /// <summary>After authentication, so signed-in requests are known and bypass the cache; before <see cref="CompressionExtensions.UseCompression"/>.</summary>
    public static WebApplication UseRecordCache(this WebApplication app)
    {
        app.UseOutputCache();
        return app;
    }
}
