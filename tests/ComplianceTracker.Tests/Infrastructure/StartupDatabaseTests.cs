using System.Diagnostics;
using ComplianceTracker.Tests.Support;
using Npgsql;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// A database that cannot be opened at start-up stops the app with one sentence naming the setting and the cause, and an
/// exit code that tells a service manager whether trying again may help: 3 for a server that does not answer or a data
/// folder that cannot be made (it may come back), 2 for a login the server refuses or a database that does not exist
/// (a setting to correct). Never a stack trace, never the password.
/// </summary>
public sealed class StartupDatabaseTests
{
    [Test]
    [Category(TestDatabases.SqliteOnly)]
    public async Task Start_Exits3WithOneSentence_WhenTheDataFolderCannotBeMade()
    {
        var root = Path.Combine(Path.GetTempPath(), "ct-startup", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        try
        {
            var (code, errors, all) = await StartAsync($"--Storage:DataDirectory={Path.Combine(file, "data")}", $"--Reports:Directory={Path.Combine(root, "reports")}");
            AssertOneSentence(code, errors, all, 3, "Storage:DataDirectory");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    [Category(TestDatabases.SqliteOnly)] // needs no server: nothing listens on the port
    public async Task Start_Exits3WithOneSentence_WhenPostgreSqlCannotBeReached()
    {
        var port = Published.FreePort();
        var (code, errors, all) = await StartPostgresAsync($"Host=127.0.0.1;Port={port};Username=postgres;Password=do-not-print-me;Timeout=3");
        AssertOneSentence(code, errors, all, 3, "ConnectionStrings:Postgres");
        Assert.That(errors, Does.Contain($"127.0.0.1:{port}").And.Contain("cannot be reached"));
    }

    [TestCase("Username=no_such_role_here", "refused the login")]
    [TestCase("Database=no_such_database_here", "does not exist")]
    public async Task Start_Exits2WithOneSentence_WhenPostgreSqlRefusesTheLoginOrHasNoSuchDatabase(string change, string words)
    {
        TestDatabases.RequirePostgres();
        var builder = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresServer) { Password = "do-not-print-me" };
        var (key, value) = (change.Split('=')[0], change.Split('=')[1]);
        builder[key] = value;
        var (code, errors, all) = await StartPostgresAsync(builder.ToString());
        AssertOneSentence(code, errors, all, 2, "ConnectionStrings:Postgres");
        Assert.That(errors, Does.Contain(words).And.Contain(value));
    }

    private static void AssertOneSentence(int code, string errors, string all, int expected, string setting) =>
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(expected), all);
            Assert.That(errors.Trim(), Does.StartWith("The app cannot start:").And.Contain(setting));
            Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(all, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no stack trace");
            Assert.That(all, Does.Not.Contain("do-not-print-me"), "never the password");
        });

    private static async Task<(int Code, string Errors, string All)> StartPostgresAsync(string connectionString)
    {
        var root = Path.Combine(Path.GetTempPath(), "ct-startup", Guid.NewGuid().ToString("N"));
        try
        {
            return await StartAsync("--Storage:Provider=PostgreSQL", $"--ConnectionStrings:Postgres={connectionString}",
                $"--Storage:DataDirectory={root}", $"--Reports:Directory={Path.Combine(root, "reports")}");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(int Code, string Errors, string All)> StartAsync(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll"), "--urls=http://127.0.0.1:0" },
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app started although its database could not be opened.");
        }
        return (process.ExitCode, await errors, await output + await errors);
    }
}
