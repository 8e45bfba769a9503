using ComplianceTracker.BrowserTests.Support;

namespace ComplianceTracker.BrowserTests;

/// <summary>Starts each run with no screenshots left from the last, and closes the browser all tests share at the end.</summary>
[SetUpFixture]
public sealed class ChromiumLifetime
{
    [OneTimeSetUp]
    public void ClearScreenshots()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [OneTimeTearDown]
    public Task CloseBrowser() => Chromium.CloseAsync();
}
