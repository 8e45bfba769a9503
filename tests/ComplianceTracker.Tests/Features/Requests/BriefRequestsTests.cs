using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using UglyToad.PdfPig;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>The brief says what was asked, and what is not yet answered, in the same words on the page and in its PDF.</summary>
public sealed class BriefRequestsTests
{
    [Test]
    public async Task AskedLines_AndTheUnansweredTable_AreOnThePageAndInThePdf_AndNowhereWithoutAPublicRequest()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();
        var before = await client.GetByteArrayAsync("/brief.pdf");
        using (var pdf = PdfDocument.Open(before))
        {
            Assert.That(pdf.NumberOfPages, Is.EqualTo(2), "the brief's two pages, as before there were requests");
        }
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync(values: new Dictionary<string, string> { ["Input.IsPublic"] = "true" });
        await editor.RecordOkAsync(id, "sent", "2026-11-10", new Dictionary<string, string> { ["Input.Method"] = "email" });

        var page = await app.GetDocumentAsync("/brief");
        var asked = page.QuerySelector("ol.brief-questions .asked")!.Squash();
        var cells = page.QuerySelectorAll("section[aria-labelledby='asked-h'] td").Select(td => td.Squash()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(asked, Is.EqualTo("Asked DMHC on 10 November 2026 (due 20 November 2026; overdue by 7 days, Gov. Code § 7922.535(a)). See the request"));
            Assert.That(cells, Is.EqualTo(new[] { "DMHC", $"R-{id} The report on the 2022 non-routine survey of behavioral health services and its 20 deficiencies", "10 November 2026", "20 November 2026", "17", "Overdue by 7 days" }));
        });
        // Read through the PDF's structure tree, which keeps each table cell's words together.
        var tagged = TaggedPdf.Read(await client.GetByteArrayAsync("/brief.pdf"));
        var text = SameWords.Squeeze(tagged.Root!.Text(tagged), "");
        var pdfCells = tagged.Elements.Where(e => e.Type == "TD").Select(e => SameWords.Squeeze(e.Text(tagged), "")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(SameWords.Squeeze(asked, "")));
            Assert.That(text, Does.Contain(SameWords.Squeeze("Asked and not yet answered", "")));
            foreach (var cell in cells)
            {
                Assert.That(pdfCells, Does.Contain(SameWords.Squeeze(cell, "")), cell);
            }
        });
    }
}
