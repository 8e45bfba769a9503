using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Changes;

/// <summary>Withdrawing entries made in error: the item falls back, money to unknown (never $0), and every list marks the entry.</summary>
public class WithdrawTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> Payment() => new()
    {
        ["Input.Entry"] = "paid",
        ["Input.Amount"] = "$40,000,000",
        ["Input.On"] = "2023-10-20",
        ["Input.Confidence"] = "reported",
        ["Input.Source.Title"] = "Kaiser pays fine, says news report",
        ["Input.Source.Publisher"] = "Example News",
        ["Input.Source.Url"] = "https://example.org/paid",
        ["Input.Source.PublishedOn"] = "2023-10-25",
        ["Input.Source.Kind"] = "news",
    };

    private static Dictionary<string, string> Reason(string kind = "entered-in-error", string reason = "The story was about another plan.") => new()
    {
        ["Input.Kind"] = kind,
        ["Input.Reason"] = reason,
    };

    private async Task<string> RecordPaymentAsync(HttpClient editor)
    {
        using var response = await editor.SubmitAsync("/settlement/O-1a/ledger", Payment());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return (await app.GetDocumentAsync("/settlement")).GetElementById("O-1a")!.QuerySelector("tr[id^=ledger-]")!.Id!["ledger-".Length..];
    }

    private async Task<JsonElement> JsonAsync(string url)
    {
        using var client = app.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.Clone();
    }

    [Test]
    public async Task Withdraw_APayment_EveryPlaceSaysUnknown_NeverZero()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await RecordPaymentAsync(editor);
        Assert.That((await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash(), Does.Contain("$40M paid, per sources"));
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await editor.SubmitAsync($"/changes/withdraw/ledger/{id}", Reason());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/settlement#O-1a"));

        var money = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash();
        var summary = await JsonAsync("/api/v1/summary");
        var ledger = (await JsonAsync("/api/v1/obligations")).EnumerateArray().Single(o => o.GetProperty("code").GetString() == "O-1a").GetProperty("ledger").EnumerateArray().Single(l => l.GetProperty("id").GetInt64().ToString() == id);
        using var reader = app.CreateClient();
        var csv = await reader.GetStringAsync("/data/ledger.csv");
        var row = (await app.GetDocumentAsync("/settlement")).GetElementById($"ledger-{id}")!;
        var current = (await app.GetDocumentAsync("/reports/current")).Body!.Squash();
        var brief = ReportPdf.Read(await reader.GetByteArrayAsync("/brief.pdf")).AllText;
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = ReportPdf.Read(await reader.GetByteArrayAsync("/reports/latest.pdf")).AllText;

        Assert.Multiple(() =>
        {
            Assert.That(money, Does.Contain("amount paid: unknown").And.Not.Contain("$40M paid").And.Not.Contain("$0"));
            Assert.That(summary.GetProperty("finePaidUsd").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(ledger.GetProperty("state").GetString(), Is.EqualTo("withdrawn"));
            Assert.That(ledger.GetProperty("counts").GetBoolean(), Is.False);
            Assert.That(ledger.GetProperty("withdrawalReason").GetString(), Is.EqualTo("Entered in error: The story was about another plan."));
            Assert.That(csv.Split('\n')[0], Does.Contain("state"));
            Assert.That(csv.Split('\n').Single(l => l.StartsWith(id + ",", StringComparison.Ordinal)), Does.Contain(",withdrawn,"));
            Assert.That(row.ClassList, Does.Contain("withdrawn"));
            Assert.That(row.Squash(), Does.Contain("Withdrawn").And.Contain("by Test Editor").And.Contain("The story was about another plan."));
            Assert.That(current, Does.Not.Contain("$40M paid").And.Not.Contain("$0 paid"));
            Assert.That(brief, Does.Not.Contain("$40M paid").And.Not.Contain("$0"));
            Assert.That(edition, Does.Contain("Withdrawal").And.Not.Contain("$40M paid").And.Not.Contain("$0 paid"));
        });
    }

    [Test]
    public async Task Ledger_RefusesZero_AndSaysToWithdrawInstead()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var form = Payment();
        form["Input.Amount"] = "$0";
        using var response = await editor.SubmitAsync("/settlement/O-1a/ledger", form);
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector("#errors")!.Squash(), Does.Contain("Amount must be more than $0").And.Contain("withdraw it"));
            Assert.That(page.QuerySelector("input[name='Input.Amount']")!.GetAttribute("value"), Is.EqualTo("$0"));
        });
    }

    [Test]
    public async Task Withdraw_AnAssessment_TheItemFallsBack_AndListsMarkIt()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var before = (await app.GetDocumentAsync("/deficiencies/D-04")).QuerySelector(".assessor-plan, [data-assessor=plan]")?.Squash();
        await editor.RecordAssessmentAsync("D-04", "plan:claims-corrected", "Kaiser's letter says so.");
        var detail = await app.GetDocumentAsync("/deficiencies/D-04");
        var id = detail.QuerySelector("tr[id^=change-]")!.Id!["change-".Length..];
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await editor.SubmitAsync($"/changes/withdraw/status/{id}", Reason("source-retracted", "Kaiser withdrew the letter."));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        detail = await app.GetDocumentAsync("/deficiencies/D-04");
        var history = detail.GetElementById($"change-{id}")!;
        var dashboard = await app.GetDocumentAsync("/");
        var latestRow = dashboard.QuerySelectorAll("tr").First(r => r.Squash().Contains("Claims corrected", StringComparison.Ordinal));
        var log = await app.GetDocumentAsync("/changes");
        var logRow = log.GetElementById($"status-{id}")!;
        var api = (await JsonAsync("/api/v1/status-changes")).EnumerateArray().Single(c => c.GetProperty("id").GetInt64().ToString() == id);
        var dto = (await JsonAsync("/api/v1/deficiencies/D-04")).GetProperty("deficiency").GetProperty("latest");
        using var reader = app.CreateClient();
        var feed = await reader.GetStringAsync("/changes.atom");
        var csv = (await reader.GetStringAsync("/data/status-changes.csv")).Split('\n').Single(l => l.StartsWith(id + ",", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(history.ClassList, Does.Contain("withdrawn"));
            Assert.That(history.Squash(), Does.Contain("Withdrawn").And.Contain("Source retracted: Kaiser withdrew the letter."));
            Assert.That(dto.TryGetProperty("plan", out _), Is.False, "no plan status stands once the only one is withdrawn");
            Assert.That(detail.QuerySelector(".assessor-plan, [data-assessor=plan]")?.Squash(), Is.EqualTo(before));
            Assert.That(latestRow.ClassList, Does.Contain("withdrawn"));
            Assert.That(latestRow.Squash(), Does.Contain("Withdrawn"));
            Assert.That(latestRow.QuerySelector($"a[href='/deficiencies/D-04#change-{id}']"), Is.Not.Null);
            Assert.That(logRow.ClassList, Does.Contain("withdrawn"));
            Assert.That(log.QuerySelector("tbody")!.Squash(), Does.Contain("Withdrew a status entry (source retracted)"));
            Assert.That(api.GetProperty("state").GetString(), Is.EqualTo("withdrawn"));
            Assert.That(csv, Does.Contain(",withdrawn,"));
            Assert.That(feed, Does.Contain("Assessment (withdrawn): D-04"));
        });
    }

    [Test]
    public async Task Correct_AnAssessment_NoListShowsTheCorrectedEntryUnmarked()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-04", "plan:claims-corrected", "Kaiser's letter says so.");
        var id = (await app.GetDocumentAsync("/deficiencies/D-04")).QuerySelector("tr[id^=change-]")!.Id!["change-".Length..];
        using (var response = await editor.SubmitAsync("/deficiencies/D-04/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = "plan:disputes-finding",
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = "The letter disputes the finding; it does not claim a correction.",
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = "Kaiser letter",
            ["Input.Source.Publisher"] = "Kaiser Permanente",
            ["Input.Source.Url"] = "https://example.org/kaiser-letter",
            ["Input.Source.PublishedOn"] = "2026-11-20",
            ["Input.Source.Kind"] = "plan-statement",
            ["Input.Source.Party"] = "plan",
            ["Input.Corrects"] = id,
        }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        }

        var dashboardRows = (await app.GetDocumentAsync("/")).QuerySelectorAll("tr").Where(r => r.Squash().Contains("Claims corrected", StringComparison.Ordinal)).ToList();
        var logRow = (await app.GetDocumentAsync("/changes")).GetElementById($"status-{id}")!;
        var api = (await JsonAsync("/api/v1/changes")).GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("id").GetString() == $"status-{id}");

        Assert.Multiple(() =>
        {
            Assert.That(dashboardRows, Is.Not.Empty);
            Assert.That(dashboardRows.All(r => r.ClassList.Contains("corrected") && r.Squash().Contains("Corrected by a later entry", StringComparison.Ordinal)), Is.True);
            Assert.That(logRow.ClassList, Does.Contain("corrected"));
            Assert.That(logRow.Squash(), Does.Contain("Corrected by a later entry"));
            Assert.That(api.GetProperty("state").GetString(), Is.EqualTo("corrected"));
            Assert.That(api.GetProperty("replacedBy").GetString(), Does.EndWith("/deficiencies/D-04#change-" + (long.Parse(id) + 1)));
        });
    }

    [Test]
    public async Task Withdraw_AFieldEdit_SetsTheFieldBack_OnlyWhenItIsTheLatest()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        async Task EditTitleAsync(string title)
        {
            using var response = await editor.SubmitAsync("/deficiencies/D-05/edit", new Dictionary<string, string>
            {
                ["Input.Title"] = title,
                ["Input.Reason"] = "The DMHC report names it.",
                ["Input.Source.Title"] = "DMHC report",
                ["Input.Source.Publisher"] = "DMHC",
                ["Input.Source.Url"] = "https://example.org/report",
                ["Input.Source.PublishedOn"] = "2025-03-24",
                ["Input.Source.Kind"] = "regulator-report",
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        }
        var original = (await app.GetDocumentAsync("/deficiencies/D-05")).QuerySelector("h1")!.Squash();
        await EditTitleAsync("Timely access to appointments");
        await EditTitleAsync("Timely access to follow-up appointments");
        var edits = (await app.GetDocumentAsync("/deficiencies/D-05")).QuerySelectorAll("tr[id^=edit-]").Select(r => r.Id!["edit-".Length..]).ToList();
        var (latest, earlier) = (edits[0], edits[1]);

        using (var refused = await editor.SubmitAsync($"/changes/withdraw/field-edit/{earlier}", Reason()))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await TestApp.ParseAsync(refused)).QuerySelector("#errors")!.Squash(), Does.Contain("A later edit changed Title again"));
        }
        using (var response = await editor.SubmitAsync($"/changes/withdraw/field-edit/{latest}", Reason()))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        Assert.That((await app.GetDocumentAsync("/deficiencies/D-05")).QuerySelector("h1")!.Squash(), Does.Contain("Timely access to appointments").And.Not.Contain("follow-up"));
        using (var response = await editor.SubmitAsync($"/changes/withdraw/field-edit/{earlier}", Reason()))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        var page = await app.GetDocumentAsync("/deficiencies/D-05");
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo(original));
            Assert.That(page.QuerySelectorAll("tr[id^=edit-]").All(r => r.ClassList.Contains("withdrawn")), Is.True);
        });
    }

    [Test]
    public async Task Withdraw_RefusesMissingReason_NamingTheField_AndKeepsWhatWasTyped()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await RecordPaymentAsync(editor);

        using var noKind = await editor.SubmitAsync($"/changes/withdraw/ledger/{id}", new Dictionary<string, string> { ["Input.Reason"] = "typed words" });
        var page = await TestApp.ParseAsync(noKind);
        using var other = await editor.SubmitAsync($"/changes/withdraw/ledger/{id}", Reason("other", ""));
        var otherPage = await TestApp.ParseAsync(other);

        Assert.Multiple(() =>
        {
            Assert.That(noKind.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector("#errors")!.Squash(), Does.Contain("Why is required"));
            Assert.That(page.QuerySelector("textarea[name='Input.Reason']")!.TextContent.Trim(), Is.EqualTo("typed words"));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(otherPage.QuerySelector("#errors")!.Squash(), Does.Contain("Reason is required when the reason is"));
            Assert.That(otherPage.QuerySelector("input[name='Input.Kind'][value=other]")!.HasAttribute("checked"), Is.True);
        });
        Assert.That((await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash(), Does.Contain("$40M paid"), "nothing was withdrawn");
    }

    [Test]
    public async Task Withdraw_Twice_IsRefused_AndAnonymousCannotWithdraw()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await RecordPaymentAsync(editor);
        var form = (await TestApp.ParseAsync(await editor.GetAsync($"/changes/withdraw/ledger/{id}"))).QuerySelector("main form[method=post]") as AngleSharp.Html.Dom.IHtmlFormElement;
        using (var first = await editor.PostFormAsync(form!, Reason(), $"/changes/withdraw/ledger/{id}"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        using var second = await editor.PostFormAsync(form!, Reason(), $"/changes/withdraw/ledger/{id}");
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var anonymousGet = await anonymous.GetAsync($"/changes/withdraw/ledger/{id}");
        using var missing = await editor.GetAsync("/changes/withdraw/ledger/999999");
        using var unknownKind = await editor.GetAsync($"/changes/withdraw/source/{id}");

        var secondPage = await TestApp.ParseAsync(second);
        Assert.Multiple(() =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(secondPage.QuerySelector("#errors")!.Squash(), Does.Contain("already been withdrawn"));
            Assert.That(anonymousGet.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(anonymousGet.Headers.Location!.ToString(), Does.Contain("/login"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownKind.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}

public class WithdrawTimelineItemTests
{
    [Test]
    public async Task Withdraw_AnEventAddedInError_LeavesEveryList_ButNotTheKeyDeadline()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        using (var added = await editor.SubmitAsync("/timeline/new", new Dictionary<string, string>
        {
            ["Input.Kind"] = "event",
            ["Input.Title"] = "Hearing on the wrong plan",
            ["Input.Date"] = "2026-11-02",
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = "Hearing agenda",
            ["Input.Source.Publisher"] = "Legislature",
            ["Input.Source.Url"] = "https://example.org/agenda",
            ["Input.Source.PublishedOn"] = "2026-10-30",
            ["Input.Source.Kind"] = "hearing-record",
        }))
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await added.Content.ReadAsStringAsync());
        }
        var code = (await app.GetDocumentAsync("/timeline")).QuerySelectorAll("[id^=E-2026-11-02]").Single().Id!;
        var edit = await TestApp.ParseAsync(await editor.GetAsync($"/timeline/{code}/edit"));
        var withdraw = edit.QuerySelector("a[href^='/changes/withdraw/timeline-item/']")!.GetAttribute("href")!;
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        using (var response = await editor.SubmitAsync(withdraw, new Dictionary<string, string> { ["Input.Kind"] = "entered-in-error", ["Input.Reason"] = "The hearing was about another plan." }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        }
        using var reader = app.CreateClient();
        var timeline = await app.GetDocumentAsync("/timeline");
        var calendar = await reader.GetStringAsync("/calendar.ics?include=events");
        var api = await reader.GetStringAsync("/api/v1/timeline");
        var log = await app.GetDocumentAsync("/changes");
        var page = await TestApp.ParseAsync(await editor.GetAsync($"/timeline/{code}/edit"));
        using var keyDeadline = await editor.SubmitAsync("/changes/withdraw/timeline-item/" + await KeyDeadlineIdAsync(app), new Dictionary<string, string> { ["Input.Kind"] = "entered-in-error" });

        Assert.Multiple(() =>
        {
            Assert.That(timeline.GetElementById(code), Is.Null);
            Assert.That(calendar, Does.Not.Contain("Hearing on the wrong plan"));
            Assert.That(api, Does.Not.Contain(code));
            Assert.That(log.QuerySelector("tbody")!.Squash(), Does.Contain("Withdrew an item added to the timeline (entered in error)"));
            Assert.That(log.GetElementById($"item-{code}") ?? log.QuerySelectorAll("tr.withdrawn").FirstOrDefault(), Is.Not.Null);
            Assert.That(page.QuerySelector(".notice")!.Squash(), Does.Contain("was withdrawn"));
            Assert.That(keyDeadline.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    private static async Task<long> KeyDeadlineIdAsync(TestApp app)
    {
        await using var connection = await app.Database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT t.Id FROM TimelineItems t JOIN Cases c ON c.KeyDeadlineCode = t.Code");
    }
}

public class WithdrawSourceLinkTests
{
    [Test]
    public async Task Withdraw_ASourceLink_OnlyOnceNothingRestsOnIt_AndItStaysListedStruckThrough()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        using (var edited = await editor.SubmitAsync("/deficiencies/D-05/edit", new Dictionary<string, string>
        {
            ["Input.Area"] = "Access",
            ["Input.Reason"] = "A blog post names the area.",
            ["Input.Source.Title"] = "Blog post about another case",
            ["Input.Source.Publisher"] = "A blog",
            ["Input.Source.Url"] = "https://example.org/blog",
            ["Input.Source.PublishedOn"] = "2026-11-01",
            ["Input.Source.Kind"] = "other",
        }))
        {
            Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await edited.Content.ReadAsStringAsync());
        }
        var page = await TestApp.ParseAsync(await editor.GetAsync("/deficiencies/D-05"));
        var link = page.QuerySelectorAll("a[href^='/changes/withdraw/source-link/']").Single(a => a.TextContent.Contains("Blog post", StringComparison.Ordinal)).GetAttribute("href")!;
        var edit = page.QuerySelector("tr[id^=edit-]")!.Id!["edit-".Length..];
        var reason = new Dictionary<string, string> { ["Input.Kind"] = "entered-in-error", ["Input.Reason"] = "The post is about another plan." };

        using (var refused = await editor.SubmitAsync(link, reason))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await TestApp.ParseAsync(refused)).QuerySelector("#errors")!.Squash(), Does.Contain("1 entry of D-05 still rest on this source"));
        }
        using (var withdrawn = await editor.SubmitAsync($"/changes/withdraw/field-edit/{edit}", reason))
        {
            Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        using (var unlinked = await editor.SubmitAsync(link, reason))
        {
            Assert.That(unlinked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await unlinked.Content.ReadAsStringAsync());
        }
        using var again = await editor.GetAsync(link);
        var sources = (await app.GetDocumentAsync("/deficiencies/D-05")).GetElementById("sources")!.NextElementSibling!.Squash();
        var withdrawnList = (await app.GetDocumentAsync("/deficiencies/D-05")).QuerySelector("li.withdrawn")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(sources, Does.Not.Contain("Blog post about another case"));
            Assert.That(withdrawnList, Does.Contain("Blog post about another case").And.Contain("Link withdrawn").And.Contain("The post is about another plan."));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a link withdrawn is no longer there to withdraw");
        });
    }
}
