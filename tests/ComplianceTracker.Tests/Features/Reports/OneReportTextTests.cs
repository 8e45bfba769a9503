using AngleSharp.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Reports.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// Issue 15, part 2: the report's words are written once (<see cref="ReportSections"/>) and rendered twice. For the
/// same model, every heading and sentence of <c>/reports/current</c> is in the PDF, and every heading, paragraph, list
/// item, table cell and chart of the PDF's structure tree is on the page, so neither rendering can say something the
/// other does not. Compared without whitespace and case: a PDF's line breaks fall between words, and its kickers are
/// set in capitals where the page's style sheet does the same.
/// </summary>
public sealed class OneReportTextTests
{
    private static string CaseFolder(string name) => Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", name);

    /// <summary>The first case with an edition and an assessment since (so a changes table and a provenance), and the test cases.</summary>
    [TestCase("seed")]
    [TestCase("nordmark")]
    [TestCase("harbor")]
    [TestCase("tideway")]
    public async Task ThePageAndThePdf_SayTheSameThings(string which)
    {
        using var app = which == "seed" ? new TestApp() : new TestApp(seedDirectory: CaseFolder(which));
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        if (which == "seed")
        {
            using var editor = await app.SignedInClientAsync("Editor");
            await editor.RecordAssessmentAsync("D-03", "regulator:corrected", "DMHC letter says D-03 is corrected.");
        }

        var page = await app.GetDocumentAsync("/reports/current");
        // The model the page was read from: the same record at the same instant, as the page's own handler builds it.
        var model = await app.BuildNowAsync(await app.Editions().LatestAsync()) with { Draft = true };
        var pdf = TaggedPdf.Read(StatusReportPdf.Render(model, app.Services.GetRequiredService<ReportFonts>().Family).Bytes);

        var pdfText = SameWords.Squeeze(pdf.Root!.Text(pdf));
        var html = page.QuerySelector(".report-now")!;
        var htmlText = SameWords.Squeeze(string.Concat(html.Descendants<IText>().Where(t => !Chrome(t.ParentElement!)).Select(t => t.Data)));

        // Page → PDF: each heading and each sentence of each paragraph, list item and cell.
        var missing = ReportBlocks(html)
            .SelectMany(e => SameWords.Sentences(e.TextContent))
            .Where(s => !pdfText.Contains(SameWords.Squeeze(s), StringComparison.Ordinal))
            .ToList();
        Assert.That(missing, Is.Empty, "sentences of the page the PDF does not have");

        // PDF → page: each block-level element of the structure tree. The contents (TOC) is left out: its entries carry
        // page numbers, which only paper has; the page's contents list names the same sections.
        var blocks = pdf.Elements
            .Where(e => e.Type is "H1" or "H2" or "P" or "TH" or "TD" or "LBody" or "Figure")
            .Where(e => !Ancestors(pdf, e).Any(a => a.Type == "TOC"))
            .Select(e => e.Text(pdf))
            .Where(t => t.Trim().Length > 0)
            .ToList();
        Assert.That(blocks, Has.Count.GreaterThan(30), "the PDF's structure tree was read");
        var absent = blocks.Where(t => !htmlText.Contains(SameWords.Squeeze(t), StringComparison.Ordinal)).ToList();
        Assert.That(absent, Is.Empty, "blocks of the PDF the page does not have");

        // The charts' descriptions for a screen reader are the same words too.
        var figures = pdf.Elements.Where(e => e.Type == "Figure").Select(e => e.Alt).ToList();
        var described = html.QuerySelectorAll("[role='img']").Select(e => e.GetAttribute("aria-label")).ToList();
        Assert.That(described, Is.EqualTo(figures));
    }

    [Test]
    public void EverySection_IsAFileOfItsOwn_AndNoRendererWritesASentence()
    {
        var reports = Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Features", "Reports");
        var sections = Directory.GetFiles(Path.Combine(reports, "Text"), "*Section.cs").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.That(sections, Is.EqualTo(new[] { "ChangesSection", "CiteSection", "CoverSection", "DeficienciesSection", "MethodologySection", "SettlementSection", "SourcesSection", "TimelineSection" }));
        // A sentence is a capitalised word followed by at least three more and a full stop: none in the renderers.
        foreach (var renderer in new[] { "StatusReportPdf.cs", "ReportCharts.cs", "_ReportText.cshtml", "ReportHtml.cs" })
        {
            var code = File.ReadAllText(Path.Combine(reports, renderer));
            var literals = SameWords.SentenceLiterals(code);
            Assert.That(literals, Is.Empty, renderer);
        }
    }

    /// <summary>The page's report text: its headings, paragraphs, list items and cells, without the page's own notice and trail.</summary>
    private static IEnumerable<IElement> ReportBlocks(IElement report) => report
        .QuerySelectorAll("h1, h2, h3, p, li, th, td")
        .Where(e => !Chrome(e))
        // A list item or cell holding blocks of its own is read through them.
        .Where(e => e.QuerySelector("p, li, td") is null);

    /// <summary>The page's own words around the report: its notice that it is not an edition, its trail, hidden table captions.</summary>
    private static bool Chrome(IElement e) => e.Closest(".report-notice") is not null || e.Closest(".no-print") is not null || e.Closest("caption") is not null;

    private static IEnumerable<TaggedPdf.Element> Ancestors(TaggedPdf pdf, TaggedPdf.Element element) =>
        pdf.Elements.Where(a => a.Descendants().Contains(element));
}
