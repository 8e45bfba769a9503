using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure;
using Dapper;
using Npgsql;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// The published app started twice on one PostgreSQL database, behind nginx, as docs/several-machines.md
/// describes: what one node does the other honours, editions are numbered without gaps whichever node publishes, a
/// node killed mid-publish leaves no partial edition and the other finishes it, and a schedule occurrence runs once.
/// Needs <see cref="TestDatabases.PostgresVariable"/> and nginx; says so and is skipped without them (CI has both).
/// About two minutes, most of it the publish and the wait for the schedule's minute.
/// </summary>
[Category(Category)]
[NonParallelizable]
public sealed class PublishedNodesTests
{
    public const string Category = "MultiNode";

    private const string Password = "a long test password";
    private const string AdminEmail = "admin@example.org";

    // Short enough for a test; the product's default is 2 minutes (README "Jobs:InvisibilityTimeoutSeconds").
    private const int InvisibilitySeconds = 10;

    private string temp = "";
    private PostgresTestDatabase? database;
    private AppNode? a;
    private AppNode? b;
    private NginxProxy? nginx;
    private string reports = "";

    [OneTimeSetUp]
    public async Task StartTwoNodesBehindNginx()
    {
        if (!TestDatabases.IsPostgres)
        {
            Assert.Ignore($"Skipped: the multi-node test needs PostgreSQL; set {TestDatabases.PostgresVariable} to a server the tests may create databases on (.ci/run does).");
        }
        var nginxPath = Published.Nginx();
        if (nginxPath is null)
        {
            const string missing = "the multi-node test needs nginx (apt-get install nginx; .ci/run installs it)";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(missing);
            }
            Assert.Ignore("Skipped: " + missing);
        }

        temp = Path.Combine(Path.GetTempPath(), "ct-nodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        reports = Path.Combine(temp, "reports");
        Directory.CreateDirectory(reports);
        var app = await Published.AppFolderAsync();
        database = TestDatabases.CreatePostgres();

        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:SeedDirectory"] = Repository.SeedDirectory,
            ["Reports:Directory"] = reports,
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:InvisibilityTimeoutSeconds"] = InvisibilitySeconds.ToString(CultureInfo.InvariantCulture),
            ["Proxy:KnownProxies:0"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };

        // The first Admin, by the command an operator runs; it also applies the schema and loads the seed.
        var created = await Published.RunAsync("dotnet", [Path.Combine(app, "ComplianceTracker.Web.dll"), "create-admin", "--email", AdminEmail], TimeSpan.FromMinutes(2),
            NodeSettings(settings, "admin", database.ConnectionString), Password);
        Assert.That(created.ExitCode, Is.Zero, created.Output);

        a = new AppNode("node-a", app, Published.FreePort(), Node(settings, "node-a"), temp);
        b = new AppNode("node-b", app, Published.FreePort(), Node(settings, "node-b"), temp);
        await Task.WhenAll(a.StartAsync(TimeSpan.FromSeconds(90)), b.StartAsync(TimeSpan.FromSeconds(90)));
        nginx = new NginxProxy(nginxPath, Path.Combine(temp, "nginx"), a.Port, b.Port);

        // Both nodes queued the start-up edition; one publishes it, the other finds it done.
        await WaitForEditionsAsync(1, TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine($"Two nodes on {database.Name} behind nginx at {nginx.Address}.");
    }

    [OneTimeTearDown]
    public void StopEverything()
    {
        // Each step on its own, so one failing never leaves a process running.
        try
        {
            nginx?.Dispose();
        }
        finally
        {
            try
            {
                a?.Dispose();
            }
            finally
            {
                try
                {
                    b?.Dispose();
                }
                finally
                {
                    database?.Dispose();
                    if (temp.Length > 0 && Directory.Exists(temp))
                    {
                        Directory.Delete(temp, recursive: true);
                    }
                }
            }
        }
    }

    private Dictionary<string, string> Node(Dictionary<string, string> settings, string name) => NodeSettings(settings, name, database!.ConnectionString);

    // Node-local files (none should matter) in a folder per node; the application name tells the nodes apart in PostgreSQL.
    private Dictionary<string, string> NodeSettings(Dictionary<string, string> settings, string name, string connectionString) =>
        new Dictionary<string, string>(settings)
        {
            ["Storage:DataDirectory"] = Path.Combine(temp, name),
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "ct-" + name }.ToString(),
        }.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);

    [Test]
    [Order(1)]
    public async Task Write_ThroughNodeA_IsReadThroughNodeB_WithinASecond()
    {
        using var reader = Client(nginx!.AddressB);
        Assert.That(await MainTextAsync(reader, "/"), Does.Contain("19 of 20"));
        Assert.That(await MainTextAsync(reader, "/"), Does.Contain("19 of 20"), "now in B's output cache");

        var (editor, jar) = await SignInAsync(nginx.AddressA);
        using (editor)
        {
            await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");
        }
        var written = Stopwatch.StartNew();
        string headline;
        do
        {
            headline = await MainTextAsync(reader, "/");
        }
        while (!headline.Contains("18–19 of 20", StringComparison.Ordinal) && written.Elapsed < TimeSpan.FromSeconds(5));

        TestContext.Out.WriteLine($"B showed A's write after {written.ElapsedMilliseconds} ms.");
        Assert.That(headline, Does.Contain("18–19 of 20"), "B shows the write made on A");
        Assert.That(written.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)), "B's cache refreshed within about a second");
    }

    [Test]
    [Order(2)]
    public async Task SignIn_OnNodeA_IsHonouredByNodeB()
    {
        var (onA, jar) = await SignInAsync(nginx!.AddressA);
        using (onA)
        using (var onB = Client(nginx.AddressB, jar))
        using (var page = await onB.GetAsync("/account/password"))
        using (var anonymous = Client(nginx.AddressB))
        using (var refused = await anonymous.GetAsync("/account/password"))
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "B reads the cookie A issued");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "and without it B asks for a sign-in");
        }
    }

    [Test]
    [Order(3)]
    public async Task Publish_OnBothNodesAtOnce_NumbersEditionsWithoutGaps()
    {
        var before = (await EditionsAsync()).Count;
        var (onA, jar) = await SignInAsync(nginx!.AddressA);
        using var onB = Client(nginx.AddressB, jar);
        using (onA)
        {
            // Three presses of "Publish an edition now" on each node, all at once.
            var presses = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { PressPublishAsync(onA), PressPublishAsync(onB) }));
            Assert.That(presses, Is.Unique, "six jobs queued");
        }

        var editions = await WaitForEditionsAsync(before + 6, TimeSpan.FromSeconds(90));
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(Enumerable.Range(1, before + 6)), "numbered 1, 2, 3… without a gap or a repeat");
        AssertFilesMatchRows(editions);
    }

    [Test]
    [Order(4)]
    public async Task KillHard_OfTheNodePublishing_LeavesNoPartialEdition_AndTheOtherNodeFinishesIt()
    {
        var before = await EditionsAsync();
        var (editor, _) = await SignInAsync(nginx!.AddressA);

        // Hold the database's write lock, so the publish stops at its last step: its PDF written under a temporary
        // name, its row and number not yet committed. Whichever node's worker took the job is then killed there.
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database!.ConnectionString) { ApplicationName = "ct-test" }.ToString());
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = Database.WriteLockKey }, hold);

        string jobId;
        using (editor)
        {
            jobId = await PressPublishAsync(editor);
        }
        var waiting = Stopwatch.StartNew();
        string? blocked = null;
        while (waiting.Elapsed < TimeSpan.FromSeconds(60))
        {
            blocked = await holder.QuerySingleOrDefaultAsync<string?>(
                "SELECT application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND application_name LIKE 'ct-node-%' LIMIT 1");
            if (blocked is not null && TemporaryFiles().Length > 0)
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.That(blocked, Is.Not.Null, "a node's publish reached its commit and waits for the write lock");
        var (victim, survivor) = blocked == "ct-" + a!.Name ? (a, b!) : (b!, a);
        TestContext.Out.WriteLine($"Job {jobId} is mid-publish on {victim.Name} (pid {victim.ProcessId}); killing it with SIGKILL.");
        victim.KillHard();
        await hold.RollbackAsync();
        await holder.CloseAsync();

        // Nothing of the killed run is an edition: no row, and no file under an edition's name.
        var afterKill = await EditionsAsync();
        Assert.That(afterKill, Has.Count.EqualTo(before.Count), "no row for the killed run");
        AssertFilesMatchRows(afterKill);

        // The survivor takes the job over once it has stayed invisible for the timeout, and publishes it.
        var killed = Stopwatch.StartNew();
        var editions = await WaitForEditionsAsync(before.Count + 1, TimeSpan.FromSeconds(InvisibilitySeconds + 60));
        TestContext.Out.WriteLine($"{survivor.Name} finished the edition {killed.Elapsed.TotalSeconds:F1} s after the kill (invisibility timeout {InvisibilitySeconds} s).");
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(Enumerable.Range(1, before.Count + 1)));
        Assert.That(editions[^1].Trigger, Does.StartWith("user:"));
        AssertFilesMatchRows(editions);
        Assert.That(await JobStateAsync(jobId), Is.EqualTo("Succeeded"));
        TestContext.Out.WriteLine($"Temporary files left by the killed run: {TemporaryFiles().Length} (hidden, never served).");

        // Back to two nodes for the schedule.
        await victim.StartAsync(TimeSpan.FromSeconds(90));
    }

    [Test]
    [Order(5)]
    public async Task ScheduleOccurrence_RunsOnce_AcrossBothNodes()
    {
        // An Admin makes the weekly schedule daily, at a minute at least 15 s ahead; both nodes' job servers see it.
        var now = DateTimeOffset.UtcNow.AddSeconds(15);
        var occurrence = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var (admin, _) = await SignInAsync(nginx!.AddressA);
        using (admin)
        using (var saved = await admin.SubmitAsync("/admin/schedules", new Dictionary<string, string>
        {
            ["Input[0].Cron"] = $"{occurrence.Minute} {occurrence.Hour} * * *",
            ["Input[0].TimeZone"] = "Etc/UTC",
        }, "main form.edit-form"))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        }
        TestContext.Out.WriteLine($"Weekly schedule set to fire at {occurrence:HH:mm} UTC.");

        var key = $"status-report-weekly:{occurrence:yyyy-MM-dd'T'HH:mm}";
        var deadline = occurrence.AddSeconds(45);
        IReadOnlyList<EditionRow> editions;
        do
        {
            editions = await EditionsAsync();
            if (editions.Any(e => e.OccurrenceKey == key))
            {
                break;
            }
            await Task.Delay(500);
        }
        while (DateTimeOffset.UtcNow < deadline);
        Assert.That(editions.Where(e => e.OccurrenceKey == key).Select(e => e.Number).ToList(), Has.Count.EqualTo(1), $"one edition for {key}");

        // Give a second trigger time to show itself, then count the jobs the schedule made and the editions again.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await using var connection = new NpgsqlConnection(database!.ConnectionString);
        var jobs = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE arguments::text LIKE '%status-report-weekly%'");
        Assert.That(jobs, Is.EqualTo(1), "the occurrence was enqueued once, by one node");
        editions = await EditionsAsync();
        Assert.That(editions.Count(e => e.OccurrenceKey == key), Is.EqualTo(1));
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(Enumerable.Range(1, editions.Count)));
        AssertFilesMatchRows(editions);
    }

    private sealed class EditionRow
    {
        public int Number { get; set; }
        public string Trigger { get; set; } = "";
        public string? OccurrenceKey { get; set; }
        public string FileName { get; set; } = "";
        public string Sha256 { get; set; } = "";
    }

    private async Task<IReadOnlyList<EditionRow>> EditionsAsync()
    {
        await using var connection = new NpgsqlConnection(database!.ConnectionString);
        return (await connection.QueryAsync<EditionRow>("SELECT Number, Trigger, OccurrenceKey, FileName, Sha256 FROM Editions ORDER BY Number")).ToList();
    }

    private async Task<IReadOnlyList<EditionRow>> WaitForEditionsAsync(int count, TimeSpan timeout)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var editions = await EditionsAsync();
            if (editions.Count >= count)
            {
                return editions;
            }
            if (waiting.Elapsed > timeout)
            {
                Assert.Fail($"{editions.Count} editions after {timeout}, {count} expected.\n{a?.Name}:\n{a?.Tail()}\n{b?.Name}:\n{b?.Tail()}");
            }
            await Task.Delay(250);
        }
    }

    private async Task<string?> JobStateAsync(string jobId)
    {
        await using var connection = new NpgsqlConnection(database!.ConnectionString);
        return await connection.ExecuteScalarAsync<string?>("SELECT statename FROM hangfire.job WHERE id = @id", new { id = long.Parse(jobId, CultureInfo.InvariantCulture) });
    }

    /// <summary>Every row has its file with its SHA-256, and every file under an edition's name has its row.</summary>
    private void AssertFilesMatchRows(IReadOnlyList<EditionRow> editions)
    {
        foreach (var edition in editions)
        {
            var path = Path.Combine(reports, edition.FileName);
            Assert.That(File.Exists(path), $"edition {edition.Number}'s file");
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), Is.EqualTo(edition.Sha256), $"edition {edition.Number}'s SHA-256");
        }
        var named = Directory.GetFiles(reports).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal);
        Assert.That(named, Is.EqualTo(editions.Select(e => e.FileName).Order(StringComparer.Ordinal)), "no file without its row");
    }

    private string[] TemporaryFiles() => Directory.GetFiles(reports, ".*.tmp");

    private static async Task<string> PressPublishAsync(HttpClient editor)
    {
        using var response = await editor.SubmitAsync("/reports/publish", new Dictionary<string, string>(), "main form[method=post]");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    private static async Task<(HttpClient Client, CookieContainer Jar)> SignInAsync(string address)
    {
        var jar = new CookieContainer();
        var client = Client(address, jar);
        using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(AdminEmail, Password), "form#sign-in");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return (client, jar);
    }

    private static HttpClient Client(string address, CookieContainer? jar = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar ?? new CookieContainer() })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<string> MainTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return (await TestApp.ParseAsync(response)).QuerySelector("main")!.Squash();
    }
}
