using System.Globalization;
using System.Text.Json;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// The performance budget: Lighthouse 12.2.3 (pinned in tests/lighthouse, installed there with <c>npm ci</c>) loads five
/// public pages of the published app (Release, Production, as deployed: Brotli files made at publish, fingerprinted
/// assets) in Debian's Chromium with its mobile profile, and each page must score at least 95 for performance,
/// accessibility, best practices and SEO, and transfer no more bytes than its budget below. Without Chromium, Node or
/// Lighthouse it says which is missing and is skipped; under CI=true it fails instead. Each run's report is kept in the
/// test output's lighthouse/ folder. In the published-app category with <see cref="PublishedAppTests"/>, so CI runs it
/// where it publishes the app anyway, and it shares that publish.
/// </summary>
[Category(PublishedNodesTests.Category)]
[NonParallelizable]
public sealed class PerformanceBudgetTests
{
    private const double Floor = 0.95;

    private static readonly string[] Categories = ["performance", "accessibility", "best-practices", "seo"];

    /// <summary>
    /// Bytes a first visit transfers (Lighthouse's total byte weight: the page, its stylesheets and icon, headers
    /// included), measured after compression on the seeded case on 7 December 2026 (/ 8,753; D-01 8,294; /timeline
    /// 24,476; /brief 10,405; /reports/current 22,820; before compression and the stylesheet's split they were 48,915,
    /// 50,983, 172,324, 50,303 and 161,323), with about a quarter more as room for the record to grow. A change that
    /// sends more (a stylesheet every page loads, a page no longer compressed) fails here; a record that has grown by
    /// that much raises its page's budget in the same commit, saying so.
    /// </summary>
    public static readonly (string Path, int Budget)[] Pages =
    [
        ("/", 11_000),
        ("/deficiencies/D-01", 11_000),
        ("/timeline", 31_000),
        ("/brief", 13_000),
        ("/reports/current", 29_000),
    ];

    private string temp = "";
    private AppNode? node;

    private static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static string LighthouseCli => Path.Combine(Repository.Root, "tests", "lighthouse", "node_modules", "lighthouse", "cli", "index.js");

    private static string Reports => Path.Combine(TestContext.CurrentContext.WorkDirectory, "lighthouse");

    [OneTimeSetUp]
    public async Task StartThePublishedApp()
    {
        var missing = Missing();
        if (missing is not null)
        {
            if (UnderCi)
            {
                Assert.Fail(missing + " CI=true: a missing tool is a failure, not a skip (.ci/run installs them).");
            }
            Assert.Ignore(missing);
        }
        var app = await Published.AppFolderAsync();
        temp = Path.Combine(Path.GetTempPath(), "ct-lighthouse-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(temp, "data");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(Reports);
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = data,
            ["Storage:SeedDirectory"] = Repository.SeedDirectory,
            ["Reports:Directory"] = Path.Combine(data, "reports"),
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:Storage"] = "SQLite",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        node = new AppNode("lighthouse", app, Published.FreePort(), settings, temp);
        await node.StartAsync(TimeSpan.FromSeconds(90));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        node?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>What is missing to run Lighthouse here, or null when nothing is.</summary>
    private static string? Missing()
    {
        if (!File.Exists(ChromiumPath))
        {
            return $"Chromium is not installed at {ChromiumPath}; install it with `apt-get install chromium` to run the performance budget.";
        }
        if (Node() is null)
        {
            return "Node.js is not installed; install it with `apt-get install nodejs npm` to run the performance budget.";
        }
        if (!File.Exists(LighthouseCli))
        {
            return "Lighthouse is not installed; run `npm ci --prefix tests/lighthouse` to run the performance budget.";
        }
        return null;
    }

    private static string? Node() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "node"), Path.Combine(dir, "nodejs") })
            .FirstOrDefault(File.Exists);

    [TestCaseSource(nameof(Pages))]
    [CancelAfter(600_000)]
    public async Task Page_ScoresAtLeast95InEveryCategory_AndStaysWithinItsByteBudget((string Path, int Budget) page)
    {
        var result = await LighthouseAsync(page.Path);
        // Performance is scored from a simulated slow phone on this shared machine's real CPU, so one busy moment can
        // cost a few points: a page under the floor is measured once more and keeps its better score (Lighthouse CI
        // takes the median of several runs for the same reason). The other categories and the bytes do not vary.
        if (result.Scores["performance"] < Floor)
        {
            var second = await LighthouseAsync(page.Path);
            if (second.Scores["performance"] > result.Scores["performance"])
            {
                result = second;
            }
        }
        TestContext.Out.WriteLine($"{page.Path}: {string.Join(", ", result.Scores.Select(s => $"{s.Key} {s.Value * 100:0}"))}; {result.Bytes:N0} bytes (budget {page.Budget:N0}): {result.Requests}");

        Assert.Multiple(() =>
        {
            foreach (var category in Categories)
            {
                Assert.That(result.Scores[category], Is.GreaterThanOrEqualTo(Floor), $"{page.Path}: {category} {result.Scores[category] * 100:0}, below 95. Failing audits: {result.Failing}");
            }
            Assert.That(result.Bytes, Is.LessThanOrEqualTo(page.Budget), $"{page.Path} transfers {result.Bytes:N0} bytes, over its budget of {page.Budget:N0}: {result.Requests}");
        });
    }

    private sealed record Result(Dictionary<string, double> Scores, long Bytes, string Requests, string Failing);

    private async Task<Result> LighthouseAsync(string path)
    {
        var name = path == "/" ? "home" : path.Trim('/').Replace('/', '-');
        var output = Path.Combine(Reports, $"{name}-{DateTime.UtcNow:HHmmss}.json");
        var profile = Path.Combine(temp, "chromium-" + Guid.NewGuid().ToString("N"));
        var flags = $"--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir={profile}";
        var run = await Published.RunAsync(Node()!,
            [LighthouseCli, node!.Address + path, "--quiet", "--output=json", $"--output-path={output}",
             $"--only-categories={string.Join(',', Categories)}", $"--chrome-flags={flags}"],
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["CHROME_PATH"] = ChromiumPath });
        Assert.That(run.ExitCode, Is.Zero, $"Lighthouse failed on {path}:\n{run.Output}\n{node.Tail()}");

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var root = report.RootElement;
        if (root.TryGetProperty("runtimeError", out var error))
        {
            Assert.Fail($"Lighthouse could not load {path}: {error}");
        }
        var scores = Categories.ToDictionary(c => c, c => root.GetProperty("categories").GetProperty(c).GetProperty("score").GetDouble());
        var audits = root.GetProperty("audits");
        var bytes = (long)audits.GetProperty("total-byte-weight").GetProperty("numericValue").GetDouble();
        var requests = string.Join(", ", audits.GetProperty("network-requests").GetProperty("details").GetProperty("items").EnumerateArray()
            .Select(r => $"{new Uri(r.GetProperty("url").GetString()!).PathAndQuery} {r.GetProperty("transferSize").GetDouble().ToString("0", CultureInfo.InvariantCulture)} B"));
        var failing = string.Join(", ", audits.EnumerateObject()
            .Where(a => a.Value.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number && s.GetDouble() < 1
                && a.Value.GetProperty("scoreDisplayMode").GetString() is "binary" or "numeric" or "metricSavings")
            .Select(a => $"{a.Name} ({a.Value.GetProperty("score").GetDouble():0.##})"));
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder goes at the end.
        }
        return new Result(scores, bytes, requests, failing);
    }
}
