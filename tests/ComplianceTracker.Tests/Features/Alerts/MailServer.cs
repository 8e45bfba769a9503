using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>
/// The real SMTP server the alert tests send through: smtp4dev, started by .ci/run (SMTP on 127.0.0.1:2525, its HTTP
/// API on http://127.0.0.1:5080; COMPLIANCETRACKER_TEST_SMTP and COMPLIANCETRACKER_TEST_SMTP_API name others). What
/// arrived is read back through its API and parsed with MimeKit. Without it a test says it is skipped, and fails under
/// CI=true, where .ci/run must have started it.
/// </summary>
public static class MailServer
{
    public static string Smtp { get; } = Environment.GetEnvironmentVariable("COMPLIANCETRACKER_TEST_SMTP") is { Length: > 0 } smtp ? smtp : "127.0.0.1:2525";

    public static string Api { get; } = (Environment.GetEnvironmentVariable("COMPLIANCETRACKER_TEST_SMTP_API") is { Length: > 0 } api ? api : "http://127.0.0.1:5080").TrimEnd('/');

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The app's settings to send through this server.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Mail:Smtp:Host"] = Smtp.Split(':')[0],
        ["Mail:Smtp:Port"] = Smtp.Split(':')[1],
        ["Mail:Smtp:Tls"] = "None",
        ["Mail:From"] = "ComplianceTracker <alerts@tracker.example.org>",
    };

    /// <summary>Stops the test unless the server answers: skipped locally, failed in CI.</summary>
    public static async Task RequireAsync()
    {
        try
        {
            using var response = await Http.GetAsync($"{Api}/api/messages?pageSize=1");
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }
        var why = $"needs a real SMTP server: smtp4dev with SMTP on {Smtp} and its API on {Api} (.ci/run installs and starts it)";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"This test {why}, and under CI=true it must run.");
        }
        Assert.Ignore($"Skipped: this test {why}.");
    }

    /// <summary>A fresh address no other test sends to, so what arrives for it is this test's.</summary>
    public static string NewAddress(string prefix = "reader") => $"{prefix}-{Guid.NewGuid():N}@example.org";

    private sealed record Page([property: JsonPropertyName("results")] List<Summary> Results);

    private sealed record Summary([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("to")] List<string> To, [property: JsonPropertyName("receivedDate")] DateTimeOffset ReceivedDate);

    /// <summary>Every message that arrived for <paramref name="to"/>, parsed, once at least <paramref name="count"/> have.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string to, int count = 1, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = await ReadAsync(to);
            if (found.Count >= count || DateTime.UtcNow > until)
            {
                Assert.That(found, Has.Count.GreaterThanOrEqualTo(count), $"messages to {to} within {seconds} s");
                return found;
            }
            await Task.Delay(250);
        }
    }

    /// <summary>What arrived for <paramref name="to"/> by now, in the order it arrived.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> ReadAsync(string to)
    {
        var page = await Http.GetFromJsonAsync<Page>($"{Api}/api/messages?searchTerms={Uri.EscapeDataString(to)}&pageSize=500");
        var messages = new List<MimeMessage>();
        foreach (var summary in (page?.Results ?? []).Where(r => r.To.Any(t => t.Contains(to, StringComparison.OrdinalIgnoreCase))).OrderBy(r => r.ReceivedDate))
        {
            await using var raw = await Http.GetStreamAsync($"{Api}/api/messages/{summary.Id}/raw");
            messages.Add(await MimeMessage.LoadAsync(raw));
        }
        return messages;
    }
}
