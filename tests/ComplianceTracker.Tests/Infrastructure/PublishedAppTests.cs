using System.Net;
using AngleSharp.Html.Parser;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// The published app as a service manager starts it: <c>dotnet /opt/tracker/ComplianceTracker.Web.dll</c> from some other
/// working directory. The content root used to be the working directory, so such an app found no wwwroot and served
/// every page unstyled, which only a published app started elsewhere shows (the test apps run from the project folder).
/// In the published-app category with <see cref="PublishedNodesTests"/>, so CI runs it where it publishes the app
/// anyway (the PostgreSQL run), and it shares that publish; it needs neither PostgreSQL nor nginx itself.
/// </summary>
[Category(PublishedNodesTests.Category)]
[NonParallelizable]
public sealed class PublishedAppTests
{
    private string temp = "";

    [SetUp]
    public void CreateFolder()
    {
        temp = Path.Combine(Path.GetTempPath(), "ct-published-elsewhere-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(temp, recursive: true);
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Home_LinksAStylesheetThatIsServed_WhenStartedFromAnotherFolder()
    {
        var app = await Published.AppFolderAsync();
        var elsewhere = Directory.CreateDirectory(Path.Combine(temp, "elsewhere")).FullName;
        var data = Path.Combine(temp, "data");
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = data,
            ["Storage:SeedDirectory"] = Repository.SeedDirectory,
            ["Reports:Directory"] = Path.Combine(data, "reports"),
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:Storage"] = "SQLite",
        };
        using var node = new AppNode("elsewhere", app, Published.FreePort(), settings, temp, workingDirectory: elsewhere);
        await node.StartAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri(node.Address) };

        using var home = await client.GetAsync("/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK), node.Tail());
        var page = new HtmlParser().ParseDocument(await home.Content.ReadAsStringAsync());
        var href = page.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");
        Assert.That(href, Is.Not.Null.And.Not.Empty, "the home page links its stylesheet");
        using var css = await client.GetAsync(href);
        var body = await css.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(Path.Combine(elsewhere, "wwwroot")), Is.False, "started where there is no wwwroot");
            Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{href}:\n{node.Tail()}");
            Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
            Assert.That(body, Is.Not.Empty);
            Assert.That(body, Is.EqualTo(File.ReadAllText(Path.Combine(app, "wwwroot", "css", "site.css"))), "the published stylesheet itself");
        });
    }

    /// <summary>
    /// Only a publish makes the Brotli files and the production caching headers (a build serves its assets with
    /// no-cache, so an edit in wwwroot shows at once): what a reader's phone gets is checked here.
    /// </summary>
    [Test]
    [CancelAfter(600_000)]
    public async Task Assets_AreFingerprinted_CachedForAYear_AndSentAsTheBrotliFilesMadeAtPublish()
    {
        var app = await Published.AppFolderAsync();
        var data = Path.Combine(temp, "data");
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = data,
            ["Storage:SeedDirectory"] = Repository.SeedDirectory,
            ["Reports:Directory"] = Path.Combine(data, "reports"),
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:Storage"] = "SQLite",
        };
        using var node = new AppNode("assets", app, Published.FreePort(), settings, temp);
        await node.StartAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri(node.Address) };

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/timeline"));
        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
        var icon = page.QuerySelector("link[rel=icon]")?.GetAttribute("href");
        Assert.That(stylesheets, Has.Count.EqualTo(2), "site.css and the timeline's own");
        foreach (var href in stylesheets.Append(icon!))
        {
            Assert.That(href, Does.Match(@"^/[a-z/]+\.[a-z0-9]+\.(css|svg)$"), "a fingerprinted address");
            using var request = new HttpRequestMessage(HttpMethod.Get, href);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
            using var response = await client.SendAsync(request);
            var file = Path.Combine(app, "wwwroot", System.Text.RegularExpressions.Regex.Replace(href.TrimStart('/'), @"\.[a-z0-9]+\.(css|svg)$", ".$1"));
            Assert.Multiple(async () =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), href);
                Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("max-age=31536000, immutable"), href);
                Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }), href);
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(await File.ReadAllBytesAsync(file + ".br")), $"{href}: the file made at publish");
            });
        }
        using var favicon = await client.GetAsync("/favicon.ico");
        Assert.That(favicon.StatusCode, Is.EqualTo(HttpStatusCode.OK), "browsers and feed readers ask for it unprompted");
    }
}
