using System.Net;
using System.Text;
using AngleSharp.Dom;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// Issue 24, point 6: before pressing "Publish an edition now" an editor reads what the edition's cover and its
/// "Changes since edition N" will say, in the edition's own words (the report's text model, rendered by its partial).
/// </summary>
public sealed class PublishPreviewTests
{
    [Test]
    public async Task Get_ShowsTheCoverAndTheChanges_ThatTheEditionThenSays()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:PublishOnStartup"] = "false" });
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        using var editor = await app.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-03", "regulator:corrected", "DMHC letter says D-03 is corrected.");
        await editor.RecordAssessmentAsync("D-02", "union:partly-corrected", "Members report shorter waits at two clinics.");

        using var response = await editor.GetAsync("/reports/publish");
        var page = await TestApp.ParseAsync(response);
        var preview = page.QuerySelector("#preview")!;
        var headline = preview.QuerySelector("#headline-figure h2")!.Squash();
        var changes = preview.QuerySelector("section#changes")!;
        var rows = changes.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => Squeeze(td.TextContent)).ToList()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(preview.QuerySelector("#preview-h")!.Squash(), Is.EqualTo("What edition 2 will say"));
            Assert.That(preview.QuerySelector(".report-kicker")!.Squash(), Is.EqualTo("Status report · Edition 2"));
            Assert.That(headline, Is.EqualTo("18–19 of 20 deficiencies not corrected"), "the regulator's letter is counted (it may name the one already found corrected)");
            Assert.That(changes.QuerySelector("h2")!.Squash(), Is.EqualTo("Changes since edition 1"));
            Assert.That(rows.Select(r => string.Concat(r)), Has.Some.Contains("d-03").And.Some.Contains("d-02"));
            Assert.That(preview.QuerySelector("nav[aria-labelledby=contents]"), Is.Null, "no contents of sections the preview does not show");
            // The button comes after what it will publish, and is still the page's form.
            Assert.That(page.QuerySelector("main form[method=post] button")!.CompareDocumentPosition(preview), Is.EqualTo(DocumentPositions.Preceding));
        });

        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = await app.Editions().LatestAsync();
        Assert.That(edition!.Number, Is.EqualTo(2));
        var bytes = await app.CreateClient().GetByteArrayAsync("/reports/2.pdf");
        var pdf = TaggedPdf.Read(bytes);
        var text = Squeeze(ReportPdf.Read(bytes).AllText);
        var cells = pdf.Elements.Where(e => e.Type == "TD").Select(e => Squeeze(e.Text(pdf))).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squeeze(headline)));
            Assert.That(text, Does.Contain(Squeeze("Status report · Edition 2")));
            foreach (var paragraph in preview.QuerySelectorAll(".report-cover p, section#changes p").Select(p => Squeeze(p.TextContent)).Where(p => p.Length > 0))
            {
                Assert.That(text, Does.Contain(paragraph), "a paragraph of the preview the edition does not have");
            }
            Assert.That(rows, Has.Count.GreaterThanOrEqualTo(2));
            foreach (var cell in rows.SelectMany(r => r))
            {
                Assert.That(cells, Does.Contain(cell), "a cell of the preview's changes the edition's table does not have");
            }
        });
    }

    [Test]
    public async Task Get_SaysTheFirstEditionListsNoChanges_BeforeAnyEdition()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:PublishOnStartup"] = "false" });
        using var editor = await app.SignedInClientAsync("Editor");
        var preview = (await TestApp.ParseAsync(await editor.GetAsync("/reports/publish"))).QuerySelector("#preview")!;

        Assert.Multiple(() =>
        {
            Assert.That(preview.QuerySelector("#preview-h")!.Squash(), Is.EqualTo("What edition 1 will say"));
            Assert.That(preview.QuerySelector("section#changes")!.Squash(), Does.Contain("First edition: this report starts the record"));
            Assert.That(preview.QuerySelector("#headline-figure h2")!.Squash(), Is.EqualTo("19 of 20 deficiencies not corrected"));
        });
    }

    [Test]
    public async Task Get_IsForEditorsOnly()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:PublishOnStartup"] = "false" });
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.GetAsync("/reports/publish");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Does.Contain("/account/login"));
            Assert.That(body, Does.Not.Contain("deficiencies not corrected").And.Not.Contain("will say"));
        });
    }

    /// <summary>No whitespace (no-break spaces included) and lower case: a PDF's line breaks fall between words.</summary>
    private static string Squeeze(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => !char.IsWhiteSpace(c)))
        {
            b.Append(char.ToLowerInvariant(c));
        }
        return b.ToString();
    }
}
