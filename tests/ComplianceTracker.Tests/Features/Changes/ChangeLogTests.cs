using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Changes;

public class ChangeLogTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task Get_ListsANewAssessmentFirst_LinkingToItsItem()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");

        var first = (await app.GetDocumentAsync("/changes")).QuerySelector("tbody tr")!;
        Assert.That(first.Squash(), Does.Contain("Assessment").And.Contain("D-05").And.Contain("Regulator: Corrected").And.Contain("DMHC letter says corrected"));
        Assert.That(first.QuerySelector("a")!.GetAttribute("href"), Is.EqualTo("/deficiencies/D-05"));
    }

    [Test]
    public async Task Get_FiltersByKind_AndPages()
    {
        var events = await app.GetDocumentAsync("/changes?kind=new-event");
        Assert.That(events.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td[data-label=Kind]")!.Squash()), Is.Not.Empty.And.All.EqualTo("New event"));

        using var editor = await app.SignedInClientAsync("Editor");
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await editor.RecordAssessmentAsync("D-10", i % 2 == 0 ? "union:not-corrected" : "union:partly-corrected", $"Change {i}", $"https://example.org/e/{i}");
        }
        var total = int.Parse(System.Text.RegularExpressions.Regex.Match((await app.GetDocumentAsync("/changes")).QuerySelector("p[role=status]")!.Squash(), @"^\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(total, Is.GreaterThan(50));

        var first = (await app.GetDocumentAsync("/changes")).QuerySelectorAll("tbody tr").Select(r => r.Id).ToList();
        var second = (await app.GetDocumentAsync("/changes?page=2")).QuerySelectorAll("tbody tr").Select(r => r.Id).ToList();
        Assert.That(first, Has.Count.EqualTo(50));
        Assert.That(second, Has.Count.EqualTo(total - 50));
        Assert.That(first.Intersect(second), Is.Empty);
    }

    [TestCase("/changes?kind=gossip")]
    [TestCase("/changes?page=0")]
    [TestCase("/changes?page=abc")]
    public async Task Get_Answers400WithAMessage_ForABadQuery(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".notice")!.Squash(), Does.StartWith("Bad query:"));
    }

    [Test]
    public async Task Atom_ParsesBack_WithTheNewChange_AndStableIds()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await editor.RecordAssessmentAsync("D-09", "union:not-corrected", "Field reports of 12-week waits");

        using var client = app.CreateClient();
        using var response = await client.GetAsync("/changes.atom");
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
        var feed = SyndicationFeed.Load(XmlReader.Create(await response.Content.ReadAsStreamAsync()));
        var entry = feed.Items.First();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Title.Text, Does.Contain("D-09"));
            Assert.That(((TextSyndicationContent)entry.Content).Text, Does.Contain("Union: Not corrected").And.Contain("Field reports of 12-week waits"));
            Assert.That(entry.Links.First().Uri.ToString(), Does.EndWith("/deficiencies/D-09"));
            Assert.That(entry.LastUpdatedTime, Is.EqualTo(app.Clock.GetUtcNow()).Within(TimeSpan.FromSeconds(1)));
            Assert.That(feed.Items.Select(i => i.Id).Distinct().Count(), Is.EqualTo(feed.Items.Count()));
        });

        using var again = await client.GetAsync("/changes.atom");
        var ids = SyndicationFeed.Load(XmlReader.Create(await again.Content.ReadAsStreamAsync())).Items.Select(i => i.Id);
        Assert.That(ids, Is.EqualTo(feed.Items.Select(i => i.Id)), "ids are stable");
    }

    [Test]
    public async Task Atom_Answers304_WhenUnchanged()
    {
        using var client = app.CreateClient();
        using var first = await client.GetAsync("/changes.atom");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/changes.atom");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }
}
