using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Reports;

public sealed class PublishTests
{
    [Test]
    public async Task Publish_QueuesAnEdition_AndTheStatusPageFollowsItToPublished()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Server"] = "true", ["Reports:PublishOnStartup"] = "false" });
        using var client = await app.SignedInClientAsync("Editor");

        using var response = await client.SubmitAsync("/reports/publish", new Dictionary<string, string>());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var statusUrl = response.Headers.Location!.ToString();
        Assert.That(statusUrl, Does.StartWith("/reports/publish/"));

        using (var first = await client.GetAsync(statusUrl))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var page = await TestApp.ParseAsync(first);
            var status = page.QuerySelector("#publish-status")!;
            Assert.That(status.GetAttribute("role"), Is.EqualTo("status"));
            if (status.GetAttribute("data-done") == "false")
            {
                // Follows itself: a script file (CSP allows no inline script) and, without JavaScript, a meta refresh.
                Assert.That(page.QuerySelector("script[src^='/js/publish-status.'][src$='.js']"), Is.Not.Null);
                Assert.That(page.Head!.QuerySelector("noscript")!.InnerHtml, Does.Contain("http-equiv=\"refresh\""), "in the head, where a meta belongs");
            }
        }

        var message = await ReportApp.EventuallyAsync(async () =>
        {
            using var poll = await client.GetAsync(statusUrl + "?handler=progress");
            var json = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
            return json.GetProperty("done").GetBoolean() ? json.GetProperty("message").GetString() : null;
        });
        Assert.That(message, Is.EqualTo("Published: edition 1."));
        using var final = await client.GetAsync(statusUrl);
        var done = await TestApp.ParseAsync(final);
        Assert.That(done.QuerySelector("#publish-status")!.Squash(), Does.Contain("Published: edition 1."));
        Assert.That(done.QuerySelector("#publish-status a[href='/reports/1.pdf']"), Is.Not.Null);
        var edition = await app.Editions().FindAsync(1);
        Assert.That(edition!.Trigger, Is.EqualTo("user:Test Editor"));
    }

    [Test]
    public async Task StatusPage_FollowsItselfWithAndWithoutScript_WhileTheJobIsNotDone()
    {
        // No job server: the job stays queued, so the page is certainly not done and its checks cannot be skipped.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Server"] = "false", ["Reports:PublishOnStartup"] = "false" });
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/reports/publish", new Dictionary<string, string>());
        var statusUrl = response.Headers.Location!.ToString();

        var page = await TestApp.ParseAsync(await client.GetAsync(statusUrl));

        var status = page.QuerySelector("#publish-status")!;
        Assert.Multiple(() =>
        {
            Assert.That(status.GetAttribute("data-done"), Is.EqualTo("false"));
            Assert.That(status.Squash(), Does.Contain("Queued"));
            Assert.That(page.QuerySelector("script[src^='/js/publish-status.'][src$='.js']"), Is.Not.Null, "follows itself with JavaScript");
            Assert.That(page.Head!.QuerySelector("noscript")?.InnerHtml, Does.Contain("http-equiv=\"refresh\""), "and without, from the head");
        });
    }

    [Test]
    public async Task Publish_ShowsTheReason_WhenTheRunFails()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Server"] = "true", ["Reports:PublishOnStartup"] = "false" });
        using var client = await app.SignedInClientAsync("Editor");
        // The reports folder is replaced by a file, so the edition cannot be written.
        Directory.Delete(app.ReportsDirectory(), recursive: true);
        await File.WriteAllTextAsync(app.ReportsDirectory(), "not a folder");

        using var response = await client.SubmitAsync("/reports/publish", new Dictionary<string, string>());
        var statusUrl = response.Headers.Location!.ToString();

        var message = await ReportApp.EventuallyAsync(async () =>
        {
            using var poll = await client.GetAsync(statusUrl + "?handler=progress");
            var json = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
            return json.GetProperty("state").GetString() is "retrying" or "failed" ? json.GetProperty("message").GetString() : null;
        });
        Assert.That(message, Does.StartWith("Failed").And.Contain("nothing was published"));
        var page = await TestApp.ParseAsync(await client.GetAsync(statusUrl));
        Assert.That(page.QuerySelector("#publish-status")!.Squash(), Does.Contain("Failed"));
        Assert.That(await app.Editions().LatestAsync(), Is.Null);
    }

    [Test]
    public async Task Publish_SendsVisitorsToSignIn_AndIsRefusedWithoutTheToken()
    {
        using var app = new TestApp();
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await anonymous.GetAsync("/reports/publish");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location!.ToString(), Does.Contain("/account/login"));

        using var editor = await app.SignedInClientAsync("Editor");
        using var forged = await editor.PostAsync("/reports/publish", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task StatusPage_Answers404_ForAnUnknownJob()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.GetAsync("/reports/publish/12345");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
