using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Timeline;
using Dapper;

namespace ComplianceTracker.Tests.Features.Settlement;

/// <summary>
/// One story per settlement term: a payment, the term's status and its deadline's outcome either agree, or every page
/// that shows one of them says in words that the record disagrees with itself.
/// </summary>
public class ObligationStoryTests
{
    private const string Disagreement = "The ledger records $40M paid (Yahoo News, a secondary report); no status entry says so.";
    private const string DeadlineDisagreement = "The deadline “$40 million of the fine due” (21 October 2023) has passed with no outcome on record, but the ledger records $40M paid.";

    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> Payment() => new()
    {
        ["Input.Entry"] = "paid",
        ["Input.Amount"] = "40,000,000",
        ["Input.On"] = "2023-10",
        ["Input.Confidence"] = "reported",
        ["Input.Source.Title"] = "Kaiser pays $40 million of its fine",
        ["Input.Source.Publisher"] = "Yahoo News",
        ["Input.Source.Url"] = "https://example.org/kaiser-pays",
        ["Input.Source.PublishedOn"] = "2023-10-25",
        ["Input.Source.Kind"] = "news",
    };

    private async Task PayAsync(Dictionary<string, string> form)
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync("/settlement/O-1a/ledger", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Test]
    public async Task Seed_ShowsNoDisagreement()
    {
        var settlement = await app.GetDocumentAsync("/settlement");
        Assert.Multiple(async () =>
        {
            Assert.That(settlement.QuerySelectorAll(".disagreement, .disagrees"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/")).QuerySelectorAll(".disagreement"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/brief")).QuerySelectorAll(".disagreement"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/reports/current")).Body!.Squash(), Does.Not.Contain("disagrees with itself"));
        });
    }

    [Test]
    public async Task Payment_WithoutStatusOrOutcome_IsShownAsADisagreement_OnEveryPageThatShowsEither()
    {
        await PayAsync(Payment());

        var settlement = await app.GetDocumentAsync("/settlement");
        var card = settlement.GetElementById("O-1a")!;
        var dashboard = await app.GetDocumentAsync("/");
        var brief = await app.GetDocumentAsync("/brief");
        var current = await app.GetDocumentAsync("/reports/current");
        var briefPdf = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/brief.pdf")).AllText;
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/reports/latest.pdf")).AllText;

        Assert.Multiple(() =>
        {
            Assert.That(card.QuerySelector(".disagreement")!.Squash(), Does.Contain(Disagreement).And.Contain(DeadlineDisagreement));
            Assert.That(settlement.QuerySelector("section[aria-labelledby=disagree]")!.Squash(), Does.Contain("O-1a $40 million of the fine, paid up front: " + Disagreement));
            Assert.That(settlement.QuerySelector("table.glance a.disagrees[href='#O-1a']"), Is.Not.Null, "the summary row points to the card");
            // The case files' note predates the payment: it is no longer said as if it were the latest word.
            Assert.That(card.QuerySelector("dl.facts")!.Squash(), Does.Contain("Before the later entries on record, the case files said: Fierce Healthcare reports"));
            Assert.That(dashboard.QuerySelector("[aria-labelledby=money]")!.Squash(), Does.Contain("$40M paid, per sources").And.Contain(Disagreement));
            Assert.That(brief.QuerySelector(".disagreement")!.Squash(), Does.Contain(Disagreement).And.Contain(DeadlineDisagreement));
            Assert.That(brief.QuerySelectorAll(".brief-questions li").Select(q => q.Squash()), Has.None.Contains("$40 million of the fine due"),
                "no question says no source reports what happened to the deadline");
            Assert.That(current.QuerySelector("section#settlement")!.Squash(), Does.Contain("The record disagrees: " + Disagreement));
            Assert.That(current.QuerySelector(".report-cover")!.Squash(), Does.Contain("The record disagrees with itself: O-1a"));
            Assert.That(Squash(briefPdf), Does.Contain("The record disagrees with itself:").And.Contain("no status entry says so"));
            Assert.That(Squash(edition), Does.Contain("The record disagrees").And.Contain("no status entry says so"));
        });
    }

    [Test]
    public async Task Payment_WithStatusAndOutcome_RecordsAllThreeInOneSave_AndTheRecordAgrees()
    {
        var form = Payment();
        form["Input.Status"] = "met";
        form["Input.Deadlines[0].Outcome"] = "met";
        await PayAsync(form);

        await using var connection = await app.Database.OpenAsync();
        var ledgerSource = await connection.ExecuteScalarAsync<long>("SELECT SourceId FROM LedgerEntries ORDER BY Id DESC LIMIT 1");
        var status = await connection.QuerySingleAsync<StatusChange>(
            "SELECT ToStatus, FromStatus, EffectiveOn, EffectivePrecision, SourceId, Confidence FROM StatusChanges WHERE SubjectType = 'obligation' ORDER BY Id DESC LIMIT 1");
        var deadline = await connection.ExecuteScalarAsync<string>("SELECT Status FROM TimelineItems WHERE Code = 'DL-FINE-40M'");
        var edit = await connection.QuerySingleAsync<FieldEdit>(
            "SELECT Field, OldValue, NewValue, SourceId FROM FieldEdits WHERE ItemType = 'timeline' ORDER BY Id DESC LIMIT 1");

        var settlement = await app.GetDocumentAsync("/settlement");
        Assert.Multiple(async () =>
        {
            Assert.That((status.FromStatus, status.ToStatus, status.SourceId, status.Confidence), Is.EqualTo(("unknown", "met", (long?)ledgerSource, "reported")));
            Assert.That((status.EffectiveOn, status.EffectivePrecision), Is.EqualTo((new DateOnly(2023, 10, 1), "month")), "the ledger entry's date, at its precision");
            Assert.That(deadline, Is.EqualTo("met"));
            Assert.That((edit.Field, edit.OldValue, edit.NewValue, edit.SourceId), Is.EqualTo(("Status", "outcome-unknown", "met", (long?)ledgerSource)));
            Assert.That(settlement.GetElementById("O-1a")!.QuerySelector(".status")!.Squash(), Is.EqualTo("Met"));
            Assert.That(settlement.QuerySelectorAll(".disagreement, .disagrees"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/")).QuerySelectorAll(".disagreement"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/brief")).QuerySelectorAll(".disagreement"), Is.Empty);
            Assert.That((await app.GetDocumentAsync("/reports/current")).Body!.Squash(), Does.Not.Contain("disagrees"));
        });
    }

    [Test]
    public async Task LedgerForm_OffersStatusAndOutcome_WithNothingChosen()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await editor.GetAsync("/settlement/O-1a/ledger"));
        var form = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;

        Assert.Multiple(() =>
        {
            Assert.That(form.QuerySelectorAll("input[name='Input.Status']").Select(i => i.GetAttribute("value")), Is.EqualTo(new[] { "met", "partly-met", "" }));
            Assert.That(form.QuerySelectorAll("input[name='Input.Deadlines[0].Outcome']").Select(i => i.GetAttribute("value")), Is.EqualTo(new[] { "met", "missed", "" }));
            Assert.That(form.QuerySelectorAll("input[type=radio]").Cast<IHtmlInputElement>().Where(i => i.IsChecked), Is.Empty, "nothing is chosen for the editor");
            Assert.That(form.Squash(), Does.Contain("Outcome of the deadline “$40 million of the fine due” (21 October 2023; now Outcome unknown)"));
        });
    }

    [Test]
    public async Task LedgerForm_RefusesAnUnofferedStatus_NamingTheField_AndKeepsWhatWasTyped()
    {
        var form = Payment();
        form["Input.Status"] = "missed";
        form["Input.AlsoReason"] = "Typed by hand.";
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync("/settlement/O-1a/ledger", form);
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Status of the term: choose met, partly met"));
            Assert.That(((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Input.AlsoReason']")!).Value, Is.EqualTo("Typed by hand."));
            await using var connection = await app.Database.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM LedgerEntries WHERE Entry = 'paid'"), Is.Zero);
        });
    }

    [Test]
    public async Task LedgerForm_SavesNothing_WhenTheDeadlineChangedSinceTheFormWasRead()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await editor.GetAsync("/settlement/O-1a/ledger"));
        var form = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        await using var connection = await app.Database.OpenAsync();
        // Someone else saves the deadline meanwhile (as the timeline's edit form would: its version moves on).
        await connection.ExecuteAsync("UPDATE TimelineItems SET Version = Version + 1 WHERE Code = 'DL-FINE-40M'");

        var values = Payment();
        values["Input.Status"] = "met";
        values["Input.Deadlines[0].Outcome"] = "met";
        using var response = await editor.PostFormAsync(form, values, "/settlement/O-1a/ledger");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM LedgerEntries WHERE Entry = 'paid'"), Is.Zero);
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM StatusChanges WHERE ToStatus = 'met'"), Is.Zero);
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT Status FROM TimelineItems WHERE Code = 'DL-FINE-40M'"), Is.EqualTo("outcome-unknown"));
        });
    }

    [Test]
    public async Task SummaryTable_GivesTheSameDueDatesAsTheCards()
    {
        var page = await app.GetDocumentAsync("/settlement");
        var rows = page.QuerySelectorAll("table.glance tbody tr").ToList();
        string RowDue(string code) => rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == "#" + code).QuerySelector("td[data-label=Due]")!.Squash();
        string? CardDue(string code) => page.GetElementById(code)!.QuerySelector("dl.facts")!.Children
            .SkipWhile(e => e.Squash() != "Due").Skip(1).First().QuerySelector("strong")?.Squash();

        Assert.Multiple(() =>
        {
            Assert.That((RowDue("O-2"), CardDue("O-2")), Is.EqualTo(("Oct 2028 From the timeline, inferred", "October 2028")));
            Assert.That((RowDue("O-4"), CardDue("O-4")), Is.EqualTo(("Oct 2025 From the timeline, reported", "October 2025")));
            Assert.That((RowDue("O-1a"), CardDue("O-1a")), Is.EqualTo(("21 Oct 2023", "21 October 2023")));
            foreach (var row in rows)
            {
                var code = row.QuerySelector("a")!.GetAttribute("href")![1..];
                Assert.That(RowDue(code) == "No date on record", Is.EqualTo(CardDue(code) is null), code);
            }
        });
    }

    [Test]
    public void Story_SaysSo_WhenTheDeadlineIsMissedButTheStatusSaysMet()
    {
        var o = new Obligation { Id = 1, Code = "O-9", Kind = "consultant", Title = "Hire a consultant" };
        var view = new ObligationView { Obligation = o, Status = new StatusChange { SubjectType = "obligation", ToStatus = "met", Confidence = "reported" } };
        var deadline = new TimelineItem { Id = 5, Kind = TimelineItem.Deadline, Title = "Consultant hired", OccursOn = new DateOnly(2024, 1, 1), Status = "missed", ObligationId = 1 };

        var story = ObligationStory.Of(view, [deadline], new DateOnly(2026, 1, 1));

        Assert.That(story.Disagreements, Is.EqualTo(new[] { "The deadline “Consultant hired” (1 January 2024) is recorded as missed, but the status says Met (Reported · from no source)." }));
    }

    [Test]
    public void Story_TakesTheDueDateFromTheTermsDeadline_WhenTheTermHasNone()
    {
        var o = new Obligation { Id = 1, Code = "O-9", Title = "Invest" };
        var deadline = new TimelineItem { Id = 5, Code = "DL-X", Kind = TimelineItem.Deadline, Title = "End of the period", OccursOn = new DateOnly(2028, 10, 1), OccursPrecision = "month", DeadlineType = "period-end", Status = "open", Confidence = "low", ObligationId = 1 };

        var story = ObligationStory.Of(new ObligationView { Obligation = o }, [deadline], new DateOnly(2026, 1, 1));

        Assert.Multiple(() =>
        {
            Assert.That(story.Due!.Date.ToString(), Is.EqualTo("October 2028"));
            Assert.That(story.Due.Basis, Is.EqualTo("From the timeline: End of the period, inferred"));
            Assert.That(story.Disagreements, Is.Empty);
        });
    }
}
