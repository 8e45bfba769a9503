using System.Diagnostics;
using ComplianceTracker.Benchmarks.Cases;
using ComplianceTracker.Web.Features.Alerts;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// `send [count] [host:port]`: one change sent to <c>count</c> subscribers (10,000) through a real SMTP server, by the
/// app's own send job, in the app's own process (seeded SQLite in a temp folder). Reports messages per second, the
/// memory the send allocated and the process's peak working set, and the median and 95th-percentile time of the
/// deficiency page before and during the send. A load measurement, not a BenchmarkDotNet one: a single send of
/// 10,000 is one long operation, measured once per run (three runs recorded in docs/performance.md).
/// </summary>
public static class AlertSendLoad
{
    public static async Task<int> RunAsync(int count, string smtp)
    {
        var data = Path.Combine(Path.GetTempPath(), "ct-alert-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        try
        {
            // The app's folder, which the test host would otherwise look for beside the solution file under the assembly's name.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_COMPLIANCETRACKER_WEB", Path.Combine(Repository.Root, "src", "ComplianceTracker.Web"));
            await using var app = new WebApplicationFactory<Database>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment("Production");
                foreach (var (key, value) in new Dictionary<string, string>
                {
                    ["Storage:DataDirectory"] = data,
                    ["Storage:SeedDirectory"] = Path.Combine(Repository.Root, "data", "seed"),
                    ["Reports:Directory"] = Path.Combine(data, "reports"),
                    ["Reports:BaseUrl"] = "https://tracker.example.org",
                    ["Reports:PublishOnStartup"] = "false",
                    ["Jobs:Storage"] = "InMemory",
                    ["Jobs:Server"] = "false",
                    // "pickup": no SMTP server, the .eml files of the README's default (the app's own cost alone).
                    ["Mail:Smtp:Host"] = smtp == "pickup" ? "" : smtp.Split(':')[0],
                    ["Mail:Smtp:Port"] = smtp == "pickup" ? "25" : smtp.Split(':')[1],
                    ["Mail:Smtp:Tls"] = "None",
                    ["Logging:LogLevel:Default"] = "Warning",
                })
                {
                    web.UseSetting(key, value);
                }
            });
            using var client = app.CreateClient();
            var store = app.Services.GetRequiredService<AlertStore>();
            var database = app.Services.GetRequiredService<Database>();
            var clock = app.Services.GetRequiredService<ComplianceTracker.Web.Features.Shared.CaseClock>();

            // count readers following D-01, as confirmed subscriptions are stored.
            var now = DateTimeOffset.UtcNow;
            await store.WriteAsync(async (connection, transaction) =>
            {
                for (var i = 0; i < count; i++)
                {
                    var id = await connection.ExecuteScalarAsync<long>(
                        "INSERT INTO AlertSubscribers (Email, CreatedAt, ConfirmationsSent) VALUES (@email, @now, 1) RETURNING Id",
                        new { email = $"load-{i:D5}@example.org", now }, transaction);
                    await connection.ExecuteAsync(
                        "INSERT INTO AlertSubscriptions (SubscriberId, Target, TargetCode, Frequency, State, CreatedAt, ConfirmedAt) VALUES (@id, 'deficiency', 'D-01', 'immediate', 'active', @now, @now)",
                        new { id, now }, transaction);
                }
                return 0;
            });

            // The change: D-01's newest status entry, found and fanned out as the scan does it.
            var entry = (await database.WithConnectionAsync(c => ChangeLogStore.ListNewerAsync(c, null, clock, new ChangeLogCursor(), CancellationToken.None)))
                .Last(e => e.ItemCode == "D-01" && e.StableId.StartsWith("status-", StringComparison.Ordinal));
            var fanOut = Stopwatch.StartNew();
            var changeId = await store.WriteAsync(async (connection, transaction) =>
            {
                var id = (await AlertStore.InsertChangeAsync(connection, transaction, new AlertChange
                {
                    StableId = "load-" + Guid.NewGuid().ToString("N"),
                    Kind = entry.Kind,
                    ItemType = entry.ItemType,
                    ItemCode = entry.ItemCode,
                    RecordedAt = entry.At,
                    FoundAt = now,
                    Payload = AlertComposer.PayloadOf(entry),
                }))!.Value;
                await AlertStore.FanOutAsync(connection, transaction, id, new FollowTarget(FollowTarget.Deficiency, "D-01"), atOnce: false);
                return id;
            });
            fanOut.Stop();

            var before = await PageTimesAsync(client, TimeSpan.FromSeconds(5), null);
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            using var sending = new CancellationTokenSource();
            var send = Stopwatch.StartNew();
            var job = Task.Run(async () =>
            {
                using var scope = app.Services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<AlertSendJob>().RunAsync(changeId, CancellationToken.None);
                send.Stop();
                await sending.CancelAsync();
            });
            var during = await PageTimesAsync(client, TimeSpan.FromMinutes(30), sending.Token);
            await job;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var sent = (await store.StatsAsync()).SentMessages;
            var process = Process.GetCurrentProcess();
            Console.WriteLine($"subscribers: {count:N0}; fan-out (one INSERT … SELECT): {fanOut.Elapsed.TotalMilliseconds:N0} ms");
            Console.WriteLine($"sent: {sent:N0} messages in {send.Elapsed.TotalSeconds:N1} s = {sent / send.Elapsed.TotalSeconds:N0} messages/s into {smtp}");
            Console.WriteLine($"memory: {allocated / 1e6:N0} MB allocated during the send ({allocated / Math.Max(1, sent) / 1024.0:N1} KB a message); peak working set {process.PeakWorkingSet64 / 1e6:N0} MB; collections {GC.CollectionCount(0) - gen.Item1}/{GC.CollectionCount(1) - gen.Item2}/{GC.CollectionCount(2) - gen.Item3} (gen 0/1/2)");
            Console.WriteLine($"GET /deficiencies/D-01 before the send: {before}");
            Console.WriteLine($"GET /deficiencies/D-01 during the send: {during}");
            return sent == count ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The page asked for one request after another, for the time given or until <paramref name="until"/> fires.</summary>
    private static async Task<string> PageTimesAsync(HttpClient client, TimeSpan limit, CancellationToken? until)
    {
        var times = new List<double>();
        var end = Stopwatch.StartNew();
        while (end.Elapsed < limit && until?.IsCancellationRequested != true)
        {
            var one = Stopwatch.StartNew();
            using var response = await client.GetAsync("/deficiencies/D-01");
            response.EnsureSuccessStatusCode();
            times.Add(one.Elapsed.TotalMilliseconds);
            await Task.Delay(20);
        }
        times.Sort();
        return times.Count == 0 ? "no request" : $"{times.Count:N0} requests, median {times[times.Count / 2]:N2} ms, p95 {times[(int)(times.Count * 0.95)]:N2} ms";
    }
}
