using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// A stored copy of a source's document: what it is, where and when it came from, and its SHA-256. Its bytes are read
/// only to serve it (<see cref="ArchivedCopyStore.ReadContentAsync(long, CancellationToken)"/>).
/// </summary>
public sealed class ArchivedCopy
{
    public long Id { get; set; }
    public long SourceId { get; set; }
    public string SourceKey { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public string MediaType { get; set; } = "";
    public string? FileName { get; set; }

    /// <summary>"upload" or "fetch".</summary>
    public string Method { get; set; } = "";
    public string? RequestedUrl { get; set; }
    public string? RetrievedFrom { get; set; }
    public int? HttpStatus { get; set; }
    public DateTimeOffset RetrievedAt { get; set; }
    public string AddedBy { get; set; } = "";

    /// <summary>Pages of text read out of it; 0 when none could be read (an image, a scanned PDF).</summary>
    public int TextPages { get; set; }

    public const string Upload = "upload";
    public const string Fetch = "fetch";

    /// <summary>"PDF", "Web page", "Plain text", "Image (PNG)"…: the format in a reader's words.</summary>
    public string FormatLabel => MediaTypes.Label(MediaType);

    /// <summary>"1.2 MB", "48 KB", "900 bytes".</summary>
    public string SizeLabel => Format.Bytes(Bytes);

    /// <summary>Where a reader downloads it, and its text.</summary>
    public string Path => $"/sources/{Uri.EscapeDataString(SourceKey)}/copies/{Id}";

    public string TextPath => Path + ".txt";
}

/// <summary>The media types a copy may have, as a reader names them, and how each is served.</summary>
public static class MediaTypes
{
    public const string Pdf = "application/pdf";
    public const string Html = "text/html";
    public const string Text = "text/plain";

    /// <summary>What an editor may upload: documents and pictures of them.</summary>
    public static readonly IReadOnlyList<(string Type, string Label, string Extension)> Accepted =
    [
        (Pdf, "PDF", ".pdf"),
        (Html, "Web page", ".html"),
        ("application/xhtml+xml", "Web page", ".xhtml"),
        (Text, "Plain text", ".txt"),
        ("text/csv", "CSV table", ".csv"),
        ("image/png", "Image (PNG)", ".png"),
        ("image/jpeg", "Image (JPEG)", ".jpg"),
        ("image/gif", "Image (GIF)", ".gif"),
        ("image/webp", "Image (WebP)", ".webp"),
        ("image/tiff", "Image (TIFF)", ".tif"),
    ];

    public static bool IsAccepted(string mediaType) => Accepted.Any(a => a.Type == mediaType);

    public static string Label(string mediaType) =>
        Accepted.FirstOrDefault(a => a.Type == mediaType).Label ?? mediaType;

    public static string Extension(string mediaType) =>
        Accepted.FirstOrDefault(a => a.Type == mediaType).Extension ?? ".bin";

    /// <summary>
    /// The media type of an uploaded file: from its first bytes where they say (a PDF, an image), else from its name,
    /// so a browser's guess does not decide how it is stored. Null when it is none of <see cref="Accepted"/>.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> head, string? fileName)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "image/png";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (head.StartsWith("GIF8"u8))
        {
            return "image/gif";
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "image/tiff";
        }
        var extension = System.IO.Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension switch
        {
            ".html" or ".htm" => Html,
            ".xhtml" => "application/xhtml+xml",
            ".txt" or ".text" or ".md" => Text,
            ".csv" => "text/csv",
            _ => null,
        };
    }

    /// <summary>
    /// The type a copy is served with. A web page or anything a browser would run goes out as plain bytes to save: a
    /// copy is someone else's document, never rendered as a page of this site's origin.
    /// </summary>
    public static string Served(string mediaType) => mediaType switch
    {
        Pdf or "text/csv" or Text or "image/png" or "image/jpeg" or "image/gif" or "image/webp" or "image/tiff" => mediaType,
        _ => "application/octet-stream",
    };
}
