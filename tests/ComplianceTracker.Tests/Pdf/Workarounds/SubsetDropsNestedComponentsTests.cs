using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Pdf.Fonts;
using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>Pins PDFsharp 6.2.4's defect (empira/PDFsharp issue 348) and the workaround the app's PDFs are saved with.</summary>
public sealed class SubsetDropsNestedComponentsTests
{
    // Each letter is a composite of a letter and a composite of two marks, in DejaVu Sans.
    private const string Text = "Nguyễn Tuyết · Lǘ · Ὅμηρος";

    private static readonly TrueTypeFont Face = TrueTypeFont.Open(Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Pdf", "Fonts", "DejaVuSans.ttf"));

    private static TrueTypeFont DrawAndSave(bool workaround)
    {
        ReportFonts.Install();
        var document = new PdfDocument();
        using (var gfx = XGraphics.FromPdfPage(document.AddPage()))
        {
            gfx.DrawString(Text, new XFont(BundledFonts.Family, 12), XBrushes.Black, 50, 50);
        }
        if (workaround)
        {
            SubsetDropsNestedComponents.AddMissingComponents(document);
        }
        using var saved = new MemoryStream();
        document.Save(saved);
        return EmbeddedFonts.Read(saved.ToArray()).Single().Font;
    }

    [Test]
    public void PlainPdfSharp_LeavesTheComponentsOfComponentsOut()
    {
        var subset = DrawAndSave(workaround: false);
        var e = Face.GlyphOf('ễ');
        var marks = Face.Components(e).Single(c => Face.Components(c).Count > 0); // circumflex-and-tilde

        Assert.Multiple(() =>
        {
            Assert.That(subset.HasOutline(e) && subset.HasOutline(marks), "ễ and its marks' composite are kept");
            Assert.That(Face.Components(marks).Where(subset.HasOutline), Is.Empty,
                "PDFsharp now keeps nested components (empira/PDFsharp issue 348 fixed?): remove SubsetDropsNestedComponents and its call in PdfFile.Save");
            Assert.That(subset.MissingComponents(), Is.Not.Empty);
        });
    }

    [Test]
    public void AddMissingComponents_KeepsEveryComponentAtEveryDepth()
    {
        var subset = DrawAndSave(workaround: true);
        IEnumerable<int> Parts(int glyph) => Face.Components(glyph).SelectMany(c => Parts(c).Prepend(c));
        var letters = "ễếǘὍ".Select(Face.GlyphOf).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(letters.SelectMany(Parts).Distinct().Count(), Is.GreaterThan(3 * letters.Count), "letters of more than one level");
            Assert.That(letters.Concat(letters.SelectMany(Parts)).Where(g => !subset.HasOutline(g)), Is.Empty);
            Assert.That(subset.MissingComponents(), Is.Empty);
        });
    }
}
