using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceTracker.Web.Features.Reports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Tests.Pdf;

/// <summary>
/// Small documents made with plain PDFsharp, as the engine's workarounds meet them, and the few byte-level readings the
/// tests of those workarounds make of a saved file (streams, XMP, content operators).
/// </summary>
public static class PlainPdf
{
    /// <summary>The typeface the app sets reports in, with PDFsharp's font resolver installed as the app does it.</summary>
    public static string Family { get; } = ReportFonts.Install().Family;

    /// <summary>A fixed 16-byte file identifier, as the renderers give one.</summary>
    public const string Id = "0123456789abcdef";

    /// <summary>
    /// <paramref name="pages"/> pages of text, a rule and a web link each; tagged through PDFsharp's UAManager when
    /// asked, a paragraph per line. The same arguments make the same document, but for what PDFsharp makes up itself.
    /// </summary>
    public static PdfDocument Document(int pages = 2, bool tagged = false, int paragraphs = 3)
    {
        var document = new PdfDocument();
        document.Info.Title = "Plain";
        document.Info.CreationDate = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        document.Info.ModificationDate = document.Info.CreationDate;
        document.Internals.FirstDocumentID = Id;
        document.Internals.SecondDocumentID = Id;
        var tags = tagged ? UAManager.ForDocument(document).StructureBuilder : null;
        var font = new XFont(Family, 10);
        for (var p = 1; p <= pages; p++)
        {
            var page = document.AddPage();
            using var gfx = XGraphics.FromPdfPage(page);
            for (var i = 0; i < paragraphs; i++)
            {
                tags?.BeginElement(PdfBlockLevelElementTag.Paragraph);
                gfx.DrawString($"Page {p}, paragraph {i + 1}: plain words.", font, XBrushes.Black, 50, 60 + (i * 14));
                tags?.End();
            }
            if (tags is null)
            {
                gfx.DrawLine(XPens.Gray, 50, 40, 500, 40);
            }
            var link = PdfLinkAnnotation.CreateWebLink(new PdfRectangle(new XRect(50, 700, 100, 12)), $"https://example.org/{p}");
            if (tags is null)
            {
                page.Annotations.Add(link);
            }
            else
            {
                tags.BeginElement(link, "example");
                gfx.DrawRectangle(XBrushes.LightGray, 50, 80, 100, 12);
                tags.End();
            }
        }
        return document;
    }

    /// <summary>Saved as PDFsharp saves it, with its own options (compression on).</summary>
    public static byte[] Save(PdfDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>The XMP packet of a file whose metadata stream is not compressed (PDFsharp's and the saver's both).</summary>
    public static string Xmp(byte[] pdf)
    {
        var text = Latin1(pdf);
        var begin = text.IndexOf("<?xpacket begin", StringComparison.Ordinal);
        var end = text.IndexOf("<?xpacket end", begin, StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0), "the file has an XMP packet");
        return text[begin..end];
    }

    private static readonly Regex StreamKeyword = new(@">>\s*stream\r?\n");

    /// <summary>Each top-level stream's dictionary and raw data, in file order, each read to its /Length.</summary>
    public static IEnumerable<(string Dictionary, byte[] Data)> Streams(byte[] pdf)
    {
        var text = Latin1(pdf);
        var at = 0;
        while (StreamKeyword.Match(text, at) is { Success: true } keyword)
        {
            var dictionaryEnd = keyword.Index + 2;
            var header = text.LastIndexOf(" obj", dictionaryEnd, StringComparison.Ordinal);
            var dictionary = text[(header + 4)..dictionaryEnd];
            var dataAt = keyword.Index + keyword.Length;
            var length = int.Parse(Regex.Matches(dictionary, @"/Length (\d+)")[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            yield return (dictionary, pdf.AsSpan(dataAt, length).ToArray());
            at = dataAt + length;
        }
    }

    /// <summary>The data of a zlib stream, read as raw deflate after its two-byte header: what follows the deflate data is left unread.</summary>
    public static byte[] Inflate(byte[] zlib, out int consumed)
    {
        using var input = new MemoryStream(zlib, 2, zlib.Length - 2);
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true))
        {
            deflate.CopyTo(output);
        }
        consumed = 2 + (int)input.Position;
        return output.ToArray();
    }

    /// <summary>True when the zlib stream ends with the Adler-32 checksum of its data, as RFC 1950 asks.</summary>
    public static bool EndsWithAdler32(byte[] zlib)
    {
        var data = Inflate(zlib, out _);
        uint a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return zlib.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(zlib.AsSpan(zlib.Length - 4)) == ((b << 16) | a);
    }

    /// <summary>
    /// <c>qpdf --check</c> on the file: its exit code and what it printed. Ignores the test, saying how to install it,
    /// when qpdf is missing.
    /// </summary>
    public static (int ExitCode, string Output) QpdfCheck(byte[] pdf)
    {
        const string qpdf = "/usr/bin/qpdf";
        var path = File.Exists(qpdf) ? qpdf : FindOnPath("qpdf");
        if (path is null)
        {
            Assert.Ignore("qpdf is not installed: apt-get install qpdf (the CI script installs it).");
        }
        var file = Path.Combine(Path.GetTempPath(), $"ct-qpdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path!, ["--check", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
