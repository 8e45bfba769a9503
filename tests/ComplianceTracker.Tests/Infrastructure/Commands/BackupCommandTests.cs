using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;

namespace ComplianceTracker.Tests.Infrastructure.Commands;

/// <summary>
/// A backup taken while the app runs (with writes still in the WAL file), restored into a new instance, answers every
/// public page, feed, API address and edition with the same bytes; the accounts and keys come too.
/// </summary>
[Category(TestDatabases.SqliteOnly)] // the command copies SQLite files; PostgreSQL is backed up with pg_dump
public sealed class BackupCommandTests
{
    private static readonly string[] Addresses =
    [
        "/", "/deficiencies", "/deficiencies/D-05", "/settlement", "/timeline", "/sources", "/changes", "/reports",
        "/reports/1/changes", "/reports/current", "/changes.atom", "/calendar.ics", "/data/status-changes.csv",
        "/api/v1/summary", "/api/v1/deficiencies/D-05", "/reports/1.pdf", "/reports/latest.pdf",
    ];

    [Test]
    public async Task BackupThenRestore_AnswersEveryPublicPageAlike_InANewInstance()
    {
        using var app = new TestApp();
        using (var editor = await app.SignedInClientAsync("Editor", "editor@example.org"))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(5));
            await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");
        }
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var before = await ReadAllAsync(app);
        var backup = Path.Combine(app.DataDirectory, "backup");
        var restored = Path.Combine(app.DataDirectory, "restored");

        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("1 edition files").And.Contain("every check passed"));
        Assert.That(await BackupCommand.RestoreAsync(backup, restored, Path.Combine(restored, "reports"), "jobs.db", output, output), Is.Zero, output.ToString());

        using var copy = new TestApp(app.Clock.GetUtcNow(), settings: new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = restored,
            ["Reports:Directory"] = Path.Combine(restored, "reports"),
        });
        var after = await ReadAllAsync(copy);
        Assert.Multiple(() =>
        {
            foreach (var address in Addresses)
            {
                Assert.That(after[address], Is.EqualTo(before[address]), address);
            }
        });
        using var signedIn = await copy.SignInAsync("editor@example.org", TestAccounts.Password);
    }

    [Test]
    public async Task Restore_RefusesAFolderThatHoldsADatabase_AndBackupRefusesANonEmptyFolder()
    {
        using var app = new TestApp();
        _ = app.Services;
        var backup = Path.Combine(app.DataDirectory, "backup");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());

        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.EqualTo(2));
        Assert.That(await BackupCommand.RestoreAsync(backup, app.DataDirectory, Path.Combine(app.DataDirectory, "reports"), "jobs.db", output, output), Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("is not empty").And.Contain("Nothing was restored"));
    }

    private static async Task<Dictionary<string, byte[]>> ReadAllAsync(TestApp app)
    {
        using var client = app.CreateClient();
        var answers = new Dictionary<string, byte[]>();
        foreach (var address in Addresses)
        {
            using var response = await client.GetAsync(address);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), address);
            answers[address] = await response.Content.ReadAsByteArrayAsync();
        }
        return answers;
    }
}
