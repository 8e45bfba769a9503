using System.Text;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Pdf.Fonts;
using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>Pins PDFsharp 6.2.4 drawing decomposed marks unplaced, and the composing the app's PDFs are drawn with.</summary>
public sealed class CombiningMarksNotPositionedTests
{
    // Vietnamese's two marks on one letter, and a horned capital whose composed glyph is wider than its letter.
    private static readonly string Decomposed = "Nguyễn Ơn".Normalize(NormalizationForm.FormD);

    private static readonly TrueTypeFont Face = TrueTypeFont.Open(Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Pdf", "Fonts", "DejaVuSans.ttf"));

    /// <summary>The glyphs drawn (PdfPig's letters would merge the marks into theirs) and the width measured.</summary>
    private static (IReadOnlySet<int> Drawn, double Width) DrawAndMeasure(bool workaround)
    {
        ReportFonts.Install();
        var font = new XFont(BundledFonts.Family, 12);
        var document = new PdfDocument();
        if (workaround)
        {
            CombiningMarksNotPositioned.ComposeText(document);
        }
        using (var gfx = XGraphics.FromPdfPage(document.AddPage()))
        {
            gfx.DrawString(Decomposed, font, XBrushes.Black, 50, 50);
        }
        var measure = XGraphics.CreateMeasureContext(new XSize(600, 800), XGraphicsUnit.Point, XPageDirection.Downwards,
            workaround ? CombiningMarksNotPositioned.Events : null);
        var width = measure.MeasureString(Decomposed, font).Width;
        using var saved = new MemoryStream();
        document.Save(saved);
        return (EmbeddedFonts.Read(saved.ToArray()).Single().Drawn, width);
    }

    private static double ComposedWidth()
    {
        ReportFonts.Install();
        var measure = XGraphics.CreateMeasureContext(new XSize(600, 800), XGraphicsUnit.Point, XPageDirection.Downwards);
        return measure.MeasureString(Decomposed.Normalize(NormalizationForm.FormC), new XFont(BundledFonts.Family, 12)).Width;
    }

    private static bool Drew(IReadOnlySet<int> drawn, char c) => drawn.Contains(Face.GlyphOf(c));

    [Test]
    public void PlainPdfSharp_DrawsEachMarkAsAGlyphOfItsOwn_AndMeasuresThemAsNothing()
    {
        var (drawn, width) = DrawAndMeasure(workaround: false);
        Assert.Multiple(() =>
        {
            Assert.That(Drew(drawn, '\u0302') && Drew(drawn, '\u031B') && !Drew(drawn, 'ễ') && !Drew(drawn, 'Ơ'),
                "PDFsharp now composes or places marks itself: check whether CombiningMarksNotPositioned is still needed");
            Assert.That(width, Is.LessThan(ComposedWidth()), "Ơ measured as O");
        });
    }

    [Test]
    public void ComposeText_DrawsAndMeasuresTheComposedLetters()
    {
        var (drawn, width) = DrawAndMeasure(workaround: true);
        Assert.Multiple(() =>
        {
            Assert.That(Drew(drawn, 'ễ') && Drew(drawn, 'Ơ'), "the font's composed letters");
            Assert.That("\u0302\u0303\u031B".Where(c => Drew(drawn, c)), Is.Empty, "no mark of its own");
            Assert.That(width, Is.EqualTo(ComposedWidth()));
        });
    }
}
