using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// The app as a process on its SQLite files, killed (SIGKILL) at random moments while an editor saves and publishes,
/// then started again, round after round. After every restart and at the end: both databases pass PRAGMA
/// integrity_check, every acknowledged save is there exactly once, editions are numbered 1..N without a gap, every
/// edition row has its file with its SHA-256 and every file its row, no temporary file is left, and every publish that
/// was acknowledged (its job queued) ends published. Rounds: COMPLIANCETRACKER_CRASH_ROUNDS (5 in a plain test run, to keep CI quick; tests/crash/run.sh runs 25); the seed
/// of the random kill moments is printed, and COMPLIANCETRACKER_CRASH_SEED replays one.
/// </summary>
[Category(TestDatabases.SqliteOnly)] // the app as a process, on its SQLite files
[NonParallelizable]
public sealed class CrashSafetyTests
{
    private string data = "";

    [SetUp]
    public void CreateFolder()
    {
        data = Path.Combine(Path.GetTempPath(), "ct-crash", Guid.NewGuid().ToString("N"));
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

    private string Reports => Path.Combine(data, "reports");

    [Test]
    [CancelAfter(600_000)]
    public async Task KillNine_DuringSavesAndPublishes_LosesNothingAndLeavesFilesAndRowsAgreeing()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("COMPLIANCETRACKER_CRASH_ROUNDS"), out var r) ? r : 5;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("COMPLIANCETRACKER_CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        TestContext.Out.WriteLine($"seed {seed}, {rounds} rounds");

        await CreateAdminAsync();
        var acknowledged = new List<string>();
        var attempted = new List<string>();
        var publishJobs = new List<string>();
        var stats = new CrashStats();
        var clock = Stopwatch.StartNew();

        for (var round = 1; round <= rounds; round++)
        {
            using var app = await AppProcess.StartAsync(data);
            if (round > 1)
            {
                // The start mended what the kill left; nothing a round before could have been lost.
                CheckInvariants(acknowledged, attempted, expectNoTemporaries: false, $"after restart {round}");
                Assert.That(stats.TemporariesLeftByLastKill.Where(File.Exists), Is.Empty, $"round {round}: temporary files left by the kill were swept at start-up");
            }
            TestContext.Out.WriteLine($"round {round} started at {clock.Elapsed.TotalSeconds:0.0} s");
            using var client = await app.SignInAsync("crash@example.org");
            TestContext.Out.WriteLine($"round {round} signed in at {clock.Elapsed.TotalSeconds:0.0} s");
            if (round > 1 && publishJobs.Count > 0)
            {
                stats.InterruptedSeen += await CountInterruptedAsync(client, publishJobs);
            }

            using var stop = new CancellationTokenSource();
            var saves = SaveLoopAsync(client, round, acknowledged, attempted, stop.Token);
            var publishes = PublishLoopAsync(client, publishJobs, random.Next(150, 400), stop.Token);
            // Long enough for a queued publish to be fetched (the queue is polled every 2 s) and sometimes killed mid-run.
            await Task.Delay(random.Next(500, 4500));
            app.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(saves, publishes);
            stats.Observe(Reports, DatabasePath);
            TestContext.Out.WriteLine($"round {round} done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        // A last start: every acknowledged publish finishes (a killed one once its invisibility timeout has passed).
        using (var app = await AppProcess.StartAsync(data))
        {
            using var client = await app.SignInAsync("crash@example.org");
            var deadline = Stopwatch.StartNew();
            foreach (var job in publishJobs)
            {
                string? state;
                while ((state = await StateOfAsync(client, job)) is not ("published" or "failed") && deadline.Elapsed < TimeSpan.FromSeconds(120))
                {
                    await Task.Delay(500);
                }
                Assert.That(state, Is.EqualTo("published"), $"publish job {job} ended published");
            }
            TestContext.Out.WriteLine($"publishes finished at {clock.Elapsed.TotalSeconds:0.0} s");
            await app.StopAsync();
        }
        CheckInvariants(acknowledged, attempted, expectNoTemporaries: true, "at the end");
        var editions = Editions().Count;
        var summary = $"{rounds} rounds in {clock.Elapsed.TotalSeconds:0} s (seed {seed}): {acknowledged.Count} acknowledged saves of {attempted.Count} attempted, "
            + $"{publishJobs.Count} acknowledged publishes, {editions} editions; the kills left {stats.Temporaries} temporary file(s) in {stats.RoundsWithTemporaries} round(s), "
            + $"{stats.RowsAwaitingFile} committed edition(s) awaiting their file, {stats.FilesWithoutRow} file(s) without a row; "
            + $"{stats.InterruptedSeen} status page(s) showed a killed publish as interrupted";
        TestContext.Out.WriteLine(summary);
        Assert.That(stats.FilesWithoutRow, Is.Zero, "a kill never leaves a file under an edition's name without its row");
    }

    private string DatabasePath => Path.Combine(data, "compliance.db");

    private void CheckInvariants(List<string> acknowledged, List<string> attempted, bool expectNoTemporaries, string when)
    {
        List<string> ack;
        List<string> tried;
        lock (acknowledged)
        {
            ack = [.. acknowledged];
            tried = [.. attempted];
        }
        foreach (var file in new[] { DatabasePath, Path.Combine(data, "jobs.db") })
        {
            using var connection = Open(file);
            Assert.That(connection.ExecuteScalar<string>("PRAGMA integrity_check"), Is.EqualTo("ok"), $"{Path.GetFileName(file)} {when}");
        }
        using (var connection = Open(DatabasePath))
        {
            var counts = connection.Query<(string Reason, long Count)>("SELECT Reason, COUNT(*) FROM StatusChanges WHERE Reason LIKE 'crash %' GROUP BY Reason")
                .ToDictionary(x => x.Reason, x => x.Count);
            Assert.Multiple(() =>
            {
                foreach (var reason in ack)
                {
                    Assert.That(counts.GetValueOrDefault(reason), Is.EqualTo(1), $"acknowledged save '{reason}' is there once, {when}");
                }
                Assert.That(counts.Where(c => c.Value > 1).Select(c => c.Key), Is.Empty, $"no save doubled, {when}");
                Assert.That(counts.Keys.Except(tried), Is.Empty, $"nothing saved that was not sent, {when}");
            });
        }
        // Files first, then rows: a file is moved to its name only after its row is committed, so every file listed
        // here must have a row; a row committed meanwhile by a publish still running may wait for its file a moment.
        var files = Directory.EnumerateFiles(Reports, "*.pdf").Select(f => Path.GetFileName(f)!).ToList();
        var editions = Editions();
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(Enumerable.Range(1, editions.Count)), $"edition numbers without a gap, {when}");
        Assert.Multiple(() =>
        {
            foreach (var edition in editions)
            {
                var path = Path.Combine(Reports, edition.FileName);
                var inPlace = File.Exists(path)
                    || (!expectNoTemporaries && Directory.EnumerateFiles(Reports, $".{edition.FileName}.*.tmp").Any())
                    || File.Exists(path);
                Assert.That(inPlace, $"edition {edition.Number}'s file, {when}");
                if (File.Exists(path))
                {
                    Assert.That(EditionFiles.HashOf(path), Is.EqualTo(edition.Sha256), $"edition {edition.Number}'s SHA-256, {when}");
                }
            }
            var named = editions.Select(e => e.FileName).ToHashSet();
            Assert.That(files.Where(f => !named.Contains(f)), Is.Empty, $"every file has its row, {when}");
            if (expectNoTemporaries)
            {
                Assert.That(Directory.EnumerateFiles(Reports).Where(f => !f.EndsWith(".pdf", StringComparison.Ordinal)), Is.Empty, $"no temporary file, {when}");
            }
        });
    }

    private List<Edition> Editions()
    {
        using var connection = Open(DatabasePath);
        return connection.Query<(long Number, string FileName, string Sha256)>("SELECT Number, FileName, Sha256 FROM Editions ORDER BY Number")
            .Select(e => new Edition { Number = (int)e.Number, FileName = e.FileName, Sha256 = e.Sha256 }).ToList();
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task SaveLoopAsync(HttpClient client, int round, List<string> acknowledged, List<string> attempted, CancellationToken stop)
    {
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var reason = $"crash r{round} s{n}";
            try
            {
                using var page = await client.GetAsync("/deficiencies/D-05/assess", stop);
                if (page.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }
                var form = (IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("main form[method=post]")!;
                lock (acknowledged)
                {
                    attempted.Add(reason);
                }
                using var response = await client.PostFormAsync(form, new Dictionary<string, string>
                {
                    ["Input.Assessment"] = n % 2 == 0 ? "union:not-corrected" : "union:corrected",
                    ["Input.EffectiveOn"] = "2026-11-20",
                    ["Input.Reason"] = reason,
                    ["Input.Confidence"] = "reported",
                    ["Input.Source.Title"] = "Union letter",
                    ["Input.Source.Publisher"] = "NUHW",
                    ["Input.Source.Url"] = "https://example.org/union-letter",
                    ["Input.Source.PublishedOn"] = "2026-11-20",
                    ["Input.Source.Kind"] = "union-release",
                }, "/deficiencies/D-05/assess");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add(reason);
                    }
                }
                else
                {
                    Assert.Fail($"save {reason} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            // A kill while a connection is being made can also surface as a bare SocketException ("Transport endpoint is
            // not connected", from reading the new socket's remote address), not wrapped in an HttpRequestException.
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                return; // the process was killed: this save was never acknowledged
            }
        }
    }

    private static async Task PublishLoopAsync(HttpClient client, List<string> jobs, int every, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var page = await client.GetAsync("/reports/publish", stop);
                var form = (IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("main form[method=post]")!;
                using var response = await client.PostFormAsync(form, new Dictionary<string, string>(), "/reports/publish");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    lock (jobs)
                    {
                        jobs.Add(response.Headers.Location!.ToString()["/reports/publish/".Length..]);
                    }
                }
                await Task.Delay(every, stop);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                return;
            }
        }
    }

    private static async Task<string?> StateOfAsync(HttpClient client, string job)
    {
        using var poll = await client.GetAsync($"/reports/publish/{job}?handler=progress");
        return poll.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()
            : null;
    }

    private static async Task<int> CountInterruptedAsync(HttpClient client, List<string> jobs)
    {
        var count = 0;
        foreach (var job in jobs.TakeLast(5))
        {
            count += await StateOfAsync(client, job) == "interrupted" ? 1 : 0;
        }
        return count;
    }

    private async Task CreateAdminAsync()
    {
        await AppProcess.CreateAdminAsync(data, "crash@example.org");
    }

    /// <summary>What the kills left behind, before the next start mended it.</summary>
    private sealed class CrashStats
    {
        public int Temporaries { get; private set; }
        public int RoundsWithTemporaries { get; private set; }
        public int RowsAwaitingFile { get; private set; }
        public int FilesWithoutRow { get; private set; }
        public int InterruptedSeen { get; set; }
        public List<string> TemporariesLeftByLastKill { get; private set; } = [];

        public void Observe(string reports, string database)
        {
            TemporariesLeftByLastKill = Directory.EnumerateFiles(reports, "*.tmp").ToList();
            Temporaries += TemporariesLeftByLastKill.Count;
            RoundsWithTemporaries += TemporariesLeftByLastKill.Count > 0 ? 1 : 0;
            using var connection = Open(database);
            var named = connection.Query<string>("SELECT FileName FROM Editions").ToHashSet();
            var files = Directory.EnumerateFiles(reports, "*.pdf").Select(f => Path.GetFileName(f)!).ToHashSet();
            RowsAwaitingFile += named.Count(n => !files.Contains(n));
            FilesWithoutRow += files.Count(f => !named.Contains(f));
        }
    }
}
