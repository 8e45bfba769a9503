using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>
/// A fixture with its own app, and browser contexts that start signed out at a desktop width (or a phone's). Each
/// step a person would look at can be kept as a screenshot under the test output folder's screenshots/.
/// </summary>
public abstract class BrowserTest
{
    private readonly List<IBrowserContext> contexts = [];
    private IBrowser? browser;
    private BrowserApp? app;

    protected BrowserApp App => app ?? throw new InvalidOperationException("The app starts in OneTimeSetUp.");

    [OneTimeSetUp]
    public async Task StartAppAndBrowser()
    {
        browser = await Chromium.RequireAsync();
        app = new BrowserApp();
    }

    [OneTimeTearDown]
    public void StopApp() => app?.Dispose();

    [TearDown]
    public async Task CloseContexts()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        var n = 0;
        foreach (var context in contexts)
        {
            if (failed)
            {
                // What each page showed when the test failed, for whoever reads the CI artifacts.
                foreach (var page in context.Pages)
                {
                    try
                    {
                        TestContext.Out.WriteLine($"Page {++n} at failure: {page.Url}");
                        await ScreenshotAsync(page, $"failed-{n}");
                    }
                    catch (PlaywrightException)
                    {
                    }
                }
            }
            await context.CloseAsync();
        }
        contexts.Clear();
    }

    /// <summary>A fresh page in a context of its own (its own cookies), 1280 px wide unless told.</summary>
    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "America/Los_Angeles",
        });
        context.SetDefaultTimeout(15_000);
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Saves the whole page as screenshots/{fixture}/{test}-{step}.png beside the test binaries.</summary>
    protected static async Task<string> ScreenshotAsync(IPage page, string step)
    {
        var test = TestContext.CurrentContext.Test;
        var fixture = test.ClassName?.Split('.').Last() ?? "tests";
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots", fixture);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{test.MethodName}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Signs in through the sign-in form and waits for the page it leads to.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password = BrowserApp.Password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await Navigation.WaitForNextPageAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync());
    }
}
