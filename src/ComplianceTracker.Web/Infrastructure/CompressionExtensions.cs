using System.Diagnostics.Metrics;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Brotli or gzip for every text answer (pages, CSV, JSON, Atom, iCalendar) to clients that ask for it. The step sits
/// inside the output cache (<see cref="UseCompression"/> right after <see cref="RecordCacheExtensions.UseRecordCache"/>),
/// so the bytes the cache captures are already compressed: the record policy keeps one entry per encoding
/// (<see cref="Negotiate"/>), and a page is compressed once per cached version, not once per request. PDFs are not
/// compressed again (their streams are Flate-compressed inside), nor are the stylesheet and script, which MapStaticAssets
/// serves from files compressed at build time.
/// </summary>
public static class CompressionExtensions
{
    /// <summary>The meter whose counter says how many responses the app itself compressed (dotnet-counters, the tests).</summary>
    public const string MeterName = "ComplianceTracker.Compression";

    public const string CompressedCounter = "compliancetracker.responses.compressed";

    /// <summary>What is compressed: the text the app writes. application/pdf is deliberately absent.</summary>
    public static readonly string[] MimeTypes =
    [
        "text/html", "text/plain", "text/css", "text/csv", "text/calendar", "text/javascript", "application/javascript",
        "application/json", "application/problem+json", "application/atom+xml", "application/xml", "image/svg+xml",
    ];

    public static WebApplicationBuilder AddCompression(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CompressionCount>();
        builder.Services.AddResponseCompression(options =>
        {
            // Off by default over HTTPS because of BREACH, which needs a secret repeated in every body beside text an
            // attacker chooses. No body here repeats one: the only secret a page carries, the antiforgery token of a
            // form, is encrypted afresh for each response, and cookies are never written into a page.
            options.EnableForHttps = true;
            // In order of preference when a client accepts both equally.
            options.Providers.Add<BrotliProvider>();
            options.Providers.Add<GzipProvider>();
            options.MimeTypes = MimeTypes;
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, VaryAlwaysProvider>());
        return builder;
    }

    /// <summary>
    /// After <see cref="RecordCacheExtensions.UseRecordCache"/>: what this step writes is what the output cache stores, so a
    /// cached page is served compressed without compressing it again.
    /// </summary>
    public static WebApplication UseCompression(this WebApplication app)
    {
        app.UseResponseCompression();
        return app;
    }

    /// <summary>
    /// The coding this request's text answers get: "br", "gzip" or "identity". The cache varies by this rather than by
    /// Accept-Encoding itself, which browsers and tools spell in dozens of ways ("gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8").
    /// </summary>
    public static string Negotiate(HttpContext context) =>
        context.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(context)?.EncodingName ?? "identity";

    /// <summary>
    /// The coding the compression step will give a response of <paramref name="contentType"/> to this request, or null
    /// when it is sent as it is. Asks the same provider the middleware asks, so the answer is the one the middleware reaches.
    /// </summary>
    public static string? EncodingFor(HttpContext context, string contentType)
    {
        var provider = context.RequestServices.GetRequiredService<IResponseCompressionProvider>();
        // ShouldCompressResponse reads the response's type (and whether it is already encoded or a range); the type is
        // put back after, so a 304 answered instead of the body carries none.
        var type = context.Response.ContentType;
        context.Response.ContentType = contentType;
        try
        {
            return provider.ShouldCompressResponse(context) ? provider.GetCompressionProvider(context)?.EncodingName : null;
        }
        finally
        {
            context.Response.ContentType = type;
        }
    }

    /// <summary>Counts each compression, by encoding: a response served from the cache is not counted, having been compressed once already.</summary>
    public sealed class CompressionCount
    {
        private readonly Counter<long> counter;

        public CompressionCount(IMeterFactory meters) =>
            counter = meters.Create(MeterName).CreateCounter<long>(CompressedCounter, unit: "{response}",
                description: "Responses the app compressed; those served compressed from the output cache or from build-time files are not counted.");

        public void Add(string encoding) => counter.Add(1, new KeyValuePair<string, object?>("encoding", encoding));
    }

    /// <summary>
    /// ASP.NET Core's provider leaves a request without Accept-Encoding out of the step altogether, so its answer carries
    /// no "Vary: Accept-Encoding", and a shared cache in front (the sample nginx's proxy_cache) could keep that
    /// uncompressed copy as the page for everyone. Taking every request in adds Vary to each response that could be
    /// compressed, and still compresses only for clients that ask.
    /// </summary>
    private sealed class VaryAlwaysProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider framework = new(services, options);

        public bool CheckRequestAcceptsCompression(HttpContext context) => true;

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => framework.GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) => framework.ShouldCompressResponse(context);
    }

    // ASP.NET Core's own providers default to their fastest level (Brotli quality 1). Measured on the timeline page
    // (137 KB of HTML) on the 2-core machine: Brotli quality 1 gives 22.4 KB in 0.2 ms, 5 gives 17.9 KB in 1.3 ms,
    // 9 gives 17.4 KB in 14 ms and 11 gives 15.6 KB in 127 ms; gzip level 6 gives 19.8 KB in 0.8 ms and 9 nothing
    // more. A page is compressed once per cached version, but a query string the cache has not seen is compressed on
    // its request: quality 5 keeps that below the page's own rendering while taking nearly all of the saving.
    private sealed class BrotliProvider(CompressionCount count) : ICompressionProvider
    {
        public string EncodingName => "br";

        public bool SupportsFlush => true;

        public Stream CreateStream(Stream outputStream)
        {
            count.Add(EncodingName);
            return new BrotliStream(outputStream, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true);
        }
    }

    private sealed class GzipProvider(CompressionCount count) : ICompressionProvider
    {
        public string EncodingName => "gzip";

        public bool SupportsFlush => true;

        public Stream CreateStream(Stream outputStream)
        {
            count.Add(EncodingName);
            return new GZipStream(outputStream, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true);
        }
    }
}
