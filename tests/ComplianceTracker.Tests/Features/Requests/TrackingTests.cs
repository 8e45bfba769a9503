using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Requests;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>
/// A request's dated history on the real app: sent, its determination date from the law's file, an extension the law
/// allows and one it does not, overdue and the daily check's follow-up, and the answer that ends it.
/// </summary>
public sealed class TrackingTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private RecordsRequestJob Job => app.Services.GetRequiredService<RecordsRequestJob>();

    private static string Standing(IHtmlDocument page) => page.QuerySelector("dl.facts")!.Squash();

    /// <summary>27 November 2026 plus the given days, at noon in California.</summary>
    private void Today(int day, int month = 12) =>
        app.Clock.SetUtcNow(new DateTimeOffset(month == 1 ? 2027 : 2026, month, day, 20, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Sent_TheDeterminationDate_IsTenDaysLater_AcrossTheMonthEnd_WithItsSection_AndTheLetterIsKept()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        await editor.RecordOkAsync(id, "sent", "2026-11-25", new Dictionary<string, string> { ["Input.Method"] = "email" });

        var manage = await editor.ManagePageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(Standing(manage), Does.Contain("Determination due 5 December 2026: 10 days after 25 November 2026, the day it was sent (no later day of receipt is on record) (Gov. Code § 7922.535(a))."));
            Assert.That(Standing(manage), Does.Contain("Awaiting determination (2 days since it was sent)"));
            Assert.That(manage.QuerySelector("h2#letter")!.TextContent, Is.EqualTo("The letter as sent"));
            Assert.That(manage.QuerySelector($"a[href='/requests/{id}/edit']"), Is.Null, "a sent request's letter is not edited");
        });

        using var edit = await editor.GetAsync($"/requests/{id}/edit");
        Assert.That(edit.Headers.Location!.ToString(), Is.EqualTo($"/requests/{id}/manage"));
        using var again = await editor.RecordAsync(id, "sent", "2026-11-26", new Dictionary<string, string> { ["Input.Method"] = "email" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestApp.ParseAsync(again)).QuerySelector(".error-summary")!.TextContent, Does.Contain("the request is on record as sent on 25 November 2026"));
    }

    [Test]
    public async Task Extension_Of14Days_MovesTheDate_OneOf15IsRefusedWithTheLawsLimit_AndASecondIsRefused()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        await editor.RecordOkAsync(id, "sent", "2026-11-25", new Dictionary<string, string> { ["Input.Method"] = "email" });

        using var fifteen = await editor.RecordAsync(id, "extended", "2026-11-27", new Dictionary<string, string> { ["Input.ExtensionDays"] = "15", ["Input.Note"] = "Notice of unusual circumstances." });
        Assert.That(fifteen.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var refused = await TestApp.ParseAsync(fifteen);
        Assert.Multiple(() =>
        {
            Assert.That(refused.QuerySelector(".error-summary")!.TextContent, Does.Contain("Days of extension: 15 days is more than the 14 days Gov. Code § 7922.535(b) allows (to 19 December 2026 at the latest)."));
            Assert.That(((IHtmlInputElement)refused.QuerySelector("input[name='Input.ExtensionDays']")!).Value, Is.EqualTo("15"), "what was typed is kept");
            Assert.That(((IHtmlTextAreaElement)refused.QuerySelector("textarea[name='Input.Note']")!).Value, Is.EqualTo("Notice of unusual circumstances."));
        });

        await editor.RecordOkAsync(id, "extended", "2026-11-27", new Dictionary<string, string> { ["Input.ExtensionDays"] = "14" });
        var manage = await editor.ManagePageAsync(id);
        Assert.That(Standing(manage), Does.Contain("Determination due 19 December 2026: 10 days after 25 November 2026, the day it was sent (no later day of receipt is on record) (Gov. Code § 7922.535(a)), extended by 14 days from 5 December 2026 (Gov. Code § 7922.535(b))."));
        Assert.That(manage.QuerySelector("table.request-history")!.TextContent, Does.Contain("Extended by 14 days"));

        using var second = await editor.RecordAsync(id, "extended", "2026-11-27", new Dictionary<string, string> { ["Input.ExtensionDays"] = "1" });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestApp.ParseAsync(second)).QuerySelector(".error-summary")!.TextContent, Does.Contain("Gov. Code § 7922.535(b) allows one extension, and one was recorded on 27 November 2026."));
    }

    [Test]
    public async Task Overdue_TheDailyCheckDraftsOneFollowUp_TheDeskListsIt_AndTheAnswerEndsIt()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        await editor.RecordOkAsync(id, "sent", "2026-11-25", new Dictionary<string, string> { ["Input.Method"] = "email" });
        await editor.MakePublicAsync(id);

        Today(5);
        Assert.That(await Job.RunAsync(CancellationToken.None), Is.Zero, "not overdue on the day itself");
        Today(8);
        var list = await app.GetDocumentAsync("/requests");
        var row = list.QuerySelector($"tr#R-{id}")!;
        Assert.Multiple(() =>
        {
            Assert.That(row.QuerySelector("td[data-label='Determination due']")!.TextContent, Is.EqualTo("5 December 2026"));
            Assert.That(row.QuerySelector("td[data-label='Days outstanding']")!.TextContent, Is.EqualTo("13"));
            Assert.That(row.QuerySelector("td[data-label='Outcome']")!.TextContent.Trim(), Is.EqualTo("Overdue by 3 days"));
        });
        var page = await app.GetDocumentAsync($"/requests/{id}");
        Assert.That(Standing(page), Does.Contain("Overdue by 3 days: no determination is on record, and it was due 5 December 2026 (Gov. Code § 7922.535(a))."));

        Assert.That(await Job.RunAsync(CancellationToken.None), Is.EqualTo(1));
        // A sign-in lasts 8 hours from the last request: the staffer coming back days later signs in again.
        using var staffer = await app.SignedInClientAsync("Editor");
        Assert.That(await Job.RunAsync(CancellationToken.None), Is.Zero, "one follow-up a missed date");
        var manage = await staffer.ManagePageAsync(id);
        var followUp = ((IHtmlTextAreaElement)manage.QuerySelector("textarea[name='Input.FollowUpText']")!).Value;
        Assert.Multiple(() =>
        {
            Assert.That(followUp, Does.Contain("Re: Follow-up on my request for records of 25 November 2026"));
            Assert.That(followUp, Does.Contain("By my count your determination was due on 5 December 2026: 10 days after 25 November 2026"));
            Assert.That(followUp, Does.Contain("As of 8 December 2026 I have not received your determination."));
            Assert.That(manage.QuerySelector("section.follow-up")!.Squash(), Does.Contain("Drafted 8 December 2026 by ComplianceTracker (daily check), because the determination due 5 December 2026 was not on record: not yet recorded as sent."));
        });
        var desk = await staffer.PageAsync("/desk");
        var overdue = desk.QuerySelector("#requests-overdue table")!.Squash();
        Assert.That(overdue, Does.Contain($"R-{id}").And.Contain("Send the follow-up"));

        await staffer.RecordOkAsync(id, "follow-up-sent", "2026-12-08", new Dictionary<string, string> { ["Input.Method"] = "email" });
        Today(10);
        using var third = await app.SignedInClientAsync("Editor");
        await third.RecordOkAsync(id, "records-received", "2026-12-10", new Dictionary<string, string> { ["Input.Note"] = "The survey report, 88 pages." });
        Assert.Multiple(async () =>
        {
            Assert.That(await Job.RunAsync(CancellationToken.None), Is.Zero);
            var after = await app.GetDocumentAsync("/requests");
            Assert.That(after.QuerySelector($"tr#R-{id} td[data-label='Outcome']")!.TextContent.Trim(), Is.EqualTo("Records received 10 December 2026, 5 days late"));
            Assert.That(after.QuerySelector("ul.agency-lines")!.Squash(), Is.EqualTo("DMHC: 1 request sent; 1 determined, 0 of them answered on time; median 15 days from sending to determination."));
            Assert.That((await third.PageAsync("/desk")).QuerySelector("#requests-overdue")!.TextContent, Does.Not.Contain($"R-{id}"));
        });
    }

    [Test]
    public async Task AnEntryMadeInError_IsWithdrawn_StaysListed_AndNoLongerCounts()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        await editor.RecordOkAsync(id, "sent", "2026-11-25", new Dictionary<string, string> { ["Input.Method"] = "email" });
        await editor.RecordOkAsync(id, "denied", "2026-11-26", new Dictionary<string, string> { ["Input.Note"] = "Typed on the wrong request." });
        var manage = await editor.ManagePageAsync(id);
        var withdraw = (IHtmlFormElement)manage.QuerySelectorAll("details.entry-actions form").Last();
        using var missing = await editor.PostFormAsync(withdraw, new Dictionary<string, string> { ["Input.WithdrawReason"] = "" }, $"/requests/{id}/manage");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var done = await editor.PostFormAsync(withdraw, new Dictionary<string, string> { ["Input.WithdrawReason"] = "Recorded on the wrong request." }, $"/requests/{id}/manage");
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var after = await editor.ManagePageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(Standing(after), Does.Contain("Awaiting determination"));
            Assert.That(after.QuerySelector("table.request-history tr.corrected")!.Squash(), Does.Contain("Withdrawn by Test Editor: Recorded on the wrong request. It no longer counts."));
        });
    }

    [Test]
    public void TheDailyCheck_IsRegisteredWithEveryOtherRecurringJob()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == RecordsRequestJob.Id);
        Assert.Multiple(() =>
        {
            Assert.That(job.Cron, Is.EqualTo("0 6 * * *"));
            Assert.That(job.TimeZoneId, Is.EqualTo("America/Los_Angeles"));
        });
    }
}
