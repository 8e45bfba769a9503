using System.Text.RegularExpressions;
using ComplianceTracker.Web.Pdf.Workarounds;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="FontSubsetTagsAreRandom"/>. When the first test fails, PDFsharp names font subsets the same way on
/// every save: delete the workaround (and this file) and call nothing in its place.
/// </summary>
public sealed class FontSubsetTagsAreRandomTests
{
    [Test]
    public void PdfSharp_TagsFontSubsetsRandomly_WhenTheSameDocumentIsSavedTwice()
    {
        var first = Tags(PlainPdf.Save(PlainPdf.Document()));
        var second = Tags(PlainPdf.Save(PlainPdf.Document()));

        Assert.That(first, Is.Not.Empty, "the document embeds a font subset");
        Assert.That(second, Is.Not.EqualTo(first), "PDFsharp 6.2.4 draws each subset's six letters from a fresh GUID");
    }

    [Test]
    public void Fix_TagsFontSubsetsByTheirPlace_SoTheSameDocumentGivesTheSameTags()
    {
        byte[] Saved(string seed)
        {
            var document = PlainPdf.Document();
            FontSubsetTagsAreRandom.Fix(document, seed);
            return PlainPdf.Save(document);
        }

        var first = Tags(Saved("7"));
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Empty);
            Assert.That(Tags(Saved("7")), Is.EqualTo(first), "the same seed, the same tags");
            Assert.That(Tags(Saved("8")), Is.Not.EqualTo(first), "another document's subsets are told apart");
            Assert.That(first, Has.All.Match("^[A-Z]{6}$"), "six capital letters, as PDF asks of a subset tag");
        });
    }

    /// <summary>The six-letter tag of every subset name in the file ("/ABCDEF+DejaVuSans"), in file order.</summary>
    private static List<string> Tags(byte[] pdf) =>
        Regex.Matches(PlainPdf.Latin1(pdf), @"/(?:FontName|BaseFont)\s*/([A-Z]{6})\+").Select(m => m.Groups[1].Value).ToList();
}
