using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Settlement;

public class IndexTests
{
    [Test]
    public async Task Get_ShowsEachTermWithDueDateStatusAndLedger()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/settlement");
        string Term(string code) => page.GetElementById(code)!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(Term("O-1"), Does.Contain("$50M").And.Contain("Money ledger").And.Contain("Committed"));
            Assert.That(Term("O-1a"), Does.Contain("$40M").And.Contain("21 October 2023").And.Contain("Unknown"));
            Assert.That(Term("O-1b"), Does.Contain("$10M").And.Contain("Contingent"));
            Assert.That(Term("O-2"), Does.Contain("$150M"));
            Assert.That(Term("O-5"), Does.Contain("1 February 2024"));
            Assert.That(page.QuerySelectorAll("[id^='O-5'][id$='-title']").Length, Is.EqualTo(9), "the work plan and its 8 areas");
        });
    }

    [Test]
    public async Task Get_SaysSo_WhenATermHasNoSource()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(Web.Infrastructure.Seed.SeedReader.ObligationsFileName, o =>
        {
            foreach (var term in o.AsArray().Where(t => (string?)t!["code"] == "O-7"))
            {
                term!["sources"] = new System.Text.Json.Nodes.JsonArray();
                term["statusSource"] = null;
                // A passage quotes one of the item's sources: with none, it has none either.
                term.AsObject().Remove("passages");
                term.AsObject().Remove("statusPassage");
            }
        });
        using var app = new TestApp(seedDirectory: folder.Path);
        var page = await app.GetDocumentAsync("/settlement");
        Assert.That(page.GetElementById("O-7")!.QuerySelector(".unsourced")!.Squash(), Is.EqualTo("No source cited."));
    }

    [Test]
    public async Task Get_OpensWithEveryTermInOneTable_EachRowLinkingToItsCard()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/settlement");
        var table = page.QuerySelector("table.glance")!;
        var rows = table.QuerySelectorAll("tbody tr").ToList();
        string Row(string code) => rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == "#" + code).Squash();

        Assert.Multiple(() =>
        {
            Assert.That(table.QuerySelectorAll("thead th").Select(th => th.Squash()), Is.EqualTo(new[] { "Term", "Amount", "Due", "Status", "Last status change" }));
            Assert.That(rows, Has.Count.EqualTo(page.QuerySelectorAll("article.obligation").Length), "one row a card");
            Assert.That(rows.Select(r => r.QuerySelector("a")!.GetAttribute("href")![1..]), Has.All.Matches<string>(id => page.GetElementById(id) is { LocalName: "article" }));
            Assert.That(table.CompareDocumentPosition(page.QuerySelector("article.obligation")!) & AngleSharp.Dom.DocumentPositions.Following, Is.Not.Zero, "the table comes before the cards");
            Assert.That(Row("O-1a"), Is.EqualTo("O-1a $40 million of the fine, paid up front $40M 21 Oct 2023 Unknown No status entry on record None on record"));
            Assert.That(Row("O-3"), Does.Contain("No amount").And.Contain("No date on record").And.Contain("Unknown"));
            Assert.That(rows.Single(r => r.Squash().StartsWith("O-5a ", StringComparison.Ordinal)).ClassList, Does.Contain("depth-1"));
        });
    }

    [Test]
    public async Task Get_TableShowsAStatusWithItsProvenance_AndWhenItChanged()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync("/settlement/O-1a/status", new Dictionary<string, string>
        {
            ["Input.Status"] = "missed",
            ["Input.EffectiveOn"] = "2023-11-01",
            ["Input.Reason"] = "A news story says the $40 million was not paid when due.",
            ["Input.Confidence"] = "inferred",
            ["Input.Source.Title"] = "Story on the unpaid fine",
            ["Input.Source.Publisher"] = "A newspaper",
            ["Input.Source.Url"] = "https://example.org/unpaid",
            ["Input.Source.Kind"] = "news",
        });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        var row = (await app.GetDocumentAsync("/settlement")).QuerySelector("table.glance a[href='#O-1a']")!.Closest("tr")!;
        var status = row.QuerySelector("td[data-label='Status']")!;
        Assert.Multiple(() =>
        {
            Assert.That(status.QuerySelector(".status")!.Squash(), Is.EqualTo("Missed"));
            Assert.That(status.QuerySelector(".prov.prov-caution")!.Squash(), Is.EqualTo("Inferred · from a news story"));
            Assert.That(row.QuerySelector("td[data-label='Last status change']")!.Squash(), Is.EqualTo("1 Nov 2023"));
        });
    }
}
