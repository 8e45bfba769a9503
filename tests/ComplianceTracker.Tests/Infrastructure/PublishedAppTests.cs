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
}
