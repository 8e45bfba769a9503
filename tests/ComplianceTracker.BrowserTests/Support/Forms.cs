using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>Filling in the app's editing forms the way an editor does, by their labels.</summary>
public static class Forms
{
    /// <summary>A new document for a source picker.</summary>
    public sealed record NewSource(string Title, string Publisher, string Url, string PublishedOn, string Kind);

    /// <summary>Fills in and submits the assessment form of <paramref name="code"/>; returns the answer to the post.</summary>
    public static async Task<IResponse> RecordAssessmentAsync(
        IPage page, string code, string assessment, string effectiveOn, string reason, NewSource source, string confidence = "Verified")
    {
        await page.GotoAsync($"/deficiencies/{code}/assess");
        await page.GetByLabel("New status").SelectOptionAsync(assessment);
        await page.GetByLabel("Effective date").FillAsync(effectiveOn);
        await page.GetByLabel("Reason").FillAsync(reason);
        await page.GetByRole(AriaRole.Radio, new() { Name = confidence, Exact = true }).CheckAsync();
        await FillNewSourceAsync(page, source);
        return await SubmitAsync(page, "Record assessment");
    }

    public static async Task FillNewSourceAsync(IPage page, NewSource source)
    {
        var picker = page.Locator("fieldset.source-picker");
        await picker.GetByLabel("Title").FillAsync(source.Title);
        await picker.GetByLabel("Publisher").FillAsync(source.Publisher);
        // "Address" alone would also match the date's label ("required when there is no address").
        await picker.GetByLabel("Address (http").FillAsync(source.Url);
        await picker.GetByLabel("Date published").FillAsync(source.PublishedOn);
        await picker.GetByLabel("Kind").SelectOptionAsync(source.Kind);
    }

    /// <summary>Presses the named submit button and returns the answer to the post once its page has loaded.</summary>
    public static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
        var response = await Navigation.WaitForNextPageAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());
        Assert.That(response.Request.Method, Is.EqualTo("POST"));
        return response;
    }
}
