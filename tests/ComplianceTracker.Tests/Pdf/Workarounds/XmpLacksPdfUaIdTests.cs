using ComplianceTracker.Web.Pdf.Workarounds;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="XmpLacksPdfUaId"/>. When the first test fails, PDFsharp declares PDF/UA in the XMP of a document
/// tagged through its UAManager: delete the workaround (and this file), or the identifier would be written twice.
/// </summary>
public sealed class XmpLacksPdfUaIdTests
{
    [Test]
    public void PdfSharp_LeavesThePdfUaIdOutOfTheXmp_OfADocumentItTagged()
    {
        var xmp = PlainPdf.Xmp(PlainPdf.Save(PlainPdf.Document(tagged: true)));

        Assert.That(xmp, Does.Not.Contain("pdfuaid"));
    }

    [Test]
    public void Fix_DeclaresPdfUa1_InAPacketOfTheSameLength()
    {
        var saved = PlainPdf.Save(PlainPdf.Document(tagged: true));
        var length = saved.Length;
        var before = PlainPdf.Xmp(saved);
        XmpLacksPdfUaId.Fix(saved);
        var xmp = PlainPdf.Xmp(saved);

        Assert.Multiple(() =>
        {
            Assert.That(xmp, Does.Contain("<pdfuaid:part>1</pdfuaid:part>").And.Contain("xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""));
            Assert.That(xmp, Has.Length.EqualTo(before.Length), "no offset in the file moves");
            Assert.That(saved, Has.Length.EqualTo(length));
            Assert.That(System.Xml.Linq.XDocument.Parse(xmp[xmp.IndexOf("<x:xmpmeta", StringComparison.Ordinal)..].TrimEnd()).Root, Is.Not.Null, "still well-formed XML");
        });
    }
}
