using System.Text;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Evidence;

public static class EvidenceExtensions
{
    /// <summary>
    /// Archived copies, passages and the link check: their stores, the guarded fetcher, the weekly job, and an upload
    /// limit on the evidence form as large as the configured copy limit (Kestrel's own is 30 MB).
    /// </summary>
    public static WebApplicationBuilder AddEvidence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EvidenceOptions>()
            .BindConfiguration(EvidenceOptions.Section)
            .Validate(o => o.MaxBytes > 0, "Evidence:MaxBytes must be a number of bytes above 0.")
            .Validate(o => o.LinkCheckDelaySeconds >= 0, "Evidence:LinkCheckDelaySeconds must be 0 or more.")
            .Validate(o => Reports.ReportSchedules.CheckCron(o.LinkCheckCron) is null, "Evidence:LinkCheckCron must be a five-field cron expression that fires at most hourly.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ArchivedCopyStore>();
        builder.Services.AddSingleton<PassageStore>();
        builder.Services.AddSingleton<LinkCheckStore>();
        builder.Services.AddSingleton<EvidenceSearchStore>();
        builder.Services.AddSingleton<EvidenceArchive>();
        builder.Services.AddScoped<EvidenceView>();
        builder.Services.AddTransient<LinkHealthJob>();
        // The fetch guard (section Evidence:Fetch) names the site's public address in its User-Agent.
        builder.Services.AddSafeFetcher(sp => sp.GetRequiredService<Reports.ReportAddress>().BaseUrl);
        builder.Services.AddOptions<RazorPagesOptions>().Configure<IOptions<EvidenceOptions>>((pages, evidence) =>
        {
            // Room for the form's other fields and the multipart framing around a file of the largest size allowed.
            var limit = evidence.Value.MaxBytes + 1024 * 1024;
            pages.Conventions.AddPageApplicationModelConvention("/Evidence/Manage", model =>
            {
                model.EndpointMetadata.Add(new RequestSizeLimitAttribute(limit));
                model.EndpointMetadata.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
            });
        });
        return builder;
    }

    /// <summary>
    /// A copy's bytes (/sources/{key}/copies/{id}) and its text (….txt). A copy is someone else's document: it is sent
    /// as a download, never as a page of this site, and only after its bytes still hash to the SHA-256 on record.
    /// </summary>
    public static WebApplication MapEvidence(this WebApplication app)
    {
        app.MapGet("/sources/{key}/copies/{id:long}", async (HttpContext context, string key, long id, ArchivedCopyStore copies, CancellationToken cancellationToken) =>
        {
            if (await ReadCheckedAsync(context, key, id, copies, cancellationToken) is not ({ } copy, { } content))
            {
                return Results.Empty;
            }
            Protect(context.Response, copy.Sha256);
            var name = $"{copy.SourceKey}-{copy.Sha256[..12]}{MediaTypes.Extension(copy.MediaType)}";
            return Results.File(content, MediaTypes.Served(copy.MediaType), name, enableRangeProcessing: true);
        });
        app.MapGet("/sources/{key}/copies/{id:long}.txt", async (HttpContext context, string key, long id, ArchivedCopyStore copies, CaseClock clock, CancellationToken cancellationToken) =>
        {
            if (await ReadCheckedAsync(context, key, id, copies, cancellationToken) is not ({ } copy, _))
            {
                return Results.Empty;
            }
            var pages = await copies.ListPagesAsync(id, cancellationToken);
            Protect(context.Response, copy.Sha256 + "-text");
            return Results.Text(CopyText(copy, pages, clock), "text/plain; charset=utf-8", Encoding.UTF8);
        });
        return app;
    }

    /// <summary>The text of a copy as a reader downloads it: what it is read from, then each page under its number.</summary>
    public static string CopyText(ArchivedCopy copy, IReadOnlyList<string> pages, CaseClock clock)
    {
        var text = new StringBuilder();
        var when = Format.Day(clock.DateOf(copy.RetrievedAt));
        text.AppendLine(copy.Method == ArchivedCopy.Fetch
            ? $"Text read from the archived copy ({copy.FormatLabel}, {copy.SizeLabel}) retrieved {when} from {copy.RetrievedFrom}."
            : $"Text read from the archived copy ({copy.FormatLabel}, {copy.SizeLabel}) uploaded {when}.");
        text.AppendLine($"SHA-256 of the copy: {copy.Sha256}");
        if (pages.Count == 0)
        {
            text.AppendLine().AppendLine("No text could be read from this copy (an image, or a scan without a text layer).");
        }
        for (var i = 0; i < pages.Count; i++)
        {
            text.AppendLine().AppendLine(pages.Count > 1 ? $"--- Page {i + 1} of {pages.Count} ---" : "---").AppendLine(pages[i]);
        }
        return text.ToString();
    }

    private static async Task<(ArchivedCopy?, byte[]?)> ReadCheckedAsync(HttpContext context, string key, long id, ArchivedCopyStore copies, CancellationToken cancellationToken)
    {
        var copy = await copies.FindAsync(id, cancellationToken);
        if (copy is null || copy.SourceKey != key)
        {
            await Plain(context, StatusCodes.Status404NotFound, "There is no such archived copy.");
            return (null, null);
        }
        var content = await copies.ReadContentAsync(id, cancellationToken);
        if (content is null || EvidenceArchive.Sha256Of(content) != copy.Sha256)
        {
            context.RequestServices.GetRequiredService<ILogger<ArchivedCopy>>()
                .LogError("Archived copy {Id} of source {Key} no longer hashes to its recorded SHA-256 {Sha256}; not served.", id, key, copy.Sha256);
            await Plain(context, StatusCodes.Status503ServiceUnavailable,
                $"This archived copy is not served: its stored bytes no longer match the SHA-256 recorded when it was archived ({copy.Sha256}). Restore it from a backup.");
            return (null, null);
        }
        return (copy, content);
    }

    private static void Protect(HttpResponse response, string etag)
    {
        // Nothing in a copy may run as this site: no sniffing into HTML, and a sandbox should a browser show it anyway.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        // A copy never changes once stored.
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.ETag = $"\"{etag}\"";
    }

    private static Task Plain(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return context.Response.WriteAsync(message + "\n");
    }
}
