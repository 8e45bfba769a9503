using ComplianceTracker.Web.Features.Reports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Tests.Support;

/// <summary>Documents to archive: real PDFs drawn with PDFsharp, one text a page.</summary>
public static class TestDocuments
{
    /// <summary>A PDF of as many pages as <paramref name="pages"/> gives, each page's text drawn line by line.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        var family = ReportFonts.Install().Family;
        using var document = new PdfDocument();
        var font = new XFont(family, 11);
        foreach (var text in pages)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            var y = 72.0;
            foreach (var line in Wrap(text, 80))
            {
                graphics.DrawString(line, font, XBrushes.Black, new XPoint(72, y));
                y += 16;
            }
        }
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > width && line.Length > 0)
            {
                yield return line;
                line = "";
            }
            line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0)
        {
            yield return line;
        }
    }
}
