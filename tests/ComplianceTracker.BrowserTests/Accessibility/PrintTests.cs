using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace ComplianceTracker.BrowserTests.Accessibility;

/// <summary>
/// Printing from the browser: the report page prints on US Letter like the PDF editions, while every other page
/// keeps the paper the reader's printer is set to (here A4).
/// </summary>
public sealed class PrintTests : BrowserTest
{
    private const double LetterWidth = 612, LetterHeight = 792;
    private const double A4Width = 595.28, A4Height = 841.89;

    [OneTimeSetUp]
    public Task WaitForTheFirstEdition() => App.WaitForEditionAsync(1);

    [TestCase("/reports/current", LetterWidth, LetterHeight)]
    [TestCase("/", A4Width, A4Height)]
    [TestCase("/deficiencies/D-01", A4Width, A4Height)]
    public async Task Print_UsesLetterOnlyForTheReport(string path, double width, double height)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });

        using var document = PdfDocument.Open(pdf);
        var first = document.GetPage(1);
        Assert.Multiple(() =>
        {
            Assert.That(first.Width, Is.EqualTo(width).Within(1), $"{path}: page width in points");
            Assert.That(first.Height, Is.EqualTo(height).Within(1), $"{path}: page height in points");
        });
    }
}
