using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// A letter to print and sign: its text, exactly as the page shows it to copy, on one Letter page. Blank lines part
/// its paragraphs and every line break is kept (an address block stays an address block). A long letter is set in a
/// smaller type until it fits one page; <see cref="RequestLetterPdf.Fits"/> tells a form when even the smallest does not.
/// </summary>
public sealed record LetterDocument(string Title, string Text, DateOnly Date, string Identity);

public static class RequestLetterPdf
{
    /// <summary>The type sizes tried, largest first; below the last a letter is too long for one page.</summary>
    private static readonly double[] Sizes = [11, 10.5, 10, 9.5, 9, 8.5, 8];

    public static RenderedPdf Render(LetterDocument letter, string fontFamily)
    {
        RenderedPdf? rendered = null;
        foreach (var size in Sizes)
        {
            rendered = RenderAt(letter, fontFamily, size);
            if (rendered.Pages == 1)
            {
                return rendered;
            }
        }
        return rendered!;
    }

    /// <summary>Whether the text fits one page in the smallest type tried.</summary>
    public static bool Fits(string text, string fontFamily) =>
        RenderAt(new LetterDocument("", text, new DateOnly(2000, 1, 1), "fit"), fontFamily, Sizes[^1]).Pages == 1;

    private static RenderedPdf RenderAt(LetterDocument letter, string fontFamily, double size)
    {
        var info = new PdfInfo(
            letter.Title,
            letter.Title,
            "records request, letter",
            Reports.ReportLayout.Author,
            new DateTime(letter.Date, TimeOnly.MinValue, DateTimeKind.Utc),
            PdfFile.Id("ComplianceTracker letter|" + letter.Identity),
            "letter-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(letter.Identity)))[..12]);
        return PdfLayout.Render(info, (d, plan) => new LetterWriter(d, letter, fontFamily, size, plan));
    }
}

/// <summary>Lays a letter's text out: one paragraph per block of lines, its line breaks kept.</summary>
internal sealed class LetterWriter(PdfDocument document, LetterDocument letter, string family, double size, LayoutPlan? plan) : PdfLayout(document, family, plan)
{
    private readonly XFont body = new(family, size);

    // A letter is not a page of the site: no running head, no address in the footer, only "Page 1 of 1".
    protected override PageFrame Frame => new("", "", "");

    protected override void Compose()
    {
        var blocks = Blocks(letter.Text);
        var first = true;
        foreach (var block in blocks)
        {
            if (!first)
            {
                y += size * 0.9;
            }
            first = false;
            Paragraph([.. block.Select((line, i) => new Span(line, body, Ink) { Break = i > 0 })], lineFactor: 1.3);
        }
    }

    /// <summary>The text's paragraphs: runs of non-blank lines.</summary>
    internal static List<List<string>> Blocks(string text)
    {
        var blocks = new List<List<string>>();
        var current = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    blocks.Add(current);
                    current = [];
                }
                continue;
            }
            current.Add(line);
        }
        if (current.Count > 0)
        {
            blocks.Add(current);
        }
        return blocks;
    }
}
