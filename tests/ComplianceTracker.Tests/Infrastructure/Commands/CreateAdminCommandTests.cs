using System.Diagnostics;
using System.Net;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Infrastructure.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Infrastructure.Commands;

/// <summary>The command run as a process, as an operator runs it: the built app with the password piped in.</summary>
/// <remarks>On its SQLite file only: the accounts it writes go through the same store the PostgreSQL runs test.</remarks>
[Category(TestDatabases.SqliteOnly)]
public class CreateAdminCommandTests
{
    private const string Password = "a long admin password";

    private string data = null!;

    [SetUp]
    public void MakeDataFolder()
    {
        data = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        TestDatabases.RequireSqlite();
    }

    [TearDown]
    public void RemoveDataFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Test]
    public async Task CreateAdmin_CreatesAnAdminWhoCanSignIn_WhenThePasswordIsPiped()
    {
        var (code, output, errors) = await RunAsync(Password + "\n", "create-admin", "--email", "boss@example.org", "--name", "The Boss");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, errors);
            Assert.That(output.Trim(), Does.StartWith("Created Admin account boss@example.org").And.Not.Contain("\n"), "one line");
            Assert.That(errors, Is.Empty);
        });

        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
        var account = await app.Services.GetRequiredService<AccountStore>().FindByEmailAsync("boss@example.org");
        using var client = await app.SignInAsync("boss@example.org", Password);
        using var admin = await client.GetAsync("/admin/accounts");
        Assert.Multiple(() =>
        {
            Assert.That(account!.Role, Is.EqualTo("Admin"));
            Assert.That(account.DisplayName, Is.EqualTo("The Boss"));
            Assert.That(account.CreatedBy, Is.EqualTo("create-admin command"));
            Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task CreateAdmin_RunsWithStorageSwitchesInAnyOrder_AndNamesTheAdminAfterTheEmail()
    {
        var (code, _, errors) = await RunAsync(Password + "\n", "--email=first@example.org", "create-admin");

        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
        var account = await app.Services.GetRequiredService<AccountStore>().FindByEmailAsync("first@example.org");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, errors);
            Assert.That(account!.DisplayName, Is.EqualTo("first"));
        });
    }

    [Test]
    public async Task CreateAdmin_Exits2AndChangesNothing_WhenTheEmailHasAnAccount()
    {
        var first = await RunAsync(Password + "\n", "create-admin", "--email", "boss@example.org");
        var (code, output, errors) = await RunAsync("another long password\n", "create-admin", "--email", "BOSS@example.org");

        Assert.Multiple(() =>
        {
            Assert.That(first.Code, Is.Zero, first.Errors);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("An account with email BOSS@example.org already exists; nothing was changed."));
            Assert.That(output, Does.Not.Contain("Created"));
        });
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
        using var client = await app.SignInAsync("boss@example.org", Password);
    }

    [TestCase(Password, new[] { "create-admin" }, "--email is required")]
    [TestCase(Password, new[] { "create-admin", "--email" }, "--email needs a value.")]
    [TestCase(Password, new[] { "create-admin", "--email", "not-an-address" }, "Email must be an address like name@example.org.")]
    [TestCase("too short", new[] { "create-admin", "--email", "boss@example.org" }, "Password must be at least 12 characters.")]
    [TestCase("", new[] { "create-admin", "--email", "boss@example.org" }, "No password was given on standard input.")]
    public async Task CreateAdmin_Exits2WithAPlainMessage_WhenInputIsBad(string stdin, string[] args, string message)
    {
        var (code, output, errors) = await RunAsync(stdin, args);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(message).And.Contain("Usage:"));
            Assert.That(output + errors, Does.Not.Contain("   at "), "no stack trace");
        });
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = data });
        Assert.That(await app.Services.GetRequiredService<AccountStore>().ListAsync(), Is.Empty);
    }

    [TestCase(new[] { "create-admin", "--email", "a@example.org" }, true)]
    [TestCase(new[] { "--Storage:DataDirectory", "/tmp/x", "create-admin" }, true)]
    [TestCase(new[] { "--Storage:DataDirectory=/tmp/x", "create-admin" }, true)]
    [TestCase(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [TestCase(new[] { "--name", "create-admin" }, false)]
    [TestCase(new string[0], false)]
    public void IsRequested_FindsTheCommandWord_NotASwitchValue(string[] args, bool expected) =>
        Assert.That(CreateAdminCommand.IsRequested(args), Is.EqualTo(expected));

    private async Task<(int Code, string Output, string Errors)> RunAsync(string stdin, params string[] args)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { web, $"--Storage:DataDirectory={data}", $"--Reports:Directory={Path.Combine(data, "reports")}", "--urls=http://127.0.0.1:0" },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("create-admin kept running: it started the web server instead of exiting.");
        }
        return (process.ExitCode, await output, await errors);
    }
}
