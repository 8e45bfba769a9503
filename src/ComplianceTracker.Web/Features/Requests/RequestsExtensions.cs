using System.Globalization;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ComplianceTracker.Web.Features.Requests;

public static class RequestsExtensions
{
    /// <summary>
    /// Records requests: the laws read from their files, the stores, the daily check (registered with every recurring job
    /// in ReportSchedules), and an upload limit on the forms that take the agency's documents (Evidence:MaxBytes).
    /// </summary>
    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestsOptions>()
            .BindConfiguration(RequestsOptions.Section)
            .Validate(o => ReportSchedules.CheckCron(o.DailyCron) is null, "Requests:DailyCron must be a five-field cron expression that fires at most hourly.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var configured = services.GetRequiredService<IOptions<RequestsOptions>>().Value.LawsDirectory;
            var paths = services.GetRequiredService<AppPaths>();
            var inRepository = paths.Resolve(Path.Combine("data", "laws"));
            var directory = !string.IsNullOrWhiteSpace(configured) ? paths.Resolve(configured)
                : Directory.Exists(inRepository) ? inRepository
                : Path.Combine(AppContext.BaseDirectory, "laws");
            return RecordsLaws.Load(directory);
        });
        builder.Services.AddSingleton<RecordsAgencyStore>();
        builder.Services.AddSingleton<RecordsRequestStore>();
        builder.Services.AddSingleton<RequestFileStore>();
        builder.Services.AddSingleton<RequestsQuery>();
        builder.Services.AddSingleton<RequestsData>();
        builder.Services.AddScoped<RequestsView>();
        builder.Services.AddTransient<RecordsRequestJob>();
        // The draft form also edits a draft, as the timeline's and the sources' forms add and edit.
        builder.Services.Configure<RazorPagesOptions>(pages => pages.Conventions.AddPageRoute("/Requests/Draft", "requests/{id:long}/edit"));
        builder.Services.AddOptions<RazorPagesOptions>().Configure<IOptions<EvidenceOptions>>((pages, evidence) =>
        {
            var limit = evidence.Value.MaxBytes + 1024 * 1024;
            foreach (var page in new[] { "/Requests/Record", "/Requests/AddFile" })
            {
                pages.Conventions.AddPageApplicationModelConvention(page, model =>
                {
                    model.EndpointMetadata.Add(new RequestSizeLimitAttribute(limit));
                    model.EndpointMetadata.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
                });
            }
        });
        return builder;
    }

    /// <summary>
    /// The staff-only downloads of a request: its letter as a one-page PDF (the draft, or a letter on record) and its
    /// documents. Neither is ever public: a document becomes public only when it is made a source of the case.
    /// </summary>
    public static WebApplication MapRequests(this WebApplication app)
    {
        var laws = app.Services.GetRequiredService<RecordsLaws>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Requests");
        foreach (var problem in laws.Problems)
        {
            logger.LogError("{Problem}", problem);
        }
        logger.LogInformation("Records laws on file in {Directory}: {Laws}.", laws.Directory, string.Join(", ", laws.All.Select(l => l.Key)));

        app.MapGet("/requests/{id:long}/letter.pdf", async (HttpContext context, long id, long? letter, RequestsQuery query, ReportFonts fonts) =>
            {
                if (await query.FindAsync(id, includePrivate: true, context.RequestAborted) is not { } r)
                {
                    return Results.NotFound();
                }
                var document = Letter(r, letter);
                if (document is null)
                {
                    return Results.NotFound();
                }
                NoStore(context.Response);
                var pdf = RequestLetterPdf.Render(document, fonts.Family);
                var name = string.Create(CultureInfo.InvariantCulture, $"records-request-{r.Request.Number.ToLowerInvariant()}{(letter is { } l ? $"-letter-{l}" : "-draft")}.pdf");
                return Results.File(pdf.Bytes, "application/pdf", name);
            })
            .RequireAuthorization(Policies.Editor);

        app.MapGet("/requests/{id:long}/files/{fileId:long}", async (HttpContext context, long id, long fileId, RequestFileStore files) =>
            {
                if (await files.FindAsync(id, fileId, context.RequestAborted) is not { } file)
                {
                    return Results.NotFound();
                }
                var content = await files.ReadContentAsync(fileId, context.RequestAborted);
                if (content is null || EvidenceArchive.Sha256Of(content) != file.Sha256)
                {
                    return Results.Problem($"This document is not served: its stored bytes no longer match the SHA-256 recorded when it was added ({file.Sha256}). Restore it from a backup.", statusCode: StatusCodes.Status503ServiceUnavailable);
                }
                NoStore(context.Response);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
                return Results.File(content, MediaTypes.Served(file.MediaType), $"{r(id)}-{file.Sha256[..12]}{MediaTypes.Extension(file.MediaType)}");
            })
            .RequireAuthorization(Policies.Editor);
        return app;

        static string r(long id) => RecordsRequest.Numbered(id).ToLowerInvariant();
    }

    /// <summary>The letter to print: the draft (while not sent), or a letter on record by its id.</summary>
    public static LetterDocument? Letter(RequestRecord r, long? letterId)
    {
        if (letterId is { } id)
        {
            return r.Letters.FirstOrDefault(l => l.Id == id) is { } stored
                ? new LetterDocument(
                    $"{(stored.Kind == RequestLetter.FollowUp ? "Follow-up letter" : "Letter")} of records request {r.Request.Number} to {r.Agency.Name}",
                    stored.Text,
                    DateOnly.FromDateTime(stored.DraftedAt.UtcDateTime),
                    $"{r.Request.Id}|{stored.Id}|{EvidenceArchive.Sha256Of(System.Text.Encoding.UTF8.GetBytes(stored.Text))}")
                : null;
        }
        return new LetterDocument(
            $"Letter of records request {r.Request.Number} to {r.Agency.Name}",
            r.SentLetter?.Text ?? r.Request.Letter,
            DateOnly.FromDateTime(r.Request.ChangedAt.UtcDateTime),
            $"{r.Request.Id}|draft|{EvidenceArchive.Sha256Of(System.Text.Encoding.UTF8.GetBytes(r.SentLetter?.Text ?? r.Request.Letter))}");
    }

    // Staff-only answers carry the requester's address: no shared cache may keep them.
    private static void NoStore(HttpResponse response) =>
        response.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true, Private = true }.ToString();
}
