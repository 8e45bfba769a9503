// In the root namespace so that NUnit runs it before the tests of every namespace below.
namespace ComplianceTracker.Tests;

/// <summary>
/// Runs once before any test app is built. Every test app would otherwise open inotify watchers for its
/// configuration files and static assets; with hundreds of apps per run that exhausts the machine's limit
/// (128 inotify instances per user here), and apps then fail to start at random. Tests never edit those files,
/// so the apps neither reload configuration nor watch files through inotify.
/// </summary>
[SetUpFixture]
public sealed class TestAssemblySetup
{
    [OneTimeSetUp]
    public void BeforeAnyTest()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    /// <summary>The published app is shared by the fixtures that start it (see <see cref="Support.Published"/>), so it goes last.</summary>
    [OneTimeTearDown]
    public void AfterEveryTest() => Support.Published.Remove();
}
