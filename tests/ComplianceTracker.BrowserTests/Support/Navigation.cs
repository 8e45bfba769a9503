using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>
/// Waits for the page a click or key press leads to by watching the document itself: the old document is marked, and
/// the wait ends when an unmarked one has loaded. (Waiting for a load event after the fact can miss one that fired
/// in between on a busy machine.)
/// </summary>
public static class Navigation
{
    /// <summary>Clicks, waits for the next page, and checks it is at <paramref name="expectedPath"/> (a regular expression over path and query).</summary>
    public static async Task<IResponse> FollowAsync(ILocator target, string expectedPath)
    {
        var response = await WaitForNextPageAsync(target.Page, () => target.ClickAsync());
        Assert.That(PathAndQuery(target.Page), Does.Match("^" + expectedPath + "$"));
        return response;
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits until a new document has loaded; returns the first answer to the
    /// navigation: a redirect's own (302 after a saved form) or the page's (409 for a conflict).
    /// </summary>
    public static async Task<IResponse> WaitForNextPageAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.__leaving = true; }");
        var response = await page.RunAndWaitForResponseAsync(action, r => r.Request.IsNavigationRequest && r.Request.Frame == page.MainFrame);
        await page.WaitForFunctionAsync("() => window.__leaving === undefined && document.readyState === 'complete'");
        return response;
    }

    public static string PathAndQuery(IPage page) => new Uri(page.Url).PathAndQuery;
}
