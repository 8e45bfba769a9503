using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Answers a GET with a body and a strong ETag taken from its bytes, or 304 when the client already has those bytes.
/// Readers revalidate every time (no-cache), so an edit shows at once while unchanged data costs no download.
/// </summary>
public static class ConditionalGet
{
    public static IResult Respond(HttpContext context, byte[] body, string contentType, string? downloadName = null, DateTimeOffset? lastModified = null)
    {
        // A strong tag names one representation's exact bytes, and the Brotli and gzip encodings of a body are other
        // bytes (RFC 9110 8.8.3): each gets a tag of its own, "…-br", "…-gzip", as it is cached separately too.
        var coding = CompressionExtensions.EncodingFor(context, contentType);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + (coding is null ? "" : "-" + coding) + "\"");
        var response = context.Response;
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "public, no-cache";
        if (lastModified is { } modified)
        {
            response.Headers.LastModified = modified.ToString("R");
        }
        if (downloadName is not null)
        {
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = downloadName, FileName = downloadName }.ToString();
        }

        var request = context.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(body, contentType);
    }

    /// <summary>A 400 whose body says what was wrong with the query, as RFC 7807 problem details.</summary>
    public static IResult BadQuery(string problem) =>
        Results.Problem(title: "Bad query", detail: problem, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);
}
