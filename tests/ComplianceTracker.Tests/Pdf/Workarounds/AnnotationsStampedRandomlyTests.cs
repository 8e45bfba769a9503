using System.Text.RegularExpressions;
using ComplianceTracker.Web.Pdf.Workarounds;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="AnnotationsStampedRandomly"/>. When the first test fails, PDFsharp no longer stamps a link with a
/// random name and the time of the run: delete the workaround and this file.
/// </summary>
public sealed class AnnotationsStampedRandomlyTests
{
    [Test]
    public void PdfSharp_StampsEachLinkWithARandomNameAndTheTime()
    {
        var first = PlainPdf.Latin1(PlainPdf.Save(PlainPdf.Document()));
        var second = PlainPdf.Latin1(PlainPdf.Save(PlainPdf.Document()));

        Assert.Multiple(() =>
        {
            Assert.That(Names(first), Has.Count.EqualTo(2), "a name (/NM) on each page's link");
            Assert.That(Names(second), Is.Not.EqualTo(Names(first)), "PDFsharp 6.2.4 names each annotation with a fresh GUID");
            Assert.That(first, Does.Match(@"/M\s*\(D:"), "and stamps it with the time of the run (/M)");
        });
    }

    [Test]
    public void Fix_NamesEachLinkByItsPlace_AndLeavesTheTimeOut()
    {
        var document = PlainPdf.Document();
        AnnotationsStampedRandomly.Fix(document);
        var text = PlainPdf.Latin1(PlainPdf.Save(document));

        Assert.Multiple(() =>
        {
            Assert.That(Names(text), Is.EqualTo(new[] { "link-1-1", "link-2-1" }));
            Assert.That(text, Does.Not.Match(@"/M\s*\(D:"));
        });
    }

    private static List<string> Names(string pdf) =>
        Regex.Matches(pdf, @"/NM\s*\(([^)]*)\)").Select(m => m.Groups[1].Value).ToList();
}
