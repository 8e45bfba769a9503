using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// An edition's SHA-256 is a promise that anyone with the record can make the same file again. Rendering twice in one
/// process (StatusReportPdfTests) cannot catch what differs between processes: a process id, the start time, a random
/// seed, hash-code order, the clock. So the edition is published by the app as a process of its own, and rendered
/// again here, in the test's process, started at another time with another id, from the same record.
/// </summary>
[Category(TestDatabases.SqliteOnly)] // the app as a process, on its SQLite files
[NonParallelizable]
public sealed class ReproducibilityTests
{
    private const string Email = "publisher@example.org";

    private string data = "";

    [SetUp]
    public void CreateFolder()
    {
        data = Path.Combine(Path.GetTempPath(), "ct-reproduce", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
    }

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS; the folder is unique to this run.
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Render_GivesTheRecordedSha256_WhenAnEditionIsRenderedAgainInAnotherProcess()
    {
        await AppProcess.CreateAdminAsync(data, Email);
        int publisherId;
        using (var app = await AppProcess.StartAsync(data))
        {
            publisherId = app.Id;
            // The start-up edition first, so the one re-rendered below has a previous edition and a change to list.
            await WaitAsync(() => Task.FromResult(EditionCount() >= 1), "the start-up edition", app);
            using var editor = await app.SignInAsync(Email);
            await editor.RecordAssessmentAsync("D-05", "union:not-corrected", "reproducibility check");
            var job = await PublishAsync(editor);
            await WaitAsync(async () => await StateOfAsync(editor, job) == "published", $"publish job {job}", app);
            await app.StopAsync();
        }

        using var again = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = data,
            ["Reports:Directory"] = Path.Combine(data, "reports"),
        });
        var editions = again.Editions();
        var edition = (await editions.LatestAsync())!;
        var previous = await editions.FindAsync(edition.Number - 1);
        var report = await again.Services.GetRequiredService<StatusReportQuery>().BuildAsync(edition.Number, edition.AsOf, previous);
        var bytes = StatusReportPdf.Render(report, again.Services.GetRequiredService<ReportFonts>().Family).Bytes;

        Assert.That(Environment.ProcessId, Is.Not.EqualTo(publisherId), "rendered again in another process");
        Assert.Multiple(() =>
        {
            Assert.That(edition.Number, Is.EqualTo(2), "the editor's edition, after the start-up one");
            Assert.That(report.Changes, Is.Not.Empty, "the editor's assessment is listed as a change since edition 1");
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(edition.Sha256), "SHA-256 of the bytes rendered again = the edition row's");
            Assert.That(bytes, Is.EqualTo(File.ReadAllBytes(Path.Combine(data, "reports", edition.FileName))), "byte for byte the published file");
        });
    }

    private int EditionCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "compliance.db"), Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM Editions");
    }

    private static async Task<string> PublishAsync(HttpClient editor)
    {
        using var page = await editor.GetAsync("/reports/publish");
        var form = (IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("main form[method=post]")!;
        using var response = await editor.PostFormAsync(form, new Dictionary<string, string>(), "/reports/publish");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString()["/reports/publish/".Length..];
    }

    private static async Task<string?> StateOfAsync(HttpClient client, string job)
    {
        using var poll = await client.GetAsync($"/reports/publish/{job}?handler=progress");
        return poll.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()
            : null;
    }

    /// <summary>The job server polls its queue every few seconds; a minute is ample on a busy two-core machine.</summary>
    private static async Task WaitAsync(Func<Task<bool>> done, string what, AppProcess app)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                Assert.Fail($"Waited 90 s for {what}:\n{app.Log()}");
            }
            await Task.Delay(250);
        }
    }
}
