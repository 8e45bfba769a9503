using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceTracker.BrowserTests.Journeys;

/// <summary>
/// A legislative aide reads the timeline: filters it to deadlines, finds the October 2025 end of the consultation
/// period overdue by the right number of days, and takes the deadlines into a calendar.
/// </summary>
public sealed class AideJourneyTests : BrowserTest
{
    [Test]
    public async Task Aide_FiltersToDeadlines_SeesTheOctober2025PeriodEndedWithItsOutcomeUnknown_AndSubscribes()
    {
        // A deadline known only to the month falls due on its last day: 31 October 2025.
        var expectedDays = App.Today.DayNumber - new DateOnly(2025, 10, 31).DayNumber;
        Assert.That(expectedDays, Is.EqualTo(392), "27 November 2026 in California, the app's fixed date");

        var page = await NewPageAsync();
        await page.GotoAsync("/timeline");
        await ScreenshotAsync(page, "1-timeline");
        var all = await page.Locator("ol.timeline > li:not(.today)").CountAsync();

        var filters = page.GetByRole(AriaRole.Form, new() { Name = "Filter the timeline" });
        await filters.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "Deadlines only" });
        await Navigation.FollowAsync(filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }), @"/timeline\?kind=deadline.*");
        var items = page.Locator("ol.timeline > li:not(.today)");
        await Expect(items.First).ToBeVisibleAsync();
        var deadlines = await items.CountAsync();
        Assert.That(deadlines, Is.GreaterThan(0).And.LessThan(all));
        Assert.That(await page.Locator("ol.timeline > li.event").CountAsync(), Is.Zero, "no events once filtered to deadlines");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Showing" })).ToHaveTextAsync($"Showing {deadlines} of {all} items.");

        var consultation = page.Locator("li#DL-CONSULTATION-END");
        await consultation.ScrollIntoViewIfNeededAsync();
        // No source says what happened when the period ended: the aide reads "outcome unknown", never "overdue".
        await Expect(consultation).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\boverdue\b"));
        await Expect(consultation.Locator(".when")).ToHaveTextAsync("October 2025");
        await Expect(consultation.Locator(".deadline-standing")).ToHaveTextAsync($"ended {expectedDays} days ago, outcome unknown");
        await Expect(consultation).Not.ToContainTextAsync("verdue");
        // It comes before today's marker: it has passed.
        var before = await page.EvaluateAsync<bool>("() => { const d = document.getElementById('DL-CONSULTATION-END'), t = document.getElementById('today'); return !!t && !!(d.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING); }");
        Assert.That(before, Is.True, "the deadline is listed before today");
        await ScreenshotAsync(page, "2-deadlines");

        var calendar = page.GetByRole(AriaRole.Link, new() { Name = "subscribe to the deadlines (iCalendar)" });
        Assert.That(await calendar.GetAttributeAsync("href"), Is.EqualTo("/calendar.ics"));
        var ics = await page.Context.APIRequest.GetAsync("/calendar.ics");
        Assert.That(ics.Status, Is.EqualTo(200));
        Assert.That(ics.Headers["content-type"], Does.StartWith("text/calendar"));
        var text = await ics.TextAsync();
        Assert.That(text, Does.StartWith("BEGIN:VCALENDAR").And.Contain("UID:DL-CONSULTATION-END@compliancetracker"));
        Assert.That(text, Does.Contain("outcome unknown").And.Not.Contain("verdue by"));
    }
}
