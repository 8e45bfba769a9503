using System.Text;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// The kind of a document from its first bytes, for sites that send no Content-Type or only application/octet-stream
/// (common for PDFs served from document stores). Only the kinds the tracker reads are told apart.
/// </summary>
internal static class MediaSniffing
{
    public const string Pdf = "application/pdf";
    public const string Html = "text/html";
    public const string Text = "text/plain";
    public const string Unknown = "application/octet-stream";

    /// <summary>The declared type, lower case without parameters, or the sniffed one when nothing useful was declared.</summary>
    public static string MediaType(string? declared, ReadOnlySpan<byte> content)
    {
        var type = (declared ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return type is "" or Unknown or "binary/octet-stream" ? Sniff(content) : type;
    }

    public static string Sniff(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 1024)];
        // PDF readers accept the header anywhere in the first kilobyte.
        if (head.IndexOf("%PDF-"u8) >= 0)
        {
            return Pdf;
        }
        if (head.IsEmpty)
        {
            return Unknown;
        }
        var start = head;
        if (start.StartsWith(Encoding.UTF8.Preamble))
        {
            start = start[3..];
        }
        start = start.TrimStart(" \t\r\n\f"u8);
        foreach (var tag in HtmlStarts)
        {
            if (start.Length >= tag.Length && Encoding.ASCII.GetString(start[..tag.Length]).Equals(tag, StringComparison.OrdinalIgnoreCase))
            {
                return Html;
            }
        }
        if (head.StartsWith(Encoding.UTF8.Preamble) || head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return Text;
        }
        // The bytes the WHATWG sniffing standard counts as binary: no text file has them.
        foreach (var b in head)
        {
            if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F))
            {
                return Unknown;
            }
        }
        return Text;
    }

    private static readonly string[] HtmlStarts = ["<!doctype html", "<html", "<head", "<body", "<title", "<!--", "<div", "<p>", "<p "];
}
