using System.Text;
using ComplianceTracker.Web.Features.Evidence;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>The words of an archived PDF, page or text file, and none (never an exception) from anything else.</summary>
public class DocumentTextTests
{
    [Test]
    public void Extract_GivesOneStringAPage_WhenThePdfHasThreePages()
    {
        var pages = DocumentText.Extract(SourceDocuments.ThreePagePdf, "application/pdf");

        Assert.That(pages, Has.Count.EqualTo(3));
        Assert.Multiple(() =>
        {
            Assert.That(pages[0], Does.Contain("Letter of the Department of Managed Health Care"));
            Assert.That(pages[1], Does.Contain("the plan was told to file its answer."));
            Assert.That(pages[2], Does.Contain("The plan's \"corrective action plan\" - due on"));
        });
    }

    [Test]
    public void Find_ReturnsPage3_WhenThePassageDiffersFromThePdfOnlyInTypography()
    {
        var pages = DocumentText.Extract(SourceDocuments.ThreePagePdf, "application/pdf");

        Assert.Multiple(() =>
        {
            // Curly quotes and en dashes for the PDF's straight ones, doubled spaces, and a line break crossed.
            Assert.That(PassageMatch.Find(pages, "The plan\u2019s  \u201Ccorrective action plan\u201D \u2013 due on 1 March 2025 \u2013 was not carried out"),
                Is.EqualTo(new PassageLocation(3, 3)));
            Assert.That(PassageMatch.Find(pages, "the implementation of the remaining terms is overdue"), Is.EqualTo(new PassageLocation(3, 3)),
                "a word hyphenated at the line's end");
            Assert.That(PassageMatch.Find(pages, "the deadline passed without a filing"), Is.EqualTo(new PassageLocation(2, 3)),
                "a passage from the foot of page 2 to the top of page 3");
            Assert.That(PassageMatch.Find(pages, "the plan's \"corrective action plan\""), Is.Null, "the PDF has The, not the");
        });
    }

    [Test]
    public void Extract_ReadsOnlyTheVisibleText_WhenThePageHasScriptsAndStyles()
    {
        var text = DocumentText.Extract(Encoding.UTF8.GetBytes(SourceDocuments.Page), "text/html", "utf-8").Single();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("DMHC fines the plan"));
            Assert.That(text, Does.Contain("The Department said the plan\u2019s corrective action \u2013 filed late \u2013 was \u201Cincomplete\u201D."),
                "entities decoded, an inline element joined to its word");
            Assert.That(text, Does.Contain("first item\nsecond item"), "each block on its own line");
            Assert.That(text, Does.Not.Contain("script words").And.Not.Contain("color").And.Not.Contain("Turn on scripts")
                .And.Not.Contain("template words").And.Not.Contain("hidden words").And.Not.Contain("Release"));
            Assert.That(PassageMatch.Find([text], "the plan's corrective action - filed late - was \"incomplete\""), Is.EqualTo(new PassageLocation(1, 1)));
        });
    }

    [Test]
    public void Extract_KeepsBlocksApart_WhenTheMarkupHasNoSpaceBetweenThem()
    {
        var text = DocumentText.Extract("<p>one</p><p>two</p><div>three<br>four</div><table><tr><td>five</td><td>six</td></tr></table>"u8.ToArray(), "text/html").Single();
        Assert.That(text, Is.EqualTo("one\ntwo\nthree\nfour\nfive\nsix"));
    }

    [Test]
    public void Extract_ReadsThePagesOwnCharset_WhenTheServerGaveNone()
    {
        var page = Encoding.Latin1.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00E9 \u00AB ouvert \u00BB</p></body></html>");
        Assert.That(DocumentText.Extract(page, "text/html").Single(), Is.EqualTo("Caf\u00E9 \u00AB ouvert \u00BB"));
    }

    [Test]
    public void Extract_DecodesWithTheGivenCharset_WhenTextHasNoByteOrderMark()
    {
        var text = Encoding.Latin1.GetBytes("Caf\u00E9 cr\u00E8me");
        Assert.Multiple(() =>
        {
            Assert.That(DocumentText.Extract(text, "text/plain", "iso-8859-1").Single(), Is.EqualTo("Caf\u00E9 cr\u00E8me"));
            Assert.That(DocumentText.Extract("Caf\u00E9"u8.ToArray(), "text/plain").Single(), Is.EqualTo("Caf\u00E9"), "UTF-8 when none is given");
            Assert.That(DocumentText.Extract(text, "text/plain", "no-such-charset").Single(), Does.StartWith("Caf"), "an unknown charset falls back to UTF-8");
        });
    }

    [Test]
    public void Extract_HonoursTheByteOrderMark_OverTheGivenCharset()
    {
        var utf8 = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Caf\u00E9, \u201Cquoted\u201D")).ToArray();
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Caf\u00E9 in UTF-16")).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(DocumentText.Extract(utf8, "text/plain").Single(), Is.EqualTo("Caf\u00E9, \u201Cquoted\u201D"), "the mark itself is not text");
            Assert.That(DocumentText.Extract(utf16, "text/plain", "utf-8").Single(), Is.EqualTo("Caf\u00E9 in UTF-16"));
        });
    }

    [TestCase("text/csv", "a,b\n1,2")]
    [TestCase("text/markdown", "# Title\n\nWords.")]
    [TestCase("Text/Plain; charset=utf-8", "Words.")]
    public void Extract_ReadsTextKinds_AsOnePage(string mediaType, string content) =>
        Assert.That(DocumentText.Extract(Encoding.UTF8.GetBytes(content), mediaType), Is.EqualTo(new[] { content }));

    [Test]
    public void Extract_SniffsTheKind_WhenTheMediaTypeSaysNothing() =>
        Assert.That(DocumentText.Extract(SourceDocuments.ThreePagePdf, "application/octet-stream"), Has.Count.EqualTo(3));

    [TestCase("application/pdf")]
    [TestCase("text/html")]
    [TestCase("text/plain")]
    [TestCase("application/octet-stream")]
    [TestCase("image/png")]
    public void Extract_ReturnsNothing_WhenTheBytesAreGarbage(string mediaType)
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        Assert.That(DocumentText.Extract(garbage, mediaType), Is.Empty);
    }

    [Test]
    public void Extract_ReturnsNothing_WhenAPdfIsBrokenAfterItsHeader()
    {
        var broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"u8.ToArray();
        var truncated = SourceDocuments.ThreePagePdf[..200];
        Assert.Multiple(() =>
        {
            Assert.That(DocumentText.Extract(broken, "application/pdf"), Is.Empty);
            Assert.That(DocumentText.Extract(truncated, "application/pdf"), Is.Empty);
            Assert.That(DocumentText.Extract([], "application/pdf"), Is.Empty);
        });
    }

    [Test]
    public void Extract_ReturnsNothing_ForAnImage()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        Assert.That(DocumentText.Extract(png, "image/png"), Is.Empty);
    }

    [Test]
    public void Extract_DoesNotOverflow_WhenThePageIsNestedDeeply()
    {
        var deep = string.Concat(Enumerable.Repeat("<span>", 100_000)) + "deep words";
        Assert.That(DocumentText.Extract(Encoding.UTF8.GetBytes(deep), "text/html").Single(), Is.EqualTo("deep words"));
    }
}
