using System.Net;
using System.Text;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Evidence;

/// <summary>/sources?q= over titles and archived texts, and the weekly link check with what it makes the pages say.</summary>
public class SearchAndLinkTests
{
    private const string PressRelease = "dmhc_pr_2023";
    private TestApp app = null!;
    private DocumentServer server = null!;

    [SetUp]
    public async Task Start()
    {
        server = await DocumentServer.StartAsync();
        app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Evidence:Fetch:AllowedAddresses:0"] = "127.0.0.1",
            ["Evidence:Fetch:TimeoutSeconds"] = "5",
            ["Evidence:LinkCheckDelaySeconds"] = "0",
        });
    }

    [TearDown]
    public async Task Stop()
    {
        app.Dispose();
        await server.DisposeAsync();
    }

    [Test]
    public async Task Search_FindsWordsOfAnArchivedCopy_WithThePassageMarked_AndThePage()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var pdf = TestDocuments.Pdf("Cover page.", "Nothing here.", "The plan shall retain an external consultant for behavioral health workforce planning.");
        (await ArchiveTests.UploadAsync(editor, PressRelease, pdf, "r.pdf", "application/pdf")).Dispose();

        var page = await app.GetDocumentAsync("/sources?q=consultant+workforce");
        var results = page.QuerySelector("ol.search-results")!;
        var hit = results.QuerySelectorAll("li").Single();
        Assert.Multiple(() =>
        {
            Assert.That(page.GetElementById("results")!.Squash(), Is.EqualTo("Found in 1 source for “consultant workforce”"));
            Assert.That(hit.QuerySelector("a")!.GetAttribute("href"), Is.EqualTo($"/sources/{PressRelease}"));
            Assert.That(hit.QuerySelectorAll("mark").Select(m => m.TextContent), Is.EquivalentTo(new[] { "consultant", "workforce" }));
            Assert.That(hit.QuerySelector("blockquote a")!.Squash(), Is.EqualTo("archived copy, page 3"));
        });
    }

    [Test]
    public async Task Search_FindsTitles_AndTakesSearchSyntaxAsPlainWords()
    {
        var page = await app.GetDocumentAsync("/sources?q=Settlement+Agreement");
        Assert.That(page.QuerySelectorAll("ol.search-results > li > a").Select(a => a.GetAttribute("href")), Does.Contain($"/sources/{PressRelease}"));

        using var anonymous = app.CreateClient();
        foreach (var query in new[] { "\"unclosed", "NEAR(a b", "a* OR -b", "title:x", "'; DROP TABLE Sources; --" })
        {
            using var response = await anonymous.GetAsync("/sources?q=" + Uri.EscapeDataString(query));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
        }
        var none = await app.GetDocumentAsync("/sources?q=zebrafish");
        Assert.That(none.GetElementById("results")!.Squash(), Is.EqualTo("Nothing found for “zebrafish”"));
    }

    private async Task RunLinkCheckAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<LinkHealthJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>Points the press release at the test server, answering with <paramref name="status"/>.</summary>
    private async Task PointAtServerAsync(int status)
    {
        server.Status("/release", status);
        using var editor = await app.SignedInClientAsync("Editor");
        using var saved = await editor.SubmitAsync($"/sources/{PressRelease}/edit", new Dictionary<string, string>
        {
            ["Input.Url"] = server.Url("/release"),
            ["Input.Reason"] = "The release moved.",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task LinkCheck_OneFailure_SaysNothing_TwoInARow_SayNotAnsweringSinceTheFirst_AndTheDeskListsIt()
    {
        await PointAtServerAsync(500);
        await RunLinkCheckAsync();
        var once = await app.GetDocumentAsync($"/sources/{PressRelease}");
        Assert.That(once.QuerySelector(".link-down"), Is.Null, "one bad answer may be a bad night");

        app.Clock.Advance(TimeSpan.FromDays(7));
        await RunLinkCheckAsync();
        var twice = await app.GetDocumentAsync($"/sources/{PressRelease}");
        Assert.That(twice.QuerySelector(".link-down")!.Squash(), Is.EqualTo("Link not answering since 27 November 2026."));

        using var editor = await app.SignedInClientAsync("Editor");
        var desk = await TestApp.ParseAsync(await editor.GetAsync("/desk"));
        Assert.That(desk.GetElementById("dead-links")!.Squash(), Does.Contain("DMHC, Kaiser Permanente Reach Settlement Agreement"));
        Assert.That(server.Requests.Count(r => r.Request.EndsWith("/release", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task LinkCheck_DeadLinkWithAnArchivedCopy_OffersTheCopy_AndLeavesTheDeskAlone()
    {
        await PointAtServerAsync(404);
        using var editor = await app.SignedInClientAsync("Editor");
        (await ArchiveTests.UploadAsync(editor, PressRelease, Encoding.UTF8.GetBytes("The release's words."), "r.txt", "text/plain")).Dispose();
        await RunLinkCheckAsync();
        app.Clock.Advance(TimeSpan.FromDays(7));
        await RunLinkCheckAsync();

        var page = await app.GetDocumentAsync($"/sources/{PressRelease}");
        var flag = page.QuerySelector(".link-down")!;
        Assert.That(flag.Squash(), Does.Contain("Link not answering since 27 November 2026: archived copy (Plain text, retrieved 27 November 2026)"));
        var desk = await TestApp.ParseAsync(await editor.GetAsync("/desk"));
        Assert.That(desk.GetElementById("dead-links")?.Squash() ?? "", Does.Not.Contain("DMHC, Kaiser Permanente Reach Settlement Agreement"));
    }

    [Test]
    public async Task LinkCheck_AnAnswerAfterFailures_ClearsTheFlag()
    {
        await PointAtServerAsync(503);
        await RunLinkCheckAsync();
        app.Clock.Advance(TimeSpan.FromDays(7));
        await RunLinkCheckAsync();
        server.Serve("/release", Encoding.UTF8.GetBytes("back"), "text/plain");
        app.Clock.Advance(TimeSpan.FromDays(7));
        await RunLinkCheckAsync();
        var page = await app.GetDocumentAsync($"/sources/{PressRelease}");
        Assert.That(page.QuerySelector(".link-down"), Is.Null);
    }

    [Test]
    public void LinkHealth_CountsOnlyChecksOfTheAddressNowOnRecord()
    {
        var at = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        LinkCheckRow Row(string url, int day, bool answered) => new() { Url = url, CheckedAt = at.AddDays(day), Answered = answered };
        var health = LinkHealth.Of("https://new.example/a", [Row("https://old.example/a", 0, false), Row("https://old.example/a", 7, false), Row("https://new.example/a", 14, false)]);
        Assert.That(health.NotAnswering, Is.False, "one failure of the new address, however many of the old");
    }
}
