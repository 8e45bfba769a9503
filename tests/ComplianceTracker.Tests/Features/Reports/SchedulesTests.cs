using System.Net;
using ComplianceTracker.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

public sealed class SchedulesTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private Dictionary<string, Hangfire.Storage.RecurringJobDto> RecurringJobs()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id);
    }

    [Test]
    public async Task Save_StoresTheScheduleAndReregistersTheJob()
    {
        using var admin = await app.SignedInClientAsync("Admin");
        using var response = await admin.SubmitAsync("/admin/schedules", new Dictionary<string, string>
        {
            ["Input[0].Cron"] = "15 9 * * 3",
            ["Input[0].TimeZone"] = "America/Chicago",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var jobs = RecurringJobs();
        Assert.That(jobs["status-report-weekly"].Cron, Is.EqualTo("15 9 * * 3"));
        Assert.That(jobs["status-report-weekly"].TimeZoneId, Is.EqualTo("America/Chicago"));
        Assert.That(jobs["status-report-monthly"].Cron, Is.EqualTo("0 7 1 * *"), "the other schedule is untouched");

        var page = await TestApp.ParseAsync(await admin.GetAsync("/admin/schedules"));
        Assert.That(page.QuerySelector(".saved")!.Squash(), Does.Contain("Saved the weekly status report schedule"));
        Assert.That(page.QuerySelector("input[name='Input[0].Cron']")!.GetAttribute("value"), Is.EqualTo("15 9 * * 3"));
        Assert.That(page.QuerySelector("main")!.Squash(), Does.Contain("Set by Test Admin"));
    }

    [TestCase("Input[0].Cron", "every monday", "is not a cron expression")]
    [TestCase("Input[0].Cron", "0 7 * * 1 2026", "is not a cron expression")]
    [TestCase("Input[1].TimeZone", "Mars/Olympus_Mons", "is not a time zone")]
    [TestCase("Input[0].Cron", "* * * * *", "fires more often than once an hour")]
    [TestCase("Input[0].Cron", "*/30 * * * *", "fires more often than once an hour")]
    [TestCase("Input[0].Cron", "0,59 7 * * 1", "fires more often than once an hour")]
    [TestCase("Input[1].Cron", "0 7 1,2 * *", null)]
    [TestCase("Input[0].Cron", "0 0 30 2 *", "never fires")]
    [TestCase("Input[0].Cron", "0 0 31 4 *", "never fires")]
    [TestCase("Input[1].Cron", "0 7 1 13 *", "is not a cron expression")]
    [TestCase("Input[1].Cron", "0 7 1 * * *", "is not a cron expression")]
    [TestCase("Input[1].Cron", "0 7 * * 1\u0007", "cannot contain U+0007", TestName = "{m}(Input[1].Cron, 0 7 * * 1 U+0007)")]
    public async Task Save_RefusesAnInvalidSchedule_NamingTheFieldAndKeepingTheInput(string field, string value, string? message)
    {
        using var admin = await app.SignedInClientAsync("Admin");
        using var response = await admin.SubmitAsync("/admin/schedules", new Dictionary<string, string> { [field] = value });
        if (message is null)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "twice a month is fine");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(message));
        Assert.That(page.QuerySelector($"input[name='{field}']")!.GetAttribute("value"), Is.EqualTo(value));
        Assert.That(RecurringJobs()["status-report-weekly"].Cron, Is.EqualTo("0 7 * * 1"));
    }

    [Test]
    public async Task Schedules_AreForAdminsOnly()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.GetAsync("/admin/schedules");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/account/denied"));
    }

    [Test]
    public async Task JobsDashboard_OpensForAdmins_AndNoOneElse()
    {
        using var admin = await app.SignedInClientAsync("Admin");
        using var adminResponse = await admin.GetAsync("/jobs");
        Assert.That(adminResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await adminResponse.Content.ReadAsStringAsync(), Does.Contain("ComplianceTracker background jobs"));

        using var editor = await app.SignedInClientAsync("Editor");
        using var editorResponse = await editor.GetAsync("/jobs/recurring");
        Assert.That(editorResponse.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden));

        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var anonymousResponse = await anonymous.GetAsync("/jobs");
        Assert.That(anonymousResponse.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(anonymousResponse.Headers.Location!.ToString(), Does.Contain("/account/login"));
    }

    /// <summary>Posts a dashboard button as its script does: the form values, and the antiforgery token from the page's meta tags.</summary>
    private static async Task<HttpResponseMessage> PressDashboardButtonAsync(HttpClient client, string tokenFrom, string action, bool withToken = true)
    {
        var page = await TestApp.ParseAsync(await client.GetAsync(tokenFrom));
        using var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "status-report-monthly" }),
        };
        var header = page.QuerySelector("meta[name=csrf-header]")?.GetAttribute("content");
        var token = page.QuerySelector("meta[name=csrf-token]")?.GetAttribute("content");
        if (withToken)
        {
            Assert.That(header, Is.Not.Null.And.Not.Empty, "the dashboard page carries the antiforgery header name");
            Assert.That(token, Is.Not.Null.And.Not.Empty, "and the token");
            request.Headers.Add(header!, token);
        }
        return await client.SendAsync(request);
    }

    [Test]
    public async Task JobsDashboard_TriggerButton_WorksForAdmins_WithTheToken()
    {
        using var admin = await app.SignedInClientAsync("Admin");
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var before = monitoring.EnqueuedCount("default");
        using var response = await PressDashboardButtonAsync(admin, "/jobs/recurring", "/jobs/recurring/trigger");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(monitoring.EnqueuedCount("default"), Is.EqualTo(before + 1), "the job was queued");
    }

    [Test]
    public async Task JobsDashboard_Buttons_AreRefused_WithoutTheToken_OrForEditors()
    {
        using var admin = await app.SignedInClientAsync("Admin");
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var before = monitoring.EnqueuedCount("default");
        using var noToken = await PressDashboardButtonAsync(admin, "/jobs/recurring", "/jobs/recurring/trigger", withToken: false);
        Assert.That((int)noToken.StatusCode, Is.AnyOf(400, 403), "no token, no action");

        using var editor = await app.SignedInClientAsync("Editor");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jobs/recurring/trigger")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "status-report-monthly" }),
        };
        using var editorResponse = await editor.SendAsync(request);
        Assert.That(editorResponse.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden));
        Assert.That(monitoring.EnqueuedCount("default"), Is.EqualTo(before), "nothing was queued");
    }
}
