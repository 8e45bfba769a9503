using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace ComplianceTracker.BrowserTests.Accessibility;

/// <summary>
/// Printing from the browser: the report page prints on US Letter like the PDF editions, while every other page
/// keeps the paper the reader's printer is set to (here A4). The pages an aide prints come out in a few sheets,
/// with links as their words only.
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

    /// <summary>The pages an aide prints for a hearing, and the most Letter sheets each may take (half-inch margins).</summary>
    [TestCase("/", 3)]
    [TestCase("/timeline?kind=deadline", 4)]
    // Five since the record corrections of 7 December 2026 gave three terms their attributed statements (Kaiser's
    // account of the work plan and its quarterly reviews, the strike's appointment counts as each source gives them);
    // six since each term prints the exact words of its sources it rests on (30 passages, issue 27).
    [TestCase("/settlement", 6)]
    public async Task Print_TakesAFewLetterPages_WithoutSpelledOutAddresses(string path, int maxPages)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);

        var pdf = await page.PdfAsync(new PagePdfOptions
        {
            Format = "Letter",
            PrintBackground = true,
            Margin = new Margin { Top = "0.5in", Bottom = "0.5in", Left = "0.5in", Right = "0.5in" },
        });

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        TestContext.Out.WriteLine($"{path}: {document.NumberOfPages} Letter pages");
        Assert.Multiple(() =>
        {
            Assert.That(document.NumberOfPages, Is.LessThanOrEqualTo(maxPages), $"{path}: Letter pages");
            Assert.That(text, Does.Not.Contain("http://").And.Not.Contain("https://"), $"{path}: an address printed after its link");
            Assert.That(text, Does.Not.Contain("Every item citing it").And.Not.Contain("Jump to today"), $"{path}: links that lead nowhere on paper");
        });
    }

    [Test]
    public async Task Print_KeepsEachTableRowAndHeadingWhole_AndRepeatsTheTableHeader()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/settlement");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        var styles = await page.EvaluateAsync<string[]>("""
            () => {
                const row = getComputedStyle(document.querySelector('table.glance tbody tr'));
                const head = getComputedStyle(document.querySelector('table.glance thead'));
                const heading = getComputedStyle(document.querySelector('h2'));
                // A term's card may break between its facts (keeping cards whole left near-blank pages); each fact stays whole.
                const fact = getComputedStyle(document.querySelector('article.obligation dl.facts > dd'));
                return [row.breakInside, head.display, heading.breakAfter, fact.breakInside];
            }
            """);

        Assert.That(styles, Is.EqualTo(new[] { "avoid", "table-header-group", "avoid", "avoid" }));
    }
}
