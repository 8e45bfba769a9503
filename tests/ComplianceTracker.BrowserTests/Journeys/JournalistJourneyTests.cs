using System.Text;
using ComplianceTracker.BrowserTests.Support;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ComplianceTracker.BrowserTests.Journeys;

/// <summary>
/// A journalist follows a story link: the dashboard, the report archive, the latest PDF, what changed since the edition
/// before, and the permalink and citation of a changed item.
/// </summary>
public sealed class JournalistJourneyTests : BrowserTest
{
    [OneTimeSetUp]
    public async Task PublishASecondEditionThatCarriesAChange()
    {
        await App.WaitForEditionAsync(1);
        App.Clock.Advance(TimeSpan.FromHours(1));
        var editor = await App.CreateAccountAsync("Editor");
        var page = await NewPageAsync();
        await SignInAsync(page, editor.Email);
        var saved = await Forms.RecordAssessmentAsync(page, "D-07", "union:no-evidence", "2026-11-25",
            "Members report no change in appointment wait times.",
            new Forms.NewSource("Wait times survey, November 2026", "National Union of Healthcare Workers", "https://example.org/nuhw-wait-times", "2026-11-25", "union-release"));
        Assert.That(saved.Status, Is.EqualTo(302).Or.EqualTo(200), "the assessment was saved and the browser sent on");
        await page.Context.CloseAsync();
        App.Clock.Advance(TimeSpan.FromHours(1));
        using var scope = App.Services.CreateScope();
        var published = await scope.ServiceProvider.GetRequiredService<StatusReportJob>().RunAsync("user:Browser Editor", App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.That(published, Is.EqualTo(2));
    }

    [Test]
    public async Task Journalist_DownloadsTheLatestEdition_AndCitesAChangedItem()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("h2#headline")).ToContainTextAsync("of 20 deficiencies not corrected");
        await ScreenshotAsync(page, "1-dashboard");

        await Navigation.FollowAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }), @"/reports");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Status reports");
        var latestRow = page.Locator("tr#edition-2");
        await Expect(latestRow).ToBeVisibleAsync();
        var pagesInArchive = int.Parse(await latestRow.Locator("td[data-label='Pages']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await ScreenshotAsync(page, "2-archive");

        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download the latest edition" });
        Assert.That(await download.GetAttributeAsync("href"), Is.EqualTo("/reports/latest.pdf"));
        await Expect(download).ToContainTextAsync("(2, as of");
        // Chromium opens the PDF in its own viewer (it is served inline, for story links), so the click is checked for
        // what it received and the file itself is then saved through the same browser context, as "Save as" would.
        var opened = await page.RunAndWaitForResponseAsync(() => download.ClickAsync(), r => r.Url.EndsWith("/reports/latest.pdf", StringComparison.Ordinal));
        Assert.That(opened.Status, Is.EqualTo(200));
        Assert.That(opened.Headers["content-type"], Is.EqualTo("application/pdf"));
        Assert.That(opened.Headers["content-disposition"], Does.StartWith("inline").And.Contain(".pdf"));
        await page.GoBackAsync();
        var pdf = await page.Context.APIRequest.GetAsync("/reports/latest.pdf");
        Assert.That(pdf.Status, Is.EqualTo(200));
        var bytes = await pdf.BodyAsync();
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
        using (var document = PdfDocument.Open(bytes))
        {
            Assert.That(document.NumberOfPages, Is.EqualTo(pagesInArchive), "the page count the archive gives");
            var firstPage = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
            Assert.That(firstPage, Does.Contain("Edition 2"));
            Assert.That(document.Information.Keywords, Does.Contain("edition 2"));
        }

        await Navigation.FollowAsync(latestRow.GetByRole(AriaRole.Link, new() { Name = "Since edition 1" }), @"/reports/2/changes");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Edition 2: changes since edition 1");
        var change = page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "D-07", Exact = true }) });
        await Expect(change).ToContainTextAsync("Members report no change in appointment wait times.");
        await ScreenshotAsync(page, "3-changes-since");

        await Navigation.FollowAsync(change.GetByRole(AriaRole.Link, new() { Name = "D-07", Exact = true }), @"/deficiencies/D-07");
        await Expect(page.Locator("section.assessment[aria-label='Union']")).ToContainTextAsync("Wait times survey, November 2026");
        var cite = page.Locator("details.cite").First;
        await Expect(cite.Locator("blockquote")).Not.ToBeVisibleAsync();
        await cite.GetByText("Cite this").ClickAsync();
        var citation = cite.Locator("blockquote.citation");
        await Expect(citation).ToBeVisibleAsync();
        // The site's configured public address (Reports:BaseUrl), never the address the request came in on.
        const string permalink = "https://tracker.example.org/deficiencies/D-07";
        Assert.That(await citation.InnerTextAsync(), Does.StartWith("ComplianceTracker, \u201CD-07: ")
            .And.Contain("Record as of 27 November 2026.")
            .And.EndWith(permalink));
        await ScreenshotAsync(page, "4-cite-this");
    }
}
