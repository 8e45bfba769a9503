using System.Net;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>What a follower receives through the real SMTP server: the change, one-click unsubscribe, the digest, reminders, bounces.</summary>
public sealed class DeliveryTests
{
    [Test]
    public async Task StatusChange_ReachesTheFollower_AndTheListUnsubscribePost_StopsIt()
    {
        await MailServer.RequireAsync();
        using var app = AlertKit.App();
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deficiency:D-01");

        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-01", "regulator:corrected", "DMHC's follow-up letter finds it corrected.");
        await AlertKit.RunScanAsync(app);

        var alert = (await MailServer.WaitForAsync(email, count: 2))[^1];
        Assert.Multiple(() =>
        {
            Assert.That(alert.Subject, Does.StartWith("D-01: Regulator: "));
            Assert.That(alert.TextBody ?? "", Does.Contain("DMHC's follow-up letter finds it corrected."));
            Assert.That(alert.TextBody ?? "", Does.Contain("Source: DMHC letter (its link is on the record)."));
            Assert.That(alert.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
            Assert.That(alert.Headers["List-Unsubscribe"], Does.StartWith("<https://tracker.example.org/alerts/one-click?token="));
        });

        // A mail program's one-click: a POST to the header's address, no cookie, no antiforgery token.
        var oneClick = alert.Headers["List-Unsubscribe"].Trim('<', '>');
        using var mailProgram = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var stopped = await mailProgram.PostAsync(AlertKit.PathOf(oneClick), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Nothing more comes for D-01.
        await editor.RecordAssessmentAsync("D-01", "regulator:not-corrected", "Reversed on appeal.");
        await AlertKit.RunScanAsync(app);
        await Task.Delay(1500);
        Assert.That(await MailServer.ReadAsync(email), Has.Count.EqualTo(2));
        var manage = await app.GetDocumentAsync(AlertKit.PathOf(AlertKit.LinkTo(alert, "/alerts/manage")));
        Assert.That(manage.QuerySelector("tbody tr td[data-label=State]")?.TextContent, Is.EqualTo("Stopped"));
    }

    [Test]
    public async Task RetriedSendJob_NeverSendsTheSameChangeTwice()
    {
        await MailServer.RequireAsync();
        using var app = AlertKit.App();
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deficiency:D-02");
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-02", "regulator:corrected", "Corrected per DMHC.");
        await AlertKit.RunScanAsync(app);
        await MailServer.WaitForAsync(email, count: 2);

        // Hangfire retries a job that failed after sending, and two nodes may run one at once: run it again, twice at once.
        var changeId = await AlertKit.RunAsync(app, sp => sp.GetRequiredService<AlertStore>().ReadAsync(c =>
            Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT MAX(Id) FROM AlertChanges")));
        await Task.WhenAll(
            AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<AlertSendJob>().RunAsync(changeId, CancellationToken.None); return 0; }),
            AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<AlertSendJob>().RunAsync(changeId, CancellationToken.None); return 0; }));
        await AlertKit.RunScanAsync(app);
        await Task.Delay(1500);
        Assert.That((await MailServer.ReadAsync(email)).Count(m => (m.Subject ?? "").StartsWith("D-02:", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task WeeklyDigest_CarriesEveryChangeOfTheWeek_InOneMessage()
    {
        await MailServer.RequireAsync();
        using var app = AlertKit.App();
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "case", Frequencies.Weekly);
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-01", "regulator:corrected", "First change of the week.");
        await editor.RecordAssessmentAsync("D-02", "regulator:corrected", "Second change of the week.");
        await AlertKit.RunScanAsync(app);
        await Task.Delay(1000);
        Assert.That(await MailServer.ReadAsync(email), Has.Count.EqualTo(1), "a weekly follower gets nothing until the digest");

        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<AlertDigestJob>().RunAsync(CancellationToken.None); return 0; });
        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<AlertDigestJob>().RunAsync(CancellationToken.None); return 0; });
        var messages = await MailServer.WaitForAsync(email, count: 2);
        await Task.Delay(1000);
        Assert.That(await MailServer.ReadAsync(email), Has.Count.EqualTo(2), "one digest, once");
        var digest = messages[^1];
        Assert.Multiple(() =>
        {
            Assert.That(digest.Subject, Does.StartWith("This week on ComplianceTracker: 2 changes"));
            Assert.That(digest.TextBody ?? "", Does.Contain("First change of the week."));
            Assert.That(digest.TextBody ?? "", Does.Contain("Second change of the week."));
            Assert.That(digest.TextBody!.IndexOf("First", StringComparison.Ordinal), Is.LessThan(digest.TextBody!.IndexOf("Second", StringComparison.Ordinal)), "oldest first");
            Assert.That(digest.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        });
    }

    [Test]
    public async Task Deadline_GetsItsReminder7DaysBefore_Once()
    {
        await MailServer.RequireAsync();
        // DL-INVESTMENT-END falls due in October 2028, counted to its last day: 31 October. Noon in California, 7 days before.
        using var app = AlertKit.App(now: new DateTimeOffset(2028, 10, 24, 19, 0, 0, TimeSpan.Zero));
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deadline:DL-INVESTMENT-END", Frequencies.Weekly);

        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<DeadlineReminderJob>().RunAsync(CancellationToken.None); return 0; });
        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<DeadlineReminderJob>().RunAsync(CancellationToken.None); return 0; });
        var reminder = (await MailServer.WaitForAsync(email, count: 2))[^1];
        Assert.Multiple(() =>
        {
            Assert.That(reminder.Subject, Is.EqualTo("DL-INVESTMENT-END: ends in 7 days (October 2028)"));
            Assert.That(reminder.TextBody ?? "", Does.Contain("counted as due on its last day, 31 October 2028"));
        });
        await Task.Delay(1000);
        Assert.That(await MailServer.ReadAsync(email), Has.Count.EqualTo(2), "the reminder is sent once, though the job ran twice");

        // The day before, the 1-day reminder.
        app.Clock.Advance(TimeSpan.FromDays(6));
        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<DeadlineReminderJob>().RunAsync(CancellationToken.None); return 0; });
        Assert.That((await MailServer.WaitForAsync(email, count: 3))[^1].Subject, Is.EqualTo("DL-INVESTMENT-END: ends in 1 day (October 2028)"));
    }

    [Test]
    public async Task PermanentBounce_PausesTheAddress_AndAdminsSeeIt()
    {
        await MailServer.RequireAsync();
        using var app = AlertKit.App();
        // The CI server refuses every address starting "bounce-" with 550 (smtp4dev's recipient rule in .ci/run).
        var email = MailServer.NewAddress("bounce");
        await AlertKit.RunAsync(app, async sp =>
        {
            var store = sp.GetRequiredService<AlertStore>();
            var request = await store.RequestAsync(email, new FollowTarget(FollowTarget.Deficiency, "D-03"), Frequencies.Immediate, app.Clock.GetUtcNow(), "2026-11-27", 3);
            return await store.ConfirmAsync(request!.SubscriptionId, request.Nonce, Frequencies.Immediate, app.Clock.GetUtcNow());
        });
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-03", "regulator:corrected", "Corrected.");
        await AlertKit.RunScanAsync(app);

        using var admin = await app.SignedInClientAsync("Admin");
        var masked = email[0] + "•••@example.org";
        for (var i = 0; i < 60 && !(await TestApp.ParseAsync(await admin.GetAsync("/admin/alerts"))).Body!.TextContent.Contains(masked, StringComparison.Ordinal); i++)
        {
            await Task.Delay(500);
        }
        var page = await TestApp.ParseAsync(await admin.GetAsync("/admin/alerts"));
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#failures + div table")?.TextContent, Does.Contain(masked).And.Contain("550").And.Contain("The address is paused"));
            Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain(email), "Admins see the address masked");
        });
        var paused = await AlertKit.RunAsync(app, sp => sp.GetRequiredService<AlertStore>().StatsAsync());
        Assert.That(paused.PausedAddresses, Is.EqualTo(1));
    }
}
