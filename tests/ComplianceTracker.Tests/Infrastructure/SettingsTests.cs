using System.Diagnostics;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>A malformed setting stops the app as it starts, with one plain sentence naming the setting, never a stack trace.</summary>
[Category(TestDatabases.SqliteOnly)] // the app as a process
public sealed class SettingsTests
{
    [TestCase("--Reports:BaseUrl=not an address", "Reports:BaseUrl")]
    [TestCase("--Storage:Provider=Oracle", "Storage:Provider")]
    [TestCase("--Reports:WeeklyCron=every monday", "Reports:WeeklyCron")]
    public async Task Start_StopsWithOneSentenceNamingTheSetting_WhenASettingIsMalformed(string setting, string name)
    {
        var data = Path.Combine(Path.GetTempPath(), "ct-settings", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll"),
                $"--Storage:DataDirectory={data}", $"--Reports:Directory={Path.Combine(data, "reports")}", "--urls=http://127.0.0.1:0", setting,
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app started despite the malformed setting.");
        }
        var all = await output + await errors;
        try
        {
            Assert.Multiple(async () =>
            {
                Assert.That(process.ExitCode, Is.EqualTo(2));
                Assert.That(await errors, Does.StartWith("The app cannot start because of a setting:").And.Contain(name));
                Assert.That(all, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(Directory.Exists(Path.Combine(data, "compliance.db")) || File.Exists(Path.Combine(data, "compliance.db")), Is.False, "nothing was created");
            });
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
