using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Requests;
using UglyToad.PdfPig;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>The letter's PDF: the page's text, on one Letter page, with nothing of the site's frame around it.</summary>
public sealed class LetterPdfTests
{
    private static readonly string Family = ReportFonts.Install().Family;

    private static string Letter(int paragraphs) =>
        "Ana Ruiz\nNational Union of Healthcare Workers\n\n7 December 2026\n\nRecords Officer\nCalifornia Department of Managed Health Care\n\n"
        + "Re: Request for records\n\n"
        + string.Join("\n\n", Enumerable.Repeat("The agency determines within 10 days of receipt whether the records asked for are disclosable (Gov. Code § 7922.535(a)).", paragraphs))
        + "\n\nSincerely,\n\n\n\nAna Ruiz\n";

    [Test]
    public void Render_GivesOnePage_WithTheTextsLines_AndNoFrame()
    {
        var pdf = RequestLetterPdf.Render(new LetterDocument("Letter of records request R-1 to DMHC", Letter(3), new DateOnly(2026, 12, 7), "1|draft"), Family);
        using var document = PdfDocument.Open(pdf.Bytes);
        var lines = document.GetPage(1).GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderByDescending(g => g.Key)
            .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages, Is.EqualTo(1));
            Assert.That(lines[0], Is.EqualTo("Ana Ruiz"), "the address block keeps its lines");
            Assert.That(lines[1], Is.EqualTo("National Union of Healthcare Workers"));
            Assert.That(lines, Has.None.Contains("Page 1 of 1"));
            Assert.That(document.Information.Title, Is.EqualTo("Letter of records request R-1 to DMHC"));
        });
    }

    [Test]
    public void Render_IsTheSameBytesForTheSameLetter()
    {
        var letter = new LetterDocument("Letter", Letter(2), new DateOnly(2026, 12, 7), "1|draft");
        var first = RequestLetterPdf.Render(letter, Family).Bytes;
        var second = RequestLetterPdf.Render(letter, Family).Bytes;
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void ALongLetter_IsSetSmallerToFitOnePage_AndOneTooLongForAnyTypeDoesNotFit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RequestLetterPdf.Render(new LetterDocument("Letter", Letter(16), new DateOnly(2026, 12, 7), "2"), Family).Pages, Is.EqualTo(1));
            Assert.That(RequestLetterPdf.Fits(Letter(16), Family), Is.True);
            Assert.That(RequestLetterPdf.Fits(Letter(60), Family), Is.False);
        });
    }
}
