using AngleSharp.Html.Parser;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>
/// With no SMTP host (the README's two commands) messages are .eml files under the data folder; and every message says
/// what changed in the site's own words, the same sentences in its text and HTML parts, linking only to the site.
/// </summary>
public sealed class PickupTests
{
    [Test]
    public async Task WithoutAnSmtpHost_MessagesAreEmlFilesUnderTheDataFolder()
    {
        using var app = AlertKit.App(smtp: false);
        var mailer = app.Services.GetRequiredService<Mailer>();
        Assert.Multiple(() =>
        {
            Assert.That(mailer.UsesPickup, Is.True);
            Assert.That(mailer.PickupDirectory, Does.StartWith(app.DataDirectory));
            Assert.That(mailer.Describe(), Does.StartWith("Mail: no Mail:Smtp:Host is set, so alert messages are written as .eml files to"));
        });
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deficiency:D-01", smtp: false);
        Assert.That(Directory.GetFiles(mailer.PickupDirectory, "*.tmp"), Is.Empty, "each file is written whole, then moved into place");
    }

    [Test]
    public async Task ChangeMessage_SaysWhatTheChangeLogSays_InBothParts_AndLinksOnlyToTheSite()
    {
        using var app = AlertKit.App(smtp: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deficiency:D-01", smtp: false);
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-01", "regulator:corrected", "DMHC's follow-up letter finds it corrected.");
        await AlertKit.RunScanAsync(app);
        var alert = (await AlertKit.WaitForPickupAsync(app, email, count: 2))[^1];

        // The change log's row for it: the same summary and provenance, word for word.
        var changes = await app.GetDocumentAsync("/changes");
        var row = changes.QuerySelectorAll("tbody tr").First(r => r.Id!.StartsWith("status-", StringComparison.Ordinal));
        var summary = row.QuerySelector("td[data-label='What changed']")!.ChildNodes.First().TextContent.Trim();
        var provenance = row.QuerySelector("td[data-label='What changed'] .prov")!.TextContent.Trim();
        Assert.That(alert.TextBody, Does.Contain($"Assessment: {summary} ({provenance})."));

        var html = new HtmlParser().ParseDocument(alert.HtmlBody ?? "");
        Assert.Multiple(() =>
        {
            Assert.That(Squeeze(html.Body!.TextContent), Is.EqualTo(Squeeze(WithoutAddresses(alert.TextBody))), "the HTML part says what the text part says");
            Assert.That(html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")), Is.All.StartWith("https://tracker.example.org/"));
            Assert.That(html.QuerySelectorAll("img, script, link, style, iframe"), Is.Empty);
            Assert.That(alert.Headers["List-Unsubscribe"], Does.StartWith("<https://tracker.example.org/alerts/one-click?token="));
            Assert.That(alert.From.Mailboxes.Single().Address, Is.EqualTo("alerts@tracker.example.org"));
        });
    }

    [Test]
    public async Task UnsubscribeLink_StopsAtOnce_AndCanBeUndone_AndTheManagePageMasksTheAddress()
    {
        using var app = AlertKit.App(smtp: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        await AlertKit.ConfirmedAsync(app, reader, email, "deficiency:D-06", smtp: false);
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-06", "regulator:corrected", "Corrected per DMHC.");
        await AlertKit.RunScanAsync(app);
        var alert = (await AlertKit.WaitForPickupAsync(app, email, count: 2))[^1];

        var unsubscribe = AlertKit.PathOf(AlertKit.LinkTo(alert, "/alerts/unsubscribe"));
        using (var stopped = await reader.GetAsync(unsubscribe))
        {
            var page = await TestApp.ParseAsync(stopped);
            Assert.That(page.QuerySelector("h1")?.TextContent, Is.EqualTo("Unsubscribed"));
            var manage = await app.GetDocumentAsync(AlertKit.PathOf(AlertKit.LinkTo(alert, "/alerts/manage")));
            Assert.That(manage.QuerySelector("td[data-label=State]")?.TextContent, Is.EqualTo("Stopped"));
        }
        using (var undone = await reader.SubmitAsync(unsubscribe, new Dictionary<string, string>(), "main form[method=post]"))
        {
            Assert.That((await TestApp.ParseAsync(undone)).QuerySelector("h1")?.TextContent, Is.EqualTo("Following again"));
        }
        var after = await app.GetDocumentAsync(AlertKit.PathOf(AlertKit.LinkTo(alert, "/alerts/manage")));
        Assert.Multiple(() =>
        {
            Assert.That(after.QuerySelector("td[data-label=State]")?.TextContent, Is.EqualTo("Following"));
            Assert.That(after.QuerySelector("p.lede")?.TextContent, Does.Contain(email[0] + "•••@example.org"));
            Assert.That(after.DocumentElement.OuterHtml, Does.Not.Contain(email));
        });
    }

    private static string WithoutAddresses(string text) => System.Text.RegularExpressions.Regex.Replace(text.Replace("\r\n", "\n"), @": https://\S+", "")
        .Replace("\n-", "\n").Replace("> \u201C", "\u201C").Replace("\n>   ", "\n").Replace("\n* ", "\n");

    private static string Squeeze(string text) => SameWords.Squeeze(text, "-");
}
