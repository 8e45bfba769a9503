using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Data;

/// <summary>A client holding an old ETag gets the new data, with a new strong ETag, once the record changes.</summary>
public class ConditionalGetTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [TestCase("/api/v1/timeline")]
    [TestCase("/data/timeline.csv")]
    [TestCase("/calendar.ics")]
    [TestCase("/changes.atom")]
    public async Task Get_Answers200WithANewStrongETag_AfterAChange_And304ForTheNewOne(string url)
    {
        using var reader = app.CreateClient();
        using var first = await reader.GetAsync(url);
        var old = first.Headers.ETag!;
        Assert.That(old.IsWeak, Is.False);

        using var editor = await app.SignedInClientAsync("Editor");
        using var saved = await editor.SubmitAsync("/timeline/new", new Dictionary<string, string>
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "A new deadline that changes the feeds",
            ["Input.Date"] = "2027-02",
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "inferred",
            ["Input.Source.Title"] = "Letter",
            ["Input.Source.Publisher"] = "DMHC",
            ["Input.Source.Url"] = "https://example.org/etag-letter",
            ["Input.Source.Kind"] = "regulator-release",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(old);
        using var changed = await reader.SendAsync(stale);
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an old tag gets the new data");
        var fresh = changed.Headers.ETag!;
        Assert.That(fresh.IsWeak, Is.False, "strong");
        Assert.That(fresh.Tag, Is.Not.EqualTo(old.Tag), "a new tag");
        Assert.That(await changed.Content.ReadAsStringAsync(), Does.Contain("DL-2027-02"));

        using var current = new HttpRequestMessage(HttpMethod.Get, url);
        current.Headers.IfNoneMatch.Add(fresh);
        using var notModified = await reader.SendAsync(current);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }
}
