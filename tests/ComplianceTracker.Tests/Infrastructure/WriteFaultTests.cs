using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// Faults of the machine, injected: the database write-locked by another connection for longer than the busy timeout,
/// a write the database refuses as a full disk would, the reports folder unwritable, the job store refusing a job.
/// An editor's save comes back as its form with what was typed, 503 and Retry-After, and writes nothing.
/// </summary>
public sealed class WriteFaultTests
{
    private static readonly Dictionary<string, string> Assessment = new()
    {
        ["Input.Assessment"] = "union:partly-corrected",
        ["Input.EffectiveOn"] = "2026-11-20",
        ["Input.Reason"] = "Typed while the machine was failing",
        ["Input.Confidence"] = "reported",
        ["Input.Source.Title"] = "A brand-new union bulletin",
        ["Input.Source.Publisher"] = "NUHW",
        ["Input.Source.Url"] = "https://example.org/new-bulletin",
        ["Input.Source.PublishedOn"] = "2026-11-20",
        ["Input.Source.Kind"] = "union-release",
    };

    [Test]
    [Category(TestDatabases.SqliteOnly)] // SQLite's file lock; PostgreSQL waits on its advisory lock up to Npgsql's command timeout
    public async Task Save_AnswersTheFormAgain503_WhenAnotherConnectionHoldsTheWriteLock()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:BusyTimeoutSeconds"] = "1" });
        using var editor = await app.SignedInClientAsync("Editor");
        var before = await CountAsync(app);

        HttpResponseMessage response;
        string health;
        using (var other = new SqliteConnection($"Data Source={app.Database.FilePath};Pooling=False"))
        {
            other.Open();
            other.Execute("BEGIN EXCLUSIVE");
            response = await editor.SubmitAsync("/deficiencies/D-05/assess", Assessment);
            using var client = app.CreateClient();
            health = await client.GetStringAsync("/healthz");
            other.Execute("ROLLBACK");
        }

        await AssertFormCameBackAsync(response);
        Assert.That(health, Does.StartWith("Degraded").And.Contain("write-locked by another process"));
        Assert.That(await CountAsync(app), Is.EqualTo(before), "nothing was written");
        // Once the lock is gone the same form saves.
        using var again = await editor.SubmitAsync("/deficiencies/D-05/assess", Assessment);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    [Category(TestDatabases.SqliteOnly)]
    public async Task SignIn_AnswersTheFormAgain503_WhenAnotherConnectionHoldsTheWriteLock()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:BusyTimeoutSeconds"] = "1" });
        var account = await app.CreateAccountAsync("Editor");
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await client.GetAsync("/account/login");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("form#sign-in")!;

        HttpResponseMessage response;
        using (var other = new SqliteConnection($"Data Source={app.Database.FilePath};Pooling=False"))
        {
            other.Open();
            other.Execute("BEGIN EXCLUSIVE");
            response = await client.PostFormAsync(form, TestAccounts.LoginForm(account.Email, "a wrong password here"), "/account/login");
            other.Execute("ROLLBACK");
        }

        using (response)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(503).Or.EqualTo(200), "the form again, never the error page");
            var document = await TestApp.ParseAsync(response);
            Assert.That(document.QuerySelector("form#sign-in input[name='Input.Email']")!.GetAttribute("value"), Is.EqualTo(account.Email));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.That(document.QuerySelector("#save-fault")!.Squash(), Does.Contain("nothing was written"));
            }
        }
    }

    [Test]
    public async Task Save_AnswersTheFormAgain503_AndWritesNothing_WhenTheDatabaseRefusesTheWriteAsADiskFull()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        var before = await CountAsync(app);
        // The new source is inserted first, then the status: the refusal comes half-way through the transaction.
        await using (var connection = await app.Database.OpenAsync())
        {
            await connection.ExecuteAsync(app.Database.IsPostgres
                ? """
                  CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
                  CREATE TRIGGER test_disk_full BEFORE INSERT ON StatusChanges FOR EACH ROW EXECUTE FUNCTION test_disk_full();
                  """
                : "CREATE TRIGGER test_disk_full BEFORE INSERT ON StatusChanges BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
        }

        using var response = await editor.SubmitAsync("/deficiencies/D-05/assess", Assessment);

        await AssertFormCameBackAsync(response);
        Assert.That(await CountAsync(app), Is.EqualTo(before), "nothing was written, not even the new source");
    }

    [Test]
    public async Task Publish_FailsWithItsReasonAndNoPath_AndIsRetried_WhenTheReportsFolderIsNotWritable()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Server"] = "true", ["Reports:PublishOnStartup"] = "false" });
        using var editor = await app.SignedInClientAsync("Editor");
        // A file where the folder should be: refused to root as well as to anyone else, unlike a chmod.
        Directory.Delete(app.ReportsDirectory(), recursive: true);
        await File.WriteAllTextAsync(app.ReportsDirectory(), "not a folder");

        using var pressed = await editor.SubmitAsync("/reports/publish", new Dictionary<string, string>());
        Assert.That(pressed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var statusUrl = pressed.Headers.Location!.ToString();
        var (state, message) = await ReportApp.EventuallyAsync(async () =>
        {
            using var poll = await editor.GetAsync(statusUrl + "?handler=progress");
            var json = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
            var now = json.GetProperty("state").GetString()!;
            return now is "retrying" or "failed" ? Tuple.Create(now, json.GetProperty("message").GetString()!) : null;
        });
        using var client = app.CreateClient();
        var health = await client.GetStringAsync("/healthz");

        Assert.Multiple(() =>
        {
            Assert.That(state, Is.EqualTo("retrying"), "a failed run is tried again");
            Assert.That(message, Does.Contain("nothing was published").IgnoreCase);
            Assert.That(message, Does.Not.Contain(app.DataDirectory), "no server path");
            Assert.That(health, Does.StartWith("Degraded").And.Contain("reports folder (Reports:Directory) cannot be written"));
            Assert.That(health, Does.Not.Contain(app.DataDirectory), "no server path");
        });
        Assert.That(await app.Editions().LatestAsync(), Is.Null);
    }

    [Test]
    public async Task PublishButton_Answers503SayingNothingWasQueued_WhenTheJobStoreRefuses()
    {
        // The start-up edition's enqueue would be refused too: the site starts all the same (logged), but not here.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Reports:PublishOnStartup"] = "false" });
        using var failing = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IBackgroundJobClient, RefusingJobClient>()));
        var account = await app.CreateAccountAsync("Editor");
        using var editor = failing.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var signIn = await editor.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in"))
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using var response = await editor.SubmitAsync("/reports/publish", new Dictionary<string, string>());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector("#not-queued")!.Squash(), Does.Contain("Nothing was queued"));
    }

    private static async Task AssertFormCameBackAsync(HttpResponseMessage response)
    {
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(page.QuerySelector("#save-fault")!.Squash(), Does.Contain("Could not save").And.Contain("nothing was written").And.Contain("try again"));
            Assert.That(page.QuerySelector("textarea[name='Input.Reason']")?.TextContent.Trim(), Is.EqualTo(Assessment["Input.Reason"]), "what was typed is kept");
            Assert.That(page.QuerySelector("input[name='Input.Source.Title']")?.GetAttribute("value"), Is.EqualTo(Assessment["Input.Source.Title"]));
        });
    }

    private static async Task<(long Changes, long Sources)> CountAsync(TestApp app)
    {
        await using var connection = await app.Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM StatusChanges"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Sources"));
    }

    private sealed class RefusingJobClient : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => throw new BackgroundJobClientException("The job store did not answer.", new TimeoutException());

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }
}
