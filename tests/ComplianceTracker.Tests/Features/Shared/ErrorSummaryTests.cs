using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>
/// The "not saved" summary at the top of an editor's form lists its problems in the order the fields stand in the
/// form, each linked to its field, so a person reading down the list reads down the form.
/// </summary>
public class ErrorSummaryTests
{
    [TestCase("/deficiencies/D-05/assess")]
    [TestCase("/deficiencies/D-01/assess")]
    [TestCase("/deficiencies/D-05/edit")]
    [TestCase("/settlement/O-1/status")]
    [TestCase("/settlement/O-1/ledger")]
    [TestCase("/timeline/new")]
    [TestCase("/timeline/DL-CONSULTATION-END/edit")]
    [TestCase("/sources/new")]
    [TestCase("/sources/dmhc_pr_2023/edit")]
    public async Task Summary_ListsProblemsInTheFormsOrder_EachLinkedToItsField(string url)
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Editor");
        // Every field emptied or made wrong at once, so as many problems as the form can have are listed.
        var form = await FormFieldsAsync(client, url);
        var wrong = form.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal) && k != "Input.Version")
            .ToDictionary(k => k, k => k.EndsWith("Corrects", StringComparison.Ordinal) || k.EndsWith("ExistingId", StringComparison.Ordinal) ? "999999" : "");
        wrong["Input.Source.Url"] = "not an address";

        using var response = await client.SubmitAsync(url, wrong);
        var page = await TestApp.ParseAsync(response);
        var links = page.QuerySelectorAll(".error-summary li a").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToList();
        var fields = page.QuerySelectorAll("main form[method=post] [id]").Select(e => e.Id!).ToList();
        var positions = links.Select(id => fields.IndexOf(id)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(links, Has.Count.GreaterThanOrEqualTo(2), $"{url}: problems listed");
            Assert.That(positions, Has.None.EqualTo(-1), $"{url}: every link leads to a field of the form ({string.Join(", ", links)})");
            Assert.That(positions, Is.Ordered, $"{url}: in the form's order ({string.Join(", ", links)})");
        });
    }

    private static async Task<Dictionary<string, string>> FormFieldsAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var page = await TestApp.ParseAsync(response);
        return Forms.Fields((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form[method=post]")!);
    }
}
