using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>
/// Debian's Chromium, driven by Playwright's own driver (never `playwright install`). Without it the browser tests
/// say they were skipped and how to install it; under CI=true a missing browser fails them instead.
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    /// <summary>CHROMIUM_PATH when set (to try another build, or to see the skip), else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    private static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared browser; ignores (or, under CI, fails) the calling test when Chromium is not installed.</summary>
    public static async Task<IBrowser> RequireAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var reason = $"Chromium is not installed at {ExecutablePath}; install it with `apt-get install chromium` to run the browser tests.";
            if (UnderCi)
            {
                Assert.Fail(reason + " CI=true: a missing browser is a failure, not a skip.");
            }
            Assert.Ignore(reason);
        }
        await Gate.WaitAsync();
        try
        {
            playwright ??= await Playwright.CreateAsync();
            browser ??= await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
            });
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task CloseAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser = null;
        }
        playwright?.Dispose();
        playwright = null;
    }
}
