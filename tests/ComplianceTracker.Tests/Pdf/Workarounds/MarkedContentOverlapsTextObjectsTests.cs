using System.Text.RegularExpressions;
using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="MarkedContentOverlapsTextObjects"/>. When the first test fails, PDFsharp closes a marked-content
/// sequence inside the text object it opened it in: delete the workaround and draw directly.
/// </summary>
public sealed class MarkedContentOverlapsTextObjectsTests
{
    [Test]
    public void PdfSharp_EndsAMarkedContentOutsideTheTextObjectItBeganIn_WhenAnElementDrawsTextThenALine()
    {
        var operators = Operators(workaround: false);

        Assert.That(FirstOverlap(operators), Is.Not.Null, "PDFsharp 6.2.4 writes EMC after the ET that the line's drawing needed: " + string.Join(' ', operators));
    }

    [Test]
    public void Enter_KeepsEachMarkedContentInsideOneTextObjectOrOutsideAll()
    {
        var operators = Operators(workaround: true);

        Assert.Multiple(() =>
        {
            Assert.That(FirstOverlap(operators), Is.Null, string.Join(' ', operators));
            Assert.That(operators.Count(o => o == "BDC"), Is.EqualTo(2), "the paragraph's text and its line, each a sequence of its own (and the rule an artifact): " + string.Join(' ', operators));
        });
    }

    /// <summary>The marked-content and text-object operators of a page whose paragraph draws words, then a rule under them.</summary>
    private static List<string> Operators(bool workaround)
    {
        var document = new PdfDocument();
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        var tags = UAManager.ForDocument(document).StructureBuilder;
        var page = document.AddPage();
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            // A rule first, as the layout draws each page's frame first: PDFsharp's first drawing on a page sets up its
            // coordinates, ending a text object to do so, which is no part of the defect shown here.
            tags.BeginArtifact();
            if (workaround)
            {
                MarkedContentOverlapsTextObjects.Enter(tags, gfx, text: false);
            }
            gfx.DrawLine(XPens.Gray, 50, 40, 300, 40);
            tags.End();
            tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
            if (workaround)
            {
                MarkedContentOverlapsTextObjects.Enter(tags, gfx, text: true);
            }
            gfx.DrawString("Words", new XFont(PlainPdf.Family, 10), XBrushes.Black, 50, 60);
            if (workaround)
            {
                MarkedContentOverlapsTextObjects.Enter(tags, gfx, text: false);
            }
            gfx.DrawLine(XPens.Black, 50, 64, 300, 64);
            tags.End();
            tags.EndMarkedContentsWithId();
        }
        var content = string.Concat(PlainPdf.Streams(PlainPdf.Save(document))
            .Select(s => PlainPdf.Latin1(s.Data))
            .Where(s => s.Contains("BDC", StringComparison.Ordinal)));
        return Regex.Matches(content, @"(?<=^|[\s>\]])(BT|ET|BDC|BMC|EMC)(?=\s|$)").Select(m => m.Value).ToList();
    }

    /// <summary>Where a text object and a marked-content sequence first overlap (one ends while the other, opened inside it, is open), or null.</summary>
    private static int? FirstOverlap(IReadOnlyList<string> operators)
    {
        var open = new Stack<char>();
        for (var i = 0; i < operators.Count; i++)
        {
            switch (operators[i])
            {
                case "BT":
                    open.Push('T');
                    break;
                case "BDC" or "BMC":
                    open.Push('M');
                    break;
                case "ET" when open.Count == 0 || open.Pop() != 'T':
                case "EMC" when open.Count == 0 || open.Pop() != 'M':
                    return i;
            }
        }
        return null;
    }
}
