using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Sources;

public class EditTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task New_Post_AddsASource_WithAReadableKey()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "DMHC letter to Kaiser, 20 November 2026",
            ["Input.Publisher"] = "DMHC",
            ["Input.Url"] = "https://www.dmhc.ca.gov/letter-2026-11-20",
            ["Input.PublishedOn"] = "2026-11-20",
            ["Input.Kind"] = "regulator-release",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/sources#dmhc_2026_11_20"));
        var row = (await app.GetDocumentAsync("/sources")).GetElementById("dmhc_2026_11_20")!;
        Assert.That(row.Squash(), Does.Contain("20 Nov 2026"));
    }

    private static Dictionary<string, string> Letter() => new()
    {
        ["Input.Title"] = "DMHC letter to Kaiser on the consultant's report",
        ["Input.Publisher"] = "California Department of Managed Health Care",
        ["Input.Url"] = "",
        ["Input.PublishedOn"] = "2026-11",
        ["Input.Kind"] = "regulator-release",
    };

    [Test]
    public async Task New_Get_PresetsNoKind()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await client.GetAsync("/sources/new"));
        Assert.Multiple(() =>
        {
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Kind']")!).Value, Is.Empty);
            Assert.That(((IHtmlInputElement)page.QuerySelector("input[name='Input.Undated']")!).IsChecked, Is.False);
        });
    }

    [Test]
    public async Task New_Post_AddsALetterWithoutAnAddress_NamedEverywhereWithoutAnEmptyLink()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/new", Letter());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var key = response.Headers.Location!.ToString()["/sources#".Length..];

        var sources = await app.GetDocumentAsync("/sources");
        var row = sources.GetElementById(key)!;
        Assert.Multiple(() =>
        {
            Assert.That(row.QuerySelector("td[data-label=Source]")!.Squash(), Does.Contain("DMHC letter to Kaiser on the consultant's report (no address on record)"));
            Assert.That(row.QuerySelector("td[data-label=Publisher]")!.Squash(), Is.EqualTo("California Department of Managed Health Care"));
            Assert.That(row.QuerySelector("td[data-label=Date]")!.Squash(), Is.EqualTo("Nov 2026"));
            Assert.That(row.QuerySelector("td[data-label=Source] a:not([href*='/edit']):not([href^='/sources/'])"), Is.Null, "no link to an address there is none of");
            Assert.That(sources.QuerySelectorAll("a").Where(a => string.IsNullOrWhiteSpace(a.GetAttribute("href"))), Is.Empty);
        });

        using var anonymous = app.CreateClient();
        var api = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/sources")).RootElement;
        var item = api.EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
        Assert.That(item.GetProperty("url").ValueKind, Is.EqualTo(JsonValueKind.Null), "no address is null in the API, never an empty link");
        var csv = (await anonymous.GetStringAsync("/data/sources.csv")).Split('\n').Single(l => l.StartsWith(key + ",", StringComparison.Ordinal));
        Assert.That(csv, Does.Not.Contain("http"));
    }

    [Test]
    public async Task New_Post_RefusesALetterWithNeitherAddressNorDate_NamingTheDate_UntilMarkedUndated()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Letter();
        form["Input.PublishedOn"] = "";

        using var refused = await client.SubmitAsync("/sources/new", form);
        var page = await TestApp.ParseAsync(refused);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_PublishedOn_error")!.Squash(), Does.Contain("Date is required for a document with no address").And.Contain("tick “undated”"));
            Assert.That(page.QuerySelector("[name='Input.Title']")!.GetAttribute("value"), Is.EqualTo("DMHC letter to Kaiser on the consultant's report"));
        });

        form["Input.Undated"] = "true";
        using var saved = await client.SubmitAsync("/sources/new", form);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        var key = saved.Headers.Location!.ToString()["/sources#".Length..];
        Assert.That((await app.GetDocumentAsync("/sources")).GetElementById(key)!.QuerySelector("td[data-label=Date]")!.Squash(), Is.EqualTo("Unknown"));
    }

    [Test]
    public async Task New_Post_RefusesADateAndUndatedTogether()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Letter();
        form["Input.Undated"] = "true";
        using var response = await client.SubmitAsync("/sources/new", form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.GetElementById("Input_Undated_error")!.Squash(), Does.Contain("Date and “undated” cannot both be given"));
    }

    [Test]
    public async Task New_Post_RefusesTheSameLetterTwice()
    {
        using var client = await app.SignedInClientAsync("Editor");
        Assert.That((await client.SubmitAsync("/sources/new", Letter())).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var again = await client.SubmitAsync("/sources/new", Letter());
        var page = await TestApp.ParseAsync(again);
        Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("already on file"));
    }

    [Test]
    public async Task Edit_Post_SavesASeededSourceWithoutAnAddress()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/bhb_2023/edit", new Dictionary<string, string>
        {
            ["Input.Note"] = "Quoted from the union's statement; no copy online.",
            ["Input.Reason"] = "Say why there is no address.",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var row = (await app.GetDocumentAsync("/sources")).GetElementById("bhb_2023")!;
        Assert.That(row.Squash(), Does.Contain("Quoted from the union's statement; no copy online.").And.Contain("(no address on record)"));
    }

    [Test]
    public async Task Edit_Post_AnUndatedSeededSourceWithoutAnAddress_AsksForItsDateOrUndated()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var change = new Dictionary<string, string>
        {
            ["Input.Note"] = "The item's date is not shown on the page.",
            ["Input.Reason"] = "Say what is missing.",
        };
        using var refused = await client.SubmitAsync("/sources/stateofreform_2015/edit", change);
        var page = await TestApp.ParseAsync(refused);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Date is required for a document with no address"));
            Assert.That(page.QuerySelector("[name='Input.Note']")!.GetAttribute("value"), Is.EqualTo("The item's date is not shown on the page."));
        });

        change["Input.Undated"] = "true";
        using var saved = await client.SubmitAsync("/sources/stateofreform_2015/edit", change);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That((await app.GetDocumentAsync("/sources")).GetElementById("stateofreform_2015")!.Squash(), Does.Contain("The item's date is not shown on the page."));
    }

    [Test]
    public async Task New_Post_RefusesADuplicateAddress()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/new", new Dictionary<string, string>
        {
            ["Input.Title"] = "Same press release",
            ["Input.Publisher"] = "DMHC",
            ["Input.Url"] = "http://www.dmhc.ca.gov/Resources/Newsroom/October12,2023.aspx",
            ["Input.Kind"] = "regulator-release",
        });
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("already on file"));
    }

    [Test]
    public async Task Edit_Post_CorrectsTheDescription_AndKeepsHistory()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            ["Input.PublishedOn"] = "2023-10-12",
            ["Input.Reason"] = "Date read on the article page.",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var row = (await app.GetDocumentAsync("/sources")).GetElementById("fierce_2023")!;
        Assert.That(row.QuerySelector("td[data-label=Date]")!.Squash(), Is.EqualTo("12 Oct 2023"));
        var page = await (await client.GetAsync("/sources/fierce_2023/edit")).Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("Date read on the article page."));
    }

    [Test]
    public async Task Edit_Post_SaysEachMissingFieldOnce()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string> { ["Input.Title"] = "", ["Input.Reason"] = "Testing" });
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelectorAll(".error-summary li").Select(li => li.Squash()), Is.EqualTo(new[] { "Title is required." }));
    }

    [TestCase("Input.Url", "not a url", "Address must be a full http:// or https:// address")]
    [TestCase("Input.PublishedOn", "2099-01-01", "Date cannot be in the future")]
    [TestCase("Input.Title", "", "Title is required")]
    public async Task Edit_Post_RefusesBadInput_NamingTheField(string field, string value, string message)
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            [field] = value,
            ["Input.Reason"] = "Testing",
        });
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(message));
    }
}
