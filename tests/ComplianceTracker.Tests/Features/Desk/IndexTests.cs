using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Changes;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Desk;

/// <summary>The staff desk, on the checked-in case as of 27 November 2026.</summary>
public class IndexTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private async Task<IHtmlDocument> DeskAsync()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.GetAsync("/desk");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await TestApp.ParseAsync(response);
    }

    private static IElement Row(IHtmlDocument desk, string group, string item, string why = "") =>
        desk.GetElementById(group)!.QuerySelectorAll("tbody tr")
            .SingleOrDefault(r => r.QuerySelector("td")!.Squash().Contains(item, StringComparison.Ordinal) && r.Squash().Contains(why, StringComparison.Ordinal))
        ?? throw new AssertionException($"No row for “{item}” in {group}: {desk.GetElementById(group)!.Squash()}");

    private static string Fix(IElement row) => row.QuerySelector("a.fix")!.GetAttribute("href")!;

    private async Task<string> SourceKeyAsync(string titleStart)
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT Key FROM Sources WHERE Title LIKE @title", new { title = titleStart + "%" }) ?? throw new AssertionException(titleStart);
    }

    [Test]
    public async Task Get_ListsEachKindOfAttention_WithTheFormThatFixesIt()
    {
        var desk = await DeskAsync();
        var undated = await SourceKeyAsync("Kaiser Permanente agrees to $200M settlement");
        var mirror = await SourceKeyAsync("Still waiting for Kaiser");

        Assert.Multiple(() =>
        {
            Assert.That(Fix(Row(desk, "undated-sources", "Kaiser Permanente agrees to $200M settlement")), Is.EqualTo($"/sources/{undated}/edit"));
            Assert.That(Fix(Row(desk, "copies", "Still waiting for Kaiser")), Is.EqualTo($"/sources/{mirror}/edit"));
            var fine = Row(desk, "deadlines-unknown", "DL-FINE-40M");
            Assert.That(Fix(fine), Is.EqualTo("/timeline/DL-FINE-40M/edit"));
            Assert.That(fine.Squash(), Does.Contain("21 October 2023: passed 1,133 days ago, outcome unknown"));
            Assert.That(Fix(Row(desk, "deadlines-unknown", "DL-CONSULTATION-END")), Is.EqualTo("/timeline/DL-CONSULTATION-END/edit"));
            Assert.That(Row(desk, "stale-headlines", "The headline").Squash(), Does.Contain("March 2025").And.Contain("20 months ago"));
            Assert.That(Fix(Row(desk, "stale-headlines", "The money")), Is.EqualTo("/settlement"));
            Assert.That(desk.GetElementById("deadlines-unknown")!.Squash(), Does.Not.Contain("DL-INVESTMENT-END"), "a deadline still to come is not listed");
            Assert.That(desk.GetElementById("terms-disagree")!.Squash(), Does.Contain("None."), "the seeded record agrees with itself");
            Assert.That(desk.GetElementById("after-source")!.Squash(), Does.Contain("None."));
        });
    }

    [Test]
    public async Task Get_ListsAPaymentNoStatusSaysSo_AndAStatusDatedAfterItsSource()
    {
        using (var editor = await app.SignedInClientAsync("Editor", "payer@example.org"))
        using (var response = await editor.SubmitAsync("/settlement/O-1a/ledger", new Dictionary<string, string>
        {
            ["Input.Entry"] = "paid",
            ["Input.Amount"] = "40000000",
            ["Input.On"] = "2023-10",
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = "Kaiser pays its fine",
            ["Input.Source.Publisher"] = "Yahoo News",
            ["Input.Source.Url"] = "https://example.org/pays",
            ["Input.Source.PublishedOn"] = "2023-10-25",
            ["Input.Source.Kind"] = "news",
        }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        // A status effective in November 2026 on a source of October 2026, written as the status form writes it.
        await app.Database.WriteAsync(async (connection, transaction) =>
        {
            var source = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO Sources (Key, Title, Publisher, PublishedOn, PublishedPrecision, Kind, Url, AddedAt, AddedBy) VALUES ('early-letter', 'An early letter', 'DMHC', '2026-10-01', 'month', 'regulator-release', 'https://example.org/early', '2026-11-27T00:00:00Z', 'test') RETURNING Id",
                transaction: transaction);
            var d03 = await connection.ExecuteScalarAsync<long>("SELECT Id FROM Deficiencies WHERE Code = 'D-03'", transaction: transaction);
            return await StatusChangeStore.InsertAsync(connection, transaction, new StatusChange
            {
                SubjectType = "deficiency",
                SubjectId = d03,
                Assessor = "regulator",
                ToStatus = "corrected",
                EffectiveOn = new DateOnly(2026, 11, 20),
                EffectivePrecision = "day",
                RecordedAt = app.Clock.GetUtcNow(),
                RecordedBy = "test",
                Reason = "A letter.",
                SourceId = source,
                Confidence = "verified",
            });
        });

        var desk = await DeskAsync();

        Assert.Multiple(() =>
        {
            var term = Row(desk, "terms-disagree", "O-1a", "The ledger records");
            Assert.That(term.Squash(), Does.Contain("The ledger records $40M paid (Yahoo News, a secondary report); no status entry says so."));
            Assert.That(Fix(term), Is.EqualTo("/settlement/O-1a/status"));
            var late = Row(desk, "after-source", "D-03");
            Assert.That(late.Squash(), Does.Contain("Effective 20 November 2026, but its source “An early letter” is dated October 2026."));
            Assert.That(Fix(late), Is.EqualTo("/deficiencies/D-03/assess"));
        });
    }

    [Test]
    public async Task Header_CountsTheDeskForAnEditor_AndShowsNothingToAReader()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var signedIn = await TestApp.ParseAsync(await editor.GetAsync("/settlement"));
        var desk = await TestApp.ParseAsync(await editor.GetAsync("/desk"));
        var count = desk.QuerySelector("main [role=status]")!.Squash().Split(' ')[0];
        var anonymous = await app.GetDocumentAsync("/settlement");

        Assert.Multiple(() =>
        {
            Assert.That(signedIn.QuerySelector("header a.desk-link")!.Squash(), Is.EqualTo($"Desk ({count})"));
            Assert.That(signedIn.QuerySelector("header a.desk-link")!.GetAttribute("href"), Is.EqualTo("/desk"));
            Assert.That(int.Parse(count, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(desk.QuerySelectorAll("main tbody tr").Length));
            Assert.That(anonymous.QuerySelector("header a.desk-link"), Is.Null);
            Assert.That(anonymous.QuerySelector("header")!.Squash(), Does.Not.Contain("Desk"));
        });
    }

    [Test]
    public async Task Get_RedirectsAnAnonymousReaderToSignIn()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/desk");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/account/login"));
    }
}
