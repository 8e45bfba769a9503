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
            }
        });
        using var app = new TestApp(seedDirectory: folder.Path);
        var page = await app.GetDocumentAsync("/settlement");
        Assert.That(page.GetElementById("O-7")!.QuerySelector(".unsourced")!.Squash(), Is.EqualTo("No source cited."));
    }
}
