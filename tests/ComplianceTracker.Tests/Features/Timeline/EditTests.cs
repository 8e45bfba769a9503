using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Timeline;

public class EditTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> NewDeadline() => new()
    {
        ["Input.Kind"] = "deadline",
        ["Input.DeadlineType"] = "due",
        ["Input.Title"] = "Kaiser's response to the DMHC letter due",
        ["Input.Date"] = "2027-01",
        ["Input.Status"] = "open",
        ["Input.Confidence"] = "medium",
        ["Input.Source.Title"] = "DMHC letter",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = "https://example.org/letter",
        ["Input.Source.Kind"] = "regulator-release",
    };

    [Test]
    public async Task New_Post_AddsADeadline_ShownAtItsPrecision()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/timeline/new", NewDeadline());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/timeline#DL-2027-01"));

        var item = (await app.GetDocumentAsync("/timeline")).GetElementById("DL-2027-01")!;
        Assert.That(item.QuerySelector(".when")!.Squash(), Is.EqualTo("January 2027"));
        Assert.That(item.Squash(), Does.Contain("65 days left"));
    }

    [Test]
    public async Task New_Post_RefusesAFutureEvent()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = NewDeadline();
        form["Input.Kind"] = "event";
        using var response = await client.SubmitAsync("/timeline/new", form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Date of an event cannot be in the future"));
    }

    [Test]
    public async Task Edit_Post_KeepsBothDates_AndRecordsTheEdit()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/timeline/E-2024-08/edit", new Dictionary<string, string>
        {
            ["Input.AlternateDate"] = "2024-09",
            ["Input.AlternateNote"] = "A later hearing record says September.",
            ["Input.Reason"] = "Sources disagree on the month.",
            ["Input.Source.Title"] = "Hearing record",
            ["Input.Source.Publisher"] = "Assembly Health Committee",
            ["Input.Source.Url"] = "https://example.org/hearing",
            ["Input.Source.Kind"] = "hearing-record",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var item = (await app.GetDocumentAsync("/timeline")).GetElementById("E-2024-08")!;
        Assert.That(item.Squash(), Does.Contain("August 2024 or September 2024 — sources disagree"));
        var edit = await (await client.GetAsync("/timeline/E-2024-08/edit")).Content.ReadAsStringAsync();
        Assert.That(edit, Does.Contain("Sources disagree on the month."));
    }

    [Test]
    public async Task Edit_Post_IsRefused_WhenTheItemChangedMeanwhile()
    {
        using var alice = await app.SignedInClientAsync("Editor", "alice@example.org");
        using var bob = await app.SignedInClientAsync("Editor", "bob@example.org");
        var bobsForm = (IHtmlFormElement)(await TestApp.ParseAsync(await bob.GetAsync("/timeline/E-2024-08/edit"))).QuerySelector("main form[method=post]")!;
        var change = new Dictionary<string, string>
        {
            ["Input.Title"] = "Corrective Action Work Plan first released (Alice)",
            ["Input.Reason"] = "Clearer title",
            ["Input.Source.Title"] = "x",
            ["Input.Source.Publisher"] = "x",
            ["Input.Source.Url"] = "https://example.org/x",
            ["Input.Source.Kind"] = "other",
        };
        Assert.That((await alice.SubmitAsync("/timeline/E-2024-08/edit", change)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        change["Input.Title"] = "Bob's title";
        using var second = await bob.PostFormAsync(bobsForm, change, "/timeline/E-2024-08/edit");
        var page = await TestApp.ParseAsync(second);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("(Alice)"));
        Assert.That(page.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"), Is.EqualTo("Bob's title"));
    }
}
