using System.Net;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Pdf;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

public sealed class StatusReportJobTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private async Task<int> EditionRowsAsync()
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Editions");
    }

    private string[] ReportFiles() => Directory.GetFiles(app.ReportsDirectory());

    [Test]
    public async Task RunAsync_PublishesOneEdition_WhenTheSameOccurrenceRunsTwice()
    {
        // Monday 30 November 2026, 07:00:05 in California: a few seconds after the weekly occurrence.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 0, 5, TimeSpan.Zero));
        var first = await app.Job().RunAsync(StatusReportJob.WeeklyId, null, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var retried = await app.Job().RunAsync(StatusReportJob.WeeklyId, null, CancellationToken.None);

        Assert.That((first, retried), Is.EqualTo((1, 1)));
        Assert.That(await EditionRowsAsync(), Is.EqualTo(1));
        Assert.That(ReportFiles().Select(Path.GetFileName), Is.EqualTo(new[] { "compliancetracker-edition-1-2026-11-30.pdf" }));
        var edition = await app.Editions().FindAsync(1);
        Assert.That(edition!.OccurrenceKey, Is.EqualTo("status-report-weekly:2026-11-30T07:00"));
        Assert.That(edition.Trigger, Is.EqualTo("status-report-weekly"));
    }

    [Test]
    public async Task RunAsync_NumbersEditionsWithoutGaps_AndRecordsTheFile()
    {
        var pressed = app.Clock.GetUtcNow();
        Assert.That(await app.Job().RunAsync("user:Test Editor", pressed, CancellationToken.None), Is.EqualTo(1));
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(2));
        // The same press again (a retry) publishes nothing new.
        Assert.That(await app.Job().RunAsync("user:Test Editor", pressed, CancellationToken.None), Is.EqualTo(1));

        var editions = await app.Editions().ListAsync();
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(new[] { 2, 1 }));
        foreach (var edition in editions)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), edition.FileName));
            Assert.That(edition.Bytes, Is.EqualTo(bytes.Length));
            Assert.That(edition.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
            Assert.That(edition.Pages, Is.EqualTo(ReportPdf.Read(bytes).Pages.Count));
        }
    }

    [Test]
    public async Task RunAsync_ListsAnAssessmentInTheNextEditionsChanges_WhenAnEditorRecordsOneBetweenEditions()
    {
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(1));
        using (var client = await app.SignedInClientAsync("Editor"))
        {
            using var response = await client.SubmitAsync("/deficiencies/D-05/assess", new Dictionary<string, string>
            {
                ["Input.Assessment"] = "regulator:corrected",
                ["Input.EffectiveOn"] = "2026-11-27",
                ["Input.Reason"] = "DMHC letter says D-05 is corrected.",
                ["Input.Confidence"] = "verified",
                ["Input.Source.Title"] = "DMHC letter to Kaiser on deficiency 5",
                ["Input.Source.Publisher"] = "California Department of Managed Health Care",
                ["Input.Source.Url"] = "https://www.dmhc.ca.gov/letters/2026-11-27",
                ["Input.Source.PublishedOn"] = "2026-11-27",
                ["Input.Source.Kind"] = "regulator-release",
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        app.Clock.Advance(TimeSpan.FromDays(6));
        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(2));

        var second = await app.Editions().FindAsync(2);
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), second!.FileName)));
        var changes = pdf.Section("Changes since edition 1", "The deficiencies");
        // Cells wrap, and PdfPig reads wrapped cells line by line across the row, so only unwrapped runs are looked for.
        Assert.That(changes, Does.Contain("D-05").And.Contain("Status change").And.Contain("Regulator: Corrected,"));
        Assert.That(changes, Does.Contain("DMHC letter says D-05 is"), "the reason");
        Assert.That(pdf.Pages[0], Does.Contain("18–19 of 20"), "the cover counts as the dashboard does");
        Assert.That(pdf.Pages[0], Does.Contain("Since edition 1 (27 November 2026): 1 change recorded — 1 status change"), "the cover says what changed");

        // A third edition with nothing recorded in between says so on its cover.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(3));
        var third = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), (await app.Editions().FindAsync(3))!.FileName)));
        Assert.That(third.Pages[0], Does.Contain("Nothing was recorded since edition 2"));

        var first = await app.Editions().FindAsync(1);
        var firstPdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), first!.FileName)));
        Assert.That(firstPdf.Pages[0], Does.Contain("19 of 20"), "an edition never changes");

        var html = await app.GetDocumentAsync("/reports/2/changes");
        Assert.That(html.QuerySelector("main table")!.Squash(), Does.Contain("D-05").And.Contain("Regulator: Corrected, effective 27 November 2026"));
    }

    [Test]
    public async Task PublishAsync_LeavesNoFileNoRowAndNoNumberUsed_WhenRenderingFails()
    {
        var publisher = app.Services.GetRequiredService<EditionPublisher>();
        var failing = () => publisher.PublishAsync(new EditionRequest("user:Test Editor", "user:Test Editor:1"), _ => throw new InvalidOperationException("Injected rendering failure."), CancellationToken.None);

        Assert.That(failing, Throws.InvalidOperationException.With.Message.EqualTo("Injected rendering failure."));
        Assert.That(await EditionRowsAsync(), Is.Zero);
        Assert.That(ReportFiles(), Is.Empty);

        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(1), "the number was not used");
    }

    [Test]
    public async Task PublishAsync_LeavesNoFileAndNoRow_WhenItFailsAfterTheFileIsWritten()
    {
        var publisher = app.Services.GetRequiredService<EditionPublisher>();
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        using var cancel = new CancellationTokenSource();
        // Rendering succeeds; the run is then cancelled, so it stops while writing the file or before committing.
        RenderedPdf Render(StatusReport report)
        {
            cancel.Cancel();
            return StatusReportPdf.Render(report, fonts.Family);
        }

        Assert.That(() => publisher.PublishAsync(new EditionRequest("user:Test Editor", null), Render, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await EditionRowsAsync(), Is.Zero);
        Assert.That(ReportFiles(), Is.Empty, "no edition and no temporary file");
    }

    [Test]
    public async Task RunAsync_SkipsTheStartupEdition_WhenAnEditionExists()
    {
        Assert.That(await app.Job().RunAsync("startup", null, CancellationToken.None), Is.EqualTo(1));
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await app.Job().RunAsync("startup", null, CancellationToken.None), Is.EqualTo(1));
        Assert.That(await EditionRowsAsync(), Is.EqualTo(1));
    }

    [Test]
    public void Startup_RegistersTheRecurringJobs_WithTheConfiguredCronsAndZone()
    {
        using var configured = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Reports:WeeklyCron"] = "30 6 * * 2",
            ["Reports:MonthlyCron"] = "0 8 15 * *",
            ["Reports:TimeZone"] = "America/New_York",
        });
        _ = configured.Server;
        using var connection = configured.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.That(jobs.Keys, Is.EquivalentTo(new[] { "status-report-weekly", "status-report-monthly", "link-check-weekly", "records-requests-daily", "alerts-scan", "alerts-digest-weekly", "alerts-deadline-reminders" }));
        Assert.That(jobs["status-report-weekly"].Cron, Is.EqualTo("30 6 * * 2"));
        Assert.That(jobs["status-report-monthly"].Cron, Is.EqualTo("0 8 15 * *"));
        Assert.That(jobs.Values.Select(j => j.TimeZoneId), Has.All.EqualTo("America/New_York"));
        Assert.That(jobs["link-check-weekly"].Cron, Is.EqualTo("0 5 * * 1"), "the link check keeps its own schedule");
        Assert.That(jobs["records-requests-daily"].Cron, Is.EqualTo("0 6 * * *"), "so does the records requests' daily check");
        Assert.That(jobs["alerts-scan"].Cron, Is.EqualTo("* * * * *"), "alerts read the change log every minute");
        Assert.That(jobs["status-report-weekly"].Job.Type, Is.EqualTo(typeof(StatusReportJob)));
    }

    [Test]
    public void Startup_QueuesTheFirstEdition_WhenThereIsNone()
    {
        _ = app.Server;
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var queued = monitor.EnqueuedJobs("default", 0, 10);
        Assert.That(queued.Select(j => j.Value.Job.Args[0]), Does.Contain("startup"));
    }

    [Test]
    public async Task Startup_PublishesTheFirstEdition_WhenAJobServerRuns()
    {
        using var serving = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Server"] = "true" });
        _ = serving.Server;
        var edition = await ReportApp.EventuallyAsync(() => serving.Editions().FindAsync(1));
        Assert.That(edition.Trigger, Is.EqualTo("startup"));
        Assert.That(File.Exists(Path.Combine(serving.ReportsDirectory(), edition.FileName)));
    }
}
