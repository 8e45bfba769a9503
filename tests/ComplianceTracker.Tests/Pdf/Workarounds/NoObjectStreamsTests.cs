using ComplianceTracker.Web.Pdf;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <c>NoObjectStreams</c> (the packing itself is tested by <c>PackObjectsTests</c>). When the first test fails,
/// PDFsharp writes object streams of its own: delete the workaround, and the saver's packing with it.
/// </summary>
public sealed class NoObjectStreamsTests
{
    [Test]
    public void PdfSharp_WritesLooseObjectsAndAClassicCrossReferenceTable()
    {
        var text = PlainPdf.Latin1(PlainPdf.Save(PlainPdf.Document(tagged: true)));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("/ObjStm"), "PDFsharp 6.2.4 writes no object stream");
            Assert.That(text, Does.Not.Contain("/Type/XRef").And.Not.Contain("/Type /XRef"), "nor a cross-reference stream");
            Assert.That(text, Does.Contain("\nxref\n").And.Contain("trailer"), "only a classic table");
        });
    }

    [Test]
    public void Save_PutsEveryObjectThatIsNotAStreamInAnObjectStream()
    {
        var text = PlainPdf.Latin1(PdfFile.Save(PlainPdf.Document(tagged: true), PlainPdf.Id, "packed"));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("/Type/ObjStm"));
            Assert.That(text, Does.Contain("/Type/XRef"));
            Assert.That(text, Does.Not.Contain("\nxref\n").And.Not.Contain("trailer"));
            // What is left outside the object streams is streams alone: page content, the font, the XMP, and the two kinds of index.
            Assert.That(System.Text.RegularExpressions.Regex.Matches(text, @"\d+ 0 obj\n<<(?:(?!>>\nstream).)*?>>\nendobj", System.Text.RegularExpressions.RegexOptions.Singleline), Is.Empty);
        });
    }
}
