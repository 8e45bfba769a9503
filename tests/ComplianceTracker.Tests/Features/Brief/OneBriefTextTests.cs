using System.Text.RegularExpressions;
using AngleSharp.Dom;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Brief;

/// <summary>
/// The brief's words are written once (Brief's text members in BriefText.cs) and rendered twice. For the same record and
/// day, every heading and sentence of <c>/brief</c> is in <c>/brief.pdf</c>, and every heading, paragraph, list item and
/// table cell of the PDF's structure tree is on the page. Compared without whitespace and case (the PDF sets its kicker
/// in capitals), and without the marks each rendering puts around a status's provenance (the page's warning icon is
/// drawn by its style sheet; the PDF puts the words in brackets).
/// </summary>
public sealed partial class OneBriefTextTests
{
    private static string CaseFolder(string name) => Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", name);

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

        var page = await app.GetDocumentAsync("/brief");
        using var client = app.CreateClient();
        var pdf = TaggedPdf.Read(await client.GetByteArrayAsync("/brief.pdf"));

        var pdfText = Squeeze(pdf.Root!.Text(pdf));
        var brief = page.QuerySelector("article.brief")!;
        var htmlText = Squeeze(string.Concat(brief.Descendants<IText>().Where(t => !Chrome(t.ParentElement!)).Select(t => t.Data)));

        var missing = Blocks(brief)
            .SelectMany(e => SameWords.Sentences(e.TextContent))
            .Where(s => !pdfText.Contains(Squeeze(s), StringComparison.Ordinal))
            .ToList();
        Assert.That(missing, Is.Empty, "sentences of the page the PDF does not have");

        var blocks = pdf.Elements
            .Where(e => e.Type is "H1" or "H2" or "H3" or "P" or "TH" or "TD" or "LBody")
            .Select(e => e.Text(pdf))
            .Where(t => t.Trim().Length > 0)
            .ToList();
        Assert.That(blocks, Has.Count.GreaterThan(20), "the PDF's structure tree was read");
        var absent = blocks.Where(t => !htmlText.Contains(Squeeze(t), StringComparison.Ordinal)).ToList();
        Assert.That(absent, Is.Empty, "blocks of the PDF the page does not have");
    }

    [Test]
    public void NeitherRenderer_WritesASentenceOfItsOwn()
    {
        var brief = Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Features", "Brief");
        foreach (var renderer in new[] { "BriefPdf.cs", "Index.cshtml" })
        {
            var code = File.ReadAllText(Path.Combine(brief, renderer));
            var literals = SameWords.SentenceLiterals(code);
            Assert.That(literals, Is.Empty, renderer);
            // Razor text outside quotes: a run of four or more words ending in a full stop between tags.
            if (renderer.EndsWith(".cshtml", StringComparison.Ordinal))
            {
                var markupSentences = MarkupSentence().Matches(code).Select(m => m.Value).ToList();
                Assert.That(markupSentences, Is.Empty, renderer);
            }
        }
    }

    /// <summary>The page's brief text: its headings, paragraphs, list items and cells, without the date form and presets.</summary>
    private static IEnumerable<IElement> Blocks(IElement brief) => brief
        .QuerySelectorAll("h1, h2, h3, p, li, th, td")
        .Where(e => !Chrome(e))
        .Where(e => e.QuerySelector("p, li, td") is null);

    /// <summary>What only the page has: the date form and the preset dates (not printed), and headings for screen readers only.</summary>
    private static bool Chrome(IElement e) => e.Closest(".no-print") is not null || e.Closest(".visually-hidden") is not null;

    /// <summary>Squeezed, and without the brackets the PDF puts around a provenance the page marks by style.</summary>
    private static string Squeeze(string text) => SameWords.Squeeze(text, "()");

    [GeneratedRegex(@">\s*[A-Z][a-z']+(?: [A-Za-z'’,;:—-]+){3,}[.:]\s*<")]
    private static partial Regex MarkupSentence();
}
