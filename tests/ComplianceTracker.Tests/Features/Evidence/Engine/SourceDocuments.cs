using ComplianceTracker.Web.Features.Reports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>The documents the engine's tests fetch and read: a three-page PDF made here with PDFsharp, and a page.</summary>
internal static class SourceDocuments
{
    /// <summary>Page 3 holds the quoted sentence, in straight quotes and hyphens, over three lines (one word hyphenated at a line's end).</summary>
    public static readonly string[][] PdfLines =
    [
        ["Letter of the Department of Managed Health Care", "Page one: the findings of the routine survey."],
        ["Page two: the plan was told to file its answer.", "The monitor wrote that the deadline"],
        [
            "passed without a filing. The plan's \"corrective action plan\" - due on",
            "1 March 2025 - was not carried out, and the imple-",
            "mentation of the remaining terms is overdue.",
        ],
    ];

    private static readonly Lazy<byte[]> Pdf = new(() =>
    {
        var family = ReportFonts.Install().Family;
        using var document = new PdfDocument();
        var font = new XFont(family, 11);
        foreach (var lines in PdfLines)
        {
            var page = document.AddPage();
            using var gfx = XGraphics.FromPdfPage(page);
            for (var i = 0; i < lines.Length; i++)
            {
                gfx.DrawString(lines[i], font, XBrushes.Black, 60, 80 + (i * 16));
            }
        }
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    });

    public static byte[] ThreePagePdf => Pdf.Value;

    public const string Page = """
        <!doctype html>
        <html lang="en">
        <head><title>Release</title><style>p { color: red; }</style><script>var hidden = "script words";</script></head>
        <body>
          <h1>DMHC fines the plan</h1>
          <p>The Department said the plan&rsquo;s <b>correct</b>ive action &ndash; filed late &ndash; was &ldquo;incomplete&rdquo;.</p>
          <noscript>Turn on scripts</noscript>
          <template><p>template words</p></template>
          <div hidden>hidden words</div>
          <ul><li>first item</li><li>second item</li></ul>
          <script>document.write("more script words")</script>
        </body>
        </html>
        """;
}
