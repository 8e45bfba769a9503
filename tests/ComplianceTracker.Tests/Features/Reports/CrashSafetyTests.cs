using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
            using var app = await AppProcess.StartAsync(this);
            if (round > 1)
            {
                // The start mended what the kill left; nothing a round before could have been lost.
                CheckInvariants(acknowledged, attempted, expectNoTemporaries: false, $"after restart {round}");
                Assert.That(stats.TemporariesLeftByLastKill.Where(File.Exists), Is.Empty, $"round {round}: temporary files left by the kill were swept at start-up");
            }
            TestContext.Out.WriteLine($"round {round} started at {clock.Elapsed.TotalSeconds:0.0} s");
            using var client = await app.SignInAsync();
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
        using (var app = await AppProcess.StartAsync(this))
        {
            using var client = await app.SignInAsync();
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
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
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
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
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
        var start = AppProcess.Start(this, "create-admin", "--email", "crash@example.org");
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(TestAccounts.Password);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await output + await errors);
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

    /// <summary>The built app (the test's own copy of ComplianceTracker.Web.dll) on a free loopback port.</summary>
    private sealed class AppProcess : IDisposable
    {
        private readonly Process process;
        private readonly Uri address;
        private readonly List<string> log = [];

        private AppProcess(Process process, Uri address)
        {
            this.process = process;
            this.address = address;
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (log)
            {
                log.Add(line);
                if (log.Count > 200)
                {
                    log.RemoveAt(0);
                }
            }
        }

        public static ProcessStartInfo Start(CrashSafetyTests test, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll"),
                    "--Storage:Provider=Sqlite",
                    $"--Storage:DataDirectory={test.data}",
                    $"--Storage:SeedDirectory={Repository.SeedDirectory}",
                    $"--Reports:Directory={test.Reports}",
                    "--Reports:BaseUrl=https://tracker.example.org",
                    "--Jobs:Storage=SQLite",
                    "--Jobs:InvisibilityTimeoutSeconds=10",
                    "--Accounts:SignInPermitLimit=1000",
                    "--Logging:LogLevel:Default=Warning",
                },
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            return start;
        }

        public static async Task<AppProcess> StartAsync(CrashSafetyTests test)
        {
            var port = FreePort();
            var start = Start(test, $"--urls=http://127.0.0.1:{port}");
            var app = new AppProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
            using var probe = new HttpClient { BaseAddress = app.address, Timeout = TimeSpan.FromSeconds(5) };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (app.process.HasExited)
                {
                    break;
                }
                try
                {
                    using var health = await probe.GetAsync("/healthz");
                    return app;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(100);
                }
            }
            var lines = app.Log();
            app.Dispose();
            throw new AssertionException("The app did not start:\n" + lines);
        }

        public string Log()
        {
            lock (log)
            {
                return string.Join('\n', log);
            }
        }

        public async Task<HttpClient> SignInAsync()
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
            using var page = await client.GetAsync("/account/login");
            var form = (IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("form#sign-in")!;
            using var response = await client.PostFormAsync(form, TestAccounts.LoginForm("crash@example.org", TestAccounts.Password), "/account/login");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
            return client;
        }

        /// <summary>SIGKILL: no shutdown code runs, as when the machine's OOM killer or an operator's kill -9 strikes.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        /// <summary>SIGTERM: the host's graceful stop.</summary>
        public async Task StopAsync()
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                Kill();
            }
            process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
