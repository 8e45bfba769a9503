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

    [TestCase("compliance.db-wal", "compliance.db-shm")]
    [TestCase("jobs.db")]
    [TestCase("jobs.db-wal")]
    [TestCase("keys/key-1.xml")]
    public async Task Restore_RefusesAFolderThatHoldsAnyPartOfATracker_NamingIt_AndChangesNothing(params string[] leftovers)
    {
        using var app = new TestApp();
        _ = app.Services;
        var backup = Path.Combine(app.DataDirectory, "backup");
        var target = Path.Combine(app.DataDirectory, "target");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        foreach (var leftover in leftovers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, leftover))!);
            await File.WriteAllTextAsync(Path.Combine(target, leftover), "left by another tracker");
        }
        var before = Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Order().ToList();

        using var refusal = new StringWriter();
        var code = await BackupCommand.RestoreAsync(backup, target, Path.Combine(target, "reports"), "jobs.db", refusal, refusal);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(refusal.ToString(), Does.Contain("is not empty").And.Contain("Nothing was restored"));
            foreach (var leftover in leftovers)
            {
                Assert.That(refusal.ToString(), Does.Contain(leftover.StartsWith("keys/", StringComparison.Ordinal) ? "keys/ with keys" : leftover));
            }
            Assert.That(Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Order().ToList(), Is.EqualTo(before), "nothing changed");
        });
    }

    [Test]
    public async Task Restore_RefusesADamagedBackup_WithOneSentence_AndExitOne()
    {
        using var app = new TestApp();
        _ = app.Services;
        var backup = Path.Combine(app.DataDirectory, "backup");
        var target = Path.Combine(app.DataDirectory, "target");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        var database = Path.Combine(backup, "compliance.db");
        var bytes = await File.ReadAllBytesAsync(database);
        await File.WriteAllBytesAsync(database, bytes[..(bytes.Length / 2)]);

        using var refusal = new StringWriter();
        var code = await BackupCommand.RestoreAsync(backup, target, Path.Combine(target, "reports"), "jobs.db", refusal, refusal);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(refusal.ToString(), Does.StartWith("The backup does not check out, so nothing was restored: compliance.db"));
            Assert.That(refusal.ToString().Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(File.Exists(Path.Combine(target, "compliance.db")), Is.False);
        });
    }

    [Test]
    public async Task Restore_RefusesABackupWhoseFileDiffersFromItsManifest_NamingTheFile()
    {
        using var app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var backup = Path.Combine(app.DataDirectory, "backup");
        var target = Path.Combine(app.DataDirectory, "target");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        var key = Directory.EnumerateFiles(Path.Combine(backup, "keys")).First();
        await File.AppendAllTextAsync(key, "<!-- changed -->");

        using var refusal = new StringWriter();
        var code = await BackupCommand.RestoreAsync(backup, target, Path.Combine(target, "reports"), "jobs.db", refusal, refusal);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(refusal.ToString(), Does.Contain($"keys/{Path.GetFileName(key)} does not match the SHA-256 manifest.json gives"));
            Assert.That(Directory.Exists(target), Is.False, "nothing restored");
        });
    }

    [Test]
    public async Task StartUpSweep_KeepsARestoredEditionFile_TheRestoredRecordDoesNotName()
    {
        using var app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = (await app.Editions().LatestAsync())!;
        var backup = Path.Combine(app.DataDirectory, "backup");
        var restored = Path.Combine(app.DataDirectory, "restored");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        Assert.That(await BackupCommand.RestoreAsync(backup, restored, Path.Combine(restored, "reports"), "jobs.db", output, output), Is.Zero, output.ToString());
        Assert.That(File.Exists(Path.Combine(restored, "restored-backup-manifest.json")), Is.True);

        // Whatever the restored record says (here its edition row is gone), the restored bytes are not the sweep's to remove.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(restored, "compliance.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DROP TRIGGER Editions_Immutable_Delete; DELETE FROM Editions;";
            await delete.ExecuteNonQueryAsync();
        }
        var file = Path.Combine(restored, "reports", edition.FileName);
        using var copy = new TestApp(app.Clock.GetUtcNow(), settings: new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = restored,
            ["Reports:Directory"] = Path.Combine(restored, "reports"),
            ["Reports:PublishOnStartup"] = "false",
        });
        using var client = copy.CreateClient();
        using var home = await client.GetAsync("/");

        Assert.That(File.Exists(file), Is.True, "a file the backup's manifest lists is kept");
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
