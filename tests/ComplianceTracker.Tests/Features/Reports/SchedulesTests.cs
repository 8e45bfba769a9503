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
    public async Task Save_RefusesAnInvalidSchedule_NamingTheFieldAndKeepingTheInput(string field, string value, string message)
    {
        using var admin = await app.SignedInClientAsync("Admin");
        using var response = await admin.SubmitAsync("/admin/schedules", new Dictionary<string, string> { [field] = value });

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
}
