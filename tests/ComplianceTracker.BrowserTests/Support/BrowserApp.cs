using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>
/// The real app on real Kestrel at 127.0.0.1 and a free port, on a SQLite file and a reports folder of its own, with
/// the checked-in seed loaded, a Hangfire server running on in-memory storage, and the clock fixed.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    /// <summary>27 November 2026, noon in California: 392 days after the October 2025 deadline fell due.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    public const string Password = "correct horse battery staple";

    private readonly Dictionary<string, string?> settings;

    public BrowserApp(IDictionary<string, string?>? settings = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ct-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Clock = new FakeTimeProvider(DefaultNow);
        this.settings = new()
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Storage:SeedDirectory"] = Path.Combine(Repository.Root, "data", "seed"),
            ["Reports:Directory"] = Path.Combine(DataDirectory, "reports"),
            // Outside Development an edition needs the site's public address (see ReportAddress).
            ["Reports:BaseUrl"] = "https://tracker.example.org",
            ["Jobs:Storage"] = "InMemory",
            ["Jobs:Server"] = "true",
            // One browser signs in and out many times from one address.
            ["Accounts:SignInPermitLimit"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .First(a => a.Host is "127.0.0.1" or "localhost");
        BaseAddress = new Uri($"http://127.0.0.1:{address.Port}");
    }

    /// <summary>Where the app answers, e.g. http://127.0.0.1:40123.</summary>
    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The app's "today" in California, from its fixed clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).DateTime);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Adds an account through the app's own store, as the create-admin command does.</summary>
    public async Task<Account> CreateAccountAsync(string role, string? email = null, string password = Password)
    {
        var hasher = Services.GetRequiredService<IPasswordHasher<Account>>();
        var account = new Account
        {
            Email = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}@example.org",
            DisplayName = $"Browser {role}",
            Role = role,
            SecurityStamp = Account.NewSecurityStamp(),
            CreatedAt = Clock.GetUtcNow(),
            CreatedBy = "browser tests",
            Version = 1,
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        account.Id = await Services.GetRequiredService<AccountStore>().TryCreateAsync(account)
            ?? throw new InvalidOperationException($"An account for {account.Email} already exists.");
        return account;
    }

    /// <summary>Waits (up to a minute) for the job server to have published edition <paramref name="number"/>.</summary>
    public async Task<Edition> WaitForEditionAsync(int number)
    {
        var editions = Services.GetRequiredService<EditionStore>();
        var until = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < until)
        {
            if (await editions.FindAsync(number) is { } edition)
            {
                return edition;
            }
            await Task.Delay(200);
        }
        throw new AssertionException($"Edition {number} was not published within a minute.");
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
