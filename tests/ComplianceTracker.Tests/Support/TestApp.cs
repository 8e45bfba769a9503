using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// The real app on a real SQLite file in a folder of its own, with the checked-in seed loaded and the clock fixed.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    /// <summary>27 November 2026, noon in California.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> settings;

    /// <summary>A fresh data folder and clock; <paramref name="settings"/> are merged over the default configuration.</summary>
    public TestApp(DateTimeOffset? now = null, string? seedDirectory = null, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Clock = new FakeTimeProvider(now ?? DefaultNow);
        this.settings = new()
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Storage:SeedDirectory"] = seedDirectory ?? Repository.SeedDirectory,
            ["Reports:Directory"] = Path.Combine(DataDirectory, "reports"),
            // Jobs are kept in memory and only queued: a test that needs one to run turns the server on or calls the job.
            // Outside Development an edition needs the site's public address (see ReportAddress).
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:Storage"] = "InMemory",
            ["Jobs:Server"] = "false",
            // Every test client shares one address, so the sign-in rate limit would trip tests that sign in often.
            ["Accounts:SignInPermitLimit"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public Database Database => Services.GetRequiredService<Database>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<IHtmlDocument> GetDocumentAsync(string url)
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(url);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET {url}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean; the folder is unique to this run.
            }
        }
    }
}

public static class Repository
{
    public static string Root { get; } = Find();

    public static string SeedDirectory => Path.Combine(Root, "data", "seed");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceTracker.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ComplianceTracker.sln not found above " + AppContext.BaseDirectory);
    }
}
