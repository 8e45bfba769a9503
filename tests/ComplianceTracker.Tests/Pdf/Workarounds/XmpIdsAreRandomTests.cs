using System.Text.RegularExpressions;
using ComplianceTracker.Web.Pdf.Workarounds;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="XmpIdsAreRandom"/>. When the first test fails, PDFsharp writes the same XMP identifiers for the same
/// document: delete the workaround and this file.
/// </summary>
public sealed class XmpIdsAreRandomTests
{
    [Test]
    public void PdfSharp_WritesFreshXmpIds_WhenTheSameDocumentIsSavedTwice()
    {
        var first = Ids(PlainPdf.Save(PlainPdf.Document()));
        var second = Ids(PlainPdf.Save(PlainPdf.Document()));

        Assert.Multiple(() =>
        {
            Assert.That(first.Document, Is.Not.Empty);
            Assert.That(second.Document, Is.Not.EqualTo(first.Document), "xmpMM:DocumentID is a fresh GUID, not the file identifier");
            Assert.That(second.Instance, Is.Not.EqualTo(first.Instance), "and so is xmpMM:InstanceID");
        });
    }

    [Test]
    public void Fix_DerivesBothIdsFromTheFileIdentifier_WithoutMovingAByte()
    {
        var saved = PlainPdf.Save(PlainPdf.Document());
        var again = PlainPdf.Save(PlainPdf.Document());
        XmpIdsAreRandom.Fix(saved, PlainPdf.Id);
        XmpIdsAreRandom.Fix(again, PlainPdf.Id);
        var ids = Ids(saved);

        Assert.Multiple(() =>
        {
            Assert.That(ids.Document, Is.EqualTo(new Guid(PlainPdf.Id.Select(c => (byte)c).ToArray()).ToString()));
            Assert.That(ids.Instance, Is.Not.EqualTo(ids.Document));
            Assert.That(Ids(again), Is.EqualTo(ids), "the same identifier, the same XMP ids");
            Assert.That(saved, Has.Length.EqualTo(again.Length));
        });
    }

    private static (string Document, string Instance) Ids(byte[] pdf)
    {
        var xmp = PlainPdf.Xmp(pdf);
        return (Regex.Match(xmp, "<xmpMM:DocumentID>uuid:([^<]*)<").Groups[1].Value, Regex.Match(xmp, "<xmpMM:InstanceID>uuid:([^<]*)<").Groups[1].Value);
    }
}
