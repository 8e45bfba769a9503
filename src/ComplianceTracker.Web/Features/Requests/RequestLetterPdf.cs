using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
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
internal sealed partial class LetterWriter(PdfDocument document, LetterDocument letter, string family, double size, LayoutPlan? plan) : PdfLayout(document, family, plan)
{
    private readonly XFont body = new(family, size);
    private readonly XFont bold = new(family, size, XFontStyleEx.Bold);

    // A letter is not a page of the site: it carries its own letterhead, and no running head, footer or page number.
    protected override PageFrame Frame => PageFrame.None;

    protected override void Compose()
    {
        foreach (var (gap, lines) in Blocks(letter.Text))
        {
            // Each blank line before a paragraph keeps its space: the room left to sign in is the letter's own.
            y += size * 0.9 * gap;
            // The subject line stands out, as a letter's "Re:" does; the words are the text's own.
            var font = lines[0].StartsWith("Re: ", StringComparison.Ordinal) ? bold : body;
            Paragraph([.. lines.Select((line, i) => new Span(KeepCitations(line), font, Ink) { Break = i > 0 })], lineFactor: 1.3);
        }
    }

    /// <summary>"(Gov. Code § 7922.535(a))" is never broken across lines: its spaces are printed as no-break spaces.</summary>
    internal static string KeepCitations(string line) => Citation().Replace(line, m => m.Value.Replace(' ', '\u00A0'));

    [GeneratedRegex(@"\S+ \S+ § \S+")]
    private static partial Regex Citation();

    /// <summary>The text's paragraphs (runs of non-blank lines), each with the number of blank lines before it.</summary>
    internal static List<(int Gap, List<string> Lines)> Blocks(string text)
    {
        var blocks = new List<(int, List<string>)>();
        var current = new List<string>();
        var blank = 0;
        var gapBefore = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    blocks.Add((gapBefore, current));
                    current = [];
                    blank = 0;
                }
                blank++;
                continue;
            }
            if (current.Count == 0)
            {
                gapBefore = blocks.Count == 0 ? 0 : blank;
            }
            current.Add(line);
        }
        if (current.Count > 0)
        {
            blocks.Add((gapBefore, current));
        }
        return blocks;
    }
}
