using System.Net;
using AngleSharp.Html.Parser;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>What the alert tests share: the app set up to send, a reader's subscription made as a reader makes it, the links of a message.</summary>
public static class AlertKit
{
    /// <summary>A test app that sends through the real SMTP server (or, with <paramref name="smtp"/> false, into its pickup folder), its job server on.</summary>
    public static TestApp App(bool smtp = true, bool jobServer = true, DateTimeOffset? now = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Jobs:Server"] = jobServer ? "true" : "false",
            ["Reports:PublishOnStartup"] = "false",
            // The recurring scan is run by the tests themselves, when they want it.
            ["Alerts:ScanCron"] = "0 0 1 1 *",
        };
        if (smtp)
        {
            foreach (var (key, value) in MailServer.Settings)
            {
                all[key] = value;
            }
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return new TestApp(now, settings: all);
    }

    /// <summary>Fills in the /alerts form as a reader does, from an item's page (its small form opens /alerts with the item chosen).</summary>
    public static async Task<HttpResponseMessage> SubscribeAsync(HttpClient reader, string email, string follow, string frequency = Frequencies.Immediate)
    {
        var url = $"/alerts?follow={Uri.EscapeDataString(follow)}";
        return await reader.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Frequency"] = frequency,
        }, "form#subscribe");
    }

    /// <summary>Subscribes through the form and follows the confirmation link of the message that arrives (SMTP or pickup).</summary>
    public static async Task ConfirmedAsync(TestApp app, HttpClient reader, string email, string follow, string frequency = Frequencies.Immediate, bool smtp = true)
    {
        using (var response = await SubscribeAsync(reader, email, follow, frequency))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var confirmation = smtp ? (await MailServer.WaitForAsync(email))[^1] : (await WaitForPickupAsync(app, email))[^1];
        using var confirmed = await reader.SubmitAsync(PathOf(LinkTo(confirmation, "/alerts/confirm")), new Dictionary<string, string>(), "form#confirm");
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "following the confirmation link and pressing its button");
    }

    /// <summary>The messages written to the pickup folder for <paramref name="to"/>, once at least <paramref name="count"/> are there.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForPickupAsync(TestApp app, string to, int count = 1, int seconds = 30)
    {
        var folder = app.Services.GetRequiredService<Mailer>().PickupDirectory;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = new List<MimeMessage>();
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder, "*.eml").OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal))
                {
                    var message = await MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address == to))
                    {
                        found.Add(message);
                    }
                }
            }
            if (found.Count >= count || DateTime.UtcNow > until)
            {
                Assert.That(found, Has.Count.GreaterThanOrEqualTo(count), $"messages to {to} in {folder}");
                return found;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The first link of the HTML part whose address has <paramref name="path"/> in it.</summary>
    public static string LinkTo(MimeMessage message, string path)
    {
        var html = new HtmlParser().ParseDocument(message.HtmlBody ?? "");
        var link = html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).FirstOrDefault(h => h.Contains(path, StringComparison.Ordinal));
        Assert.That(link, Is.Not.Null, $"a link to {path} in \u201C{message.Subject}\u201D");
        return link!;
    }

    /// <summary>An absolute link of the site as a path the test client can ask for.</summary>
    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    public static async Task RunScanAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AlertScanJob>().RunAsync(CancellationToken.None);
    }

    public static async Task<T> RunAsync<T>(TestApp app, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }
}
