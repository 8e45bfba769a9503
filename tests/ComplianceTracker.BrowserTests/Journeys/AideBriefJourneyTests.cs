using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ComplianceTracker.BrowserTests.Journeys;

/// <summary>
/// A legislator's aide with five minutes before a hearing: from the dashboard to the brief, picks the date of the last
/// hearing, reads what changed and the open questions, and prints it on at most two Letter pages.
/// </summary>
public sealed class AideBriefJourneyTests : BrowserTest
{
    [OneTimeSetUp]
    public Task WaitForTheFirstEdition() => App.WaitForEditionAsync(1);

    [Test]
    public async Task Aide_OpensTheBriefFromTheDashboard_ChoosesADate_AndPrintsItOnTwoPages()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Brief for a hearing" }), @"/brief$");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Questions the record cannot answer yet" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "1-brief");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Choose the date for “what changed since”" });
        await form.GetByLabel("What changed since (yyyy-MM-dd)").FillAsync("2025-05-06");
        await Navigation.FollowAsync(form.GetByRole(AriaRole.Button, new() { Name = "Show" }), @"/brief\?since=2025-05-06");
        await Expect(page.Locator("#since-h")).ToHaveTextAsync("What changed since 6 May 2025");
        await Expect(page.Locator("[aria-labelledby=since-h]")).ToContainTextAsync("Northern California NUHW contract expires");
        await Expect(page.Locator(".brief-questions li").First).ToContainTextAsync("Ask:");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("overdue by");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await ScreenshotAsync(page, "2-brief-since");

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
        using var document = PdfDocument.Open(pdf);
        var text = string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Multiple(() =>
        {
            Assert.That(document.NumberOfPages, Is.InRange(1, 2), "the brief prints on at most two pages");
            Assert.That(document.GetPage(1).Width, Is.EqualTo(612).Within(1), "on Letter paper, like the PDFs");
            Assert.That(text, Does.Contain("Questions").And.Contain("19 of 20"));
            Assert.That(text, Does.Not.Contain("(https://"), "links are not spelled out on paper");
            Assert.That(text, Does.Not.Contain("Download the brief"), "the form is not printed");
        });
    }

    [Test]
    public async Task Aide_DownloadsTheBriefAsAPdf_OfTwoPagesAtMost()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/brief?since=2025-05-06");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download the brief (PDF)" });
        Assert.That(await link.GetAttributeAsync("href"), Is.EqualTo("/brief.pdf?since=2025-05-06"));

        var response = await page.Context.APIRequest.GetAsync("/brief.pdf?since=2025-05-06");
        Assert.That(response.Status, Is.EqualTo(200));
        using var document = PdfDocument.Open(await response.BodyAsync());
        Assert.That(document.NumberOfPages, Is.InRange(1, 2));
    }

    [TestCase(1280)]
    [TestCase(375)]
    public async Task Brief_HasNoSeriousAccessibilityViolations_AndNoSidewaysScroll(int width)
    {
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync("/brief");
        await Axe.AssertNoSeriousViolationsAsync(page);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.That(overflow, Is.False, $"/brief scrolls sideways at {width} px");
        await ScreenshotAsync(page, $"brief-{width}");
    }
}
