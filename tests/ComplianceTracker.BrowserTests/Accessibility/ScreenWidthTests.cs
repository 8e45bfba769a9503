using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Accessibility;

/// <summary>
/// On a 375 px phone no public page scrolls sideways and axe finds nothing serious in the phone layout; on a desktop
/// screen no table hides columns behind a scroll bar.
/// </summary>
public sealed class ScreenWidthTests : BrowserTest
{
    public const int PhoneWidth = 375;

    public static readonly string[] PublicPages = [.. AxeTests.PublicPages, "/no-such-page"];

    [OneTimeSetUp]
    public Task PublishFirstEdition() => App.WaitForEditionAsync(1);

    [TestCaseSource(nameof(PublicPages))]
    public async Task PublicPage_DoesNotScrollSideways_At375Pixels(string url)
    {
        var page = await NewPageAsync(width: PhoneWidth, height: 800);
        await page.GotoAsync(url);
        // Open every "Cite this" block too: its long permalink must wrap as well.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > {{PhoneWidth}} && !e.closest('.table-wrap, .visually-hidden, .skip, thead'))
                .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
            """);
        // A stacked table turns its rows into blocks on a phone: it should fit, not scroll inside its wrapper.
        var scrollingTables = await ScrollingTablesAsync(page, "table.stack");
        await ScreenshotAsync(page, Name(url));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(scrollWidth, Is.LessThanOrEqualTo(PhoneWidth), $"{url} is {scrollWidth}px wide: " + string.Join(", ", wide));
            Assert.That(scrollingTables, Is.Empty, $"{url}: stacked tables wider than the screen");
            await Axe.AssertNoSeriousViolationsAsync(page);
        });
    }

    [TestCaseSource(nameof(PublicPages))]
    public async Task PublicPage_ShowsEveryTableColumn_At1280Pixels(string url)
    {
        var page = await NewPageAsync(width: 1280);
        await page.GotoAsync(url);
        var scrollingTables = await ScrollingTablesAsync(page, "table");
        Assert.That(scrollingTables, Is.Empty, $"{url}: tables that hide columns behind a scroll bar on a desktop screen");
    }

    [Test]
    public async Task TimelineChart_KeepsItsLabelsLegibleAndApart_At375Pixels()
    {
        var page = await NewPageAsync(width: PhoneWidth, height: 800);
        await page.GotoAsync("/timeline");
        var chart = page.Locator("svg.timeline-chart");
        await chart.ScrollIntoViewIfNeededAsync();

        // The rendered size of the smallest label text, and every pair of labels whose boxes meet.
        var smallest = await page.EvaluateAsync<double>("""
            () => Math.min(...[...document.querySelectorAll('svg.timeline-chart tspan')].map(t => t.getBoundingClientRect().height))
            """);
        var overlaps = await page.EvaluateAsync<string[]>("""
            () => {
                const boxes = [...document.querySelectorAll('svg.timeline-chart text.label')].map(t => [t.textContent.trim().slice(0, 30), t.getBoundingClientRect()]);
                const meet = [];
                for (let i = 0; i < boxes.length; i++)
                    for (let j = i + 1; j < boxes.length; j++) {
                        const [a, r] = boxes[i], [b, s] = boxes[j];
                        if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) meet.push(a + ' / ' + b);
                    }
                return meet;
            }
            """);
        var right = await chart.EvaluateAsync<double>("svg => svg.getBoundingClientRect().right");
        await ScreenshotAsync(page, "timeline-375");

        Assert.Multiple(() =>
        {
            Assert.That(smallest, Is.GreaterThanOrEqualTo(11), "the smallest label line, in CSS pixels");
            Assert.That(overlaps, Is.Empty);
            Assert.That(right, Is.LessThanOrEqualTo(PhoneWidth));
        });
    }

    /// <summary>Table wrappers whose table is wider than they are, so some of it is out of sight.</summary>
    private static Task<string[]> ScrollingTablesAsync(IPage page, string tables) => page.EvaluateAsync<string[]>("""
        selector => [...document.querySelectorAll('.table-wrap')]
            .filter(w => w.querySelector(selector) && w.scrollWidth > w.clientWidth + 1)
            .map(w => (w.querySelector('table').id || w.querySelector('table').className) + ' ' + w.scrollWidth + 'px in ' + w.clientWidth + 'px')
        """, tables);

    private static string Name(string url) => url == "/" ? "dashboard" : url.Trim('/').Replace('/', '-');
}
