using System.Net;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>An edition can never be changed, so outside Development none is made while it would link to a wrong address.</summary>
public class ReportAddressTests
{
    [TestCase("")]
    [TestCase("http://localhost:5000")]
    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://[::1]/")]
    public async Task Publishing_Waits_WhenTheAddressIsUnsetOrLoopback(string baseUrl)
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:BaseUrl"] = baseUrl });
        using var client = app.CreateClient();

        using var health = await client.GetAsync("/healthz");
        var healthText = await health.Content.ReadAsStringAsync();
        var failure = Assert.ThrowsAsync<ReportAddress.PublishingPausedException>(() => app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None));

        using var editor = await app.SignedInClientAsync("Editor");
        using var pressed = await editor.SubmitAsync("/reports/publish", new Dictionary<string, string>());
        var page = await TestApp.ParseAsync(pressed);

        Assert.Multiple(async () =>
        {
            // The site runs; only publishing waits, and says why.
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(healthText, Does.StartWith("Degraded"));
            Assert.That(failure!.Message, Does.Contain("Reports:BaseUrl"));
            Assert.That(pressed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(page.QuerySelector("[role=alert]")!.Squash(), Does.Contain("Publishing is paused").And.Contain("Reports:BaseUrl"));
            Assert.That(page.QuerySelector("main form button")!.HasAttribute("disabled"), Is.True, "no button that would queue a failing job");
            Assert.That(app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"), Is.Zero);
            Assert.That(await app.Editions().LatestAsync(), Is.Null);
            Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Publishing_Goes_WhenTheAddressIsPublic()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:BaseUrl"] = "https://tracker.example.org" });
        using var client = app.CreateClient();
        Assert.That(await client.GetStringAsync("/healthz"), Is.EqualTo("Healthy"));
        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public void Development_FallsBackToLocalhost_AsDotnetRunAlwaysHas()
    {
        var development = new ReportAddress(Options.Create(new ReportOptions()), new HostingEnvironment { EnvironmentName = "Development" }, NullLogger<ReportAddress>.Instance);
        var production = new ReportAddress(Options.Create(new ReportOptions()), new HostingEnvironment { EnvironmentName = "Production" }, NullLogger<ReportAddress>.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(development.Problem, Is.Null);
            Assert.That(development.BaseUrl, Is.EqualTo("http://localhost:5000"));
            Assert.That(production.Problem, Does.Contain("not set"));
            Assert.That(() => production.EnsurePublishable(), Throws.TypeOf<ReportAddress.PublishingPausedException>());
        });
    }
}
