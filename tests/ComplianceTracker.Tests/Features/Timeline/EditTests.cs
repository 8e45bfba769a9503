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
        ["Input.Confidence"] = "reported",
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
    public async Task New_Get_PresetsNothingThatAssertsAFact()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await client.GetAsync("/timeline/new"));
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().Where(r => r.IsChecked), Is.Empty, "confidence");
            Assert.That(page.QuerySelectorAll("input[name='Input.Kind']").Cast<IHtmlInputElement>().Where(r => r.IsChecked), Is.Empty, "event or deadline");
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.DeadlineType']")!).Value, Is.Empty, "deadline type");
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Status']")!).Value, Is.Empty, "deadline status");
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Source.Kind']")!).Value, Is.Empty, "source kind");
        });
    }

    [TestCase("Input.Confidence", "Input_Confidence", "Confidence is required")]
    [TestCase("Input.Kind", "Input_Kind", "Kind is required")]
    [TestCase("Input.DeadlineType", "Input_DeadlineType_error", "Deadline type is required for a deadline")]
    public async Task New_Post_RefusesAMissingChoice_WithOneMessageNamingTheField(string field, string errorId, string message)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = NewDeadline();
        form.Remove(field);
        using var response = await client.SubmitAsync("/timeline/new", form);
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById(errorId)!.Squash(), Does.Contain(message));
            Assert.That(page.QuerySelectorAll(".error-summary li"), Has.Length.EqualTo(1), page.QuerySelector(".error-summary")!.Squash());
            Assert.That(page.QuerySelector("[name='Input.Title']")!.GetAttribute("value"), Is.EqualTo("Kaiser's response to the DMHC letter due"));
        });
    }

    [Test]
    public async Task New_Post_AsksForConfirmation_WhenADeadlineIsMetOnASourceDatedBeforeIt_AndSavesOnceConfirmed()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = NewDeadline();
        form["Input.Title"] = "Kaiser's reply to DMHC due";
        form["Input.Date"] = "2026-10-15";
        form["Input.Status"] = "met";
        form["Input.Source.PublishedOn"] = "2026-10-01";

        using var refused = await client.SubmitAsync("/timeline/new", form);
        var page = await TestApp.ParseAsync(refused);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_ConfirmAfterSource_error")!.Squash(), Does.Contain(
                "The source is dated 1 October 2026 but the deadline it says was met falls on 15 October 2026: a source cannot usually attest to what happened after it was written."));
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Status']")!).Value, Is.EqualTo("met"));
            Assert.That(page.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().Single(r => r.IsChecked).Value, Is.EqualTo("reported"));
        });

        var returned = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        using var saved = await client.PostFormAsync(returned, new Dictionary<string, string> { ["Input.ConfirmAfterSource"] = "true" }, "/timeline/new");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That((await app.GetDocumentAsync("/timeline")).GetElementById("DL-2026-10-15")!.Squash(), Does.Contain("Met"));
    }

    [Test]
    public async Task New_Post_AsksNoConfirmation_ForAnOpenDeadlineAnnouncedBeforeItFalls()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = NewDeadline();
        form["Input.Source.PublishedOn"] = "2026-11-20";
        using var response = await client.SubmitAsync("/timeline/new", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
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

    [Test]
    public async Task Edits_ReadInTheWordsOfTheItemsPage_NeverItsStoredCodes()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var source = new Dictionary<string, string>
        {
            ["Input.Source.Title"] = "Hearing record",
            ["Input.Source.Publisher"] = "Assembly Health Committee",
            ["Input.Source.Url"] = "https://example.org/hearing",
            ["Input.Source.Kind"] = "hearing-record",
        };
        using var dated = await client.SubmitAsync("/timeline/E-2024-08/edit", new Dictionary<string, string>(source)
        {
            ["Input.Date"] = "2024-09",
            ["Input.Reason"] = "The hearing record gives September.",
        });
        using var typed = await client.SubmitAsync("/timeline/DL-INVESTMENT-END/edit", new Dictionary<string, string>(source)
        {
            ["Input.DeadlineType"] = "due",
            ["Input.Reason"] = "Test of the words.",
        });
        var changes = (await app.GetDocumentAsync("/changes?kind=detail-edit")).QuerySelector("main")!.Squash();
        var itemEdits = (await TestApp.ParseAsync(await client.GetAsync("/timeline/E-2024-08/edit"))).QuerySelector("main")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That((dated.StatusCode, typed.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Redirect)));
            Assert.That(changes, Does.Contain("Date: “August 2024” → “September 2024”"));
            Assert.That(changes, Does.Contain("Deadline type: “End of a period” → “Due date”"));
            Assert.That(changes, Does.Not.Contain("“2024-08”").And.Not.Contain("“period-end”"));
            Assert.That(itemEdits, Does.Contain("Date “August 2024” → “September 2024”"));
        });
    }
}
