using System.Net;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>
/// Requests and their documents go wherever the record goes: an export loaded into an empty instance, a backup restored,
/// a copy to PostgreSQL, each answering the requests' pages, API, CSV and feed alike.
/// </summary>
public sealed class CarryTests
{
    private static readonly string[] Addresses = ["/requests", "/api/v1/requests", "/data/requests.csv", "/changes.atom?kind=records-request", "/brief"];

    /// <summary>A public request answered with a document made a source, and a private one still awaiting its answer.</summary>
    private static async Task<(long Public, long Private)> MakeRequestsAsync(TestApp app)
    {
        using var editor = await app.SignedInClientAsync("Editor", "editor@example.org");
        var open = await editor.DraftAsync(values: new Dictionary<string, string> { ["Input.IsPublic"] = "true" });
        await editor.RecordOkAsync(open, "sent", "2026-11-16", new Dictionary<string, string> { ["Input.Method"] = "portal" });
        await editor.RecordOkAsync(open, "extended", "2026-11-20", new Dictionary<string, string> { ["Input.ExtensionDays"] = "14", ["Input.Note"] = "Unusual circumstances: records at another office.", ["Input.FileTitle"] = "DMHC extension notice" },
            (TestDocuments.Pdf("DMHC extends its time by 14 days."), "extension.pdf", "application/pdf"));
        await editor.RecordOkAsync(open, "partly-denied", "2026-11-26", new Dictionary<string, string> { ["Input.Note"] = "Two pages withheld as deliberative.", ["Input.FileTitle"] = "DMHC survey report, redacted", ["Input.FileKind"] = "records" },
            (TestDocuments.Pdf("Final report of the 2022 non-routine survey, redacted."), "report.pdf", "application/pdf"));
        var manage = await editor.ManagePageAsync(open);
        var makeSource = manage.QuerySelectorAll("ul.copies li a[href$='/source']").Last().GetAttribute("href")!;
        using var made = await editor.SubmitAsync(makeSource, new Dictionary<string, string> { ["Input.Checked"] = "true" }, "main form[method=post]");
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var closed = await editor.DraftAsync(values: new Dictionary<string, string> { ["Input.Subject"] = "Private inquiry" });
        await editor.RecordOkAsync(closed, "sent", "2026-11-18", new Dictionary<string, string> { ["Input.Method"] = "email" });
        return (open, closed);
    }

    private static async Task<Dictionary<string, string>> ReadAllAsync(TestApp app)
    {
        using var client = app.CreateClient();
        var answers = new Dictionary<string, string>();
        foreach (var address in Addresses)
        {
            using var response = await client.GetAsync(address);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), address);
            answers[address] = await response.Content.ReadAsStringAsync();
        }
        return answers;
    }

    [Test]
    public async Task Export_LoadedIntoAnEmptyInstance_AnswersTheRequestsAlike_AndWithPrivateOnesTheStaffPagesToo()
    {
        using var original = new TestApp();
        var (open, closed) = await MakeRequestsAsync(original);
        var before = await ReadAllAsync(original);
        Assert.That(before["/api/v1/requests"], Does.Contain("Two pages withheld as deliberative."));

        using var folder = SeedFolder.Empty();
        using var output = new StringWriter();
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", folder.Path], output), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("1 records requests (public ones sent, without requesters or letters)"));
        using var copy = new TestApp(original.Clock.GetUtcNow(), folder.Path);
        var after = await ReadAllAsync(copy);
        Assert.Multiple(() =>
        {
            foreach (var address in Addresses)
            {
                Assert.That(after[address], Is.EqualTo(before[address]), address);
            }
        });
        using (var editor = await copy.SignedInClientAsync("Editor"))
        {
            using var missing = await editor.GetAsync($"/requests/{closed}/manage");
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a private request is not in a public export");
        }

        using var everything = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", everything.Path, "--include-private"], output), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("2 records requests (private ones, requesters and letters included"));
        using var whole = new TestApp(original.Clock.GetUtcNow(), everything.Path);
        Assert.That((await ReadAllAsync(whole))["/api/v1/requests"], Is.EqualTo(before["/api/v1/requests"]));
        using var staff = await whole.SignedInClientAsync("Editor");
        var page = await staff.ManagePageAsync(closed);
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo($"R-{closed}: Private inquiry"));
            Assert.That(page.QuerySelector("address.requester")!.TextContent, Does.Contain("1 Example Street"));
            Assert.That(page.QuerySelector("#letter-text")!.TextContent, Does.Contain("Under the California Public Records Act"));
        });
        var openPage = await staff.ManagePageAsync(open);
        Assert.That(openPage.QuerySelectorAll("ul.copies li"), Has.Length.EqualTo(2), "both documents, the one not made a source too");

        // New requests on the copy follow on from the exported numbers.
        var next = await staff.DraftAsync();
        Assert.That(next, Is.GreaterThan(closed));
    }

    [Test]
    [Category(TestDatabases.SqliteOnly)] // the command copies SQLite files
    public async Task Backup_Restored_CarriesTheRequestsAndTheirDocuments()
    {
        TestDatabases.RequireSqlite();
        using var app = new TestApp();
        var (open, _) = await MakeRequestsAsync(app);
        var before = await ReadAllAsync(app);
        var backup = Path.Combine(app.DataDirectory, "backup");
        var restored = Path.Combine(app.DataDirectory, "restored");
        using var output = new StringWriter();
        Assert.That(await BackupCommand.BackupAsync(app.Services, ["backup", "--to", backup], output), Is.Zero, output.ToString());
        Assert.That(await BackupCommand.RestoreAsync(backup, restored, Path.Combine(restored, "reports"), "jobs.db", output, output), Is.Zero, output.ToString());
        using var copy = new TestApp(app.Clock.GetUtcNow(), settings: new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = restored,
            ["Reports:Directory"] = Path.Combine(restored, "reports"),
        });
        var after = await ReadAllAsync(copy);
        Assert.That(after, Is.EqualTo(before));
        using var editor = await copy.SignInAsync("editor@example.org", TestAccounts.Password);
        var manage = await editor.ManagePageAsync(open);
        using var file = await editor.GetAsync(manage.QuerySelector("ul.copies li a[download]")!.GetAttribute("href"));
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CopyToPostgres_CarriesTheRequestsAndTheirDocuments()
    {
        TestDatabases.RequirePostgres();
        using var sqlite = new TestApp(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });
        var (open, _) = await MakeRequestsAsync(sqlite);
        var before = await ReadAllAsync(sqlite);
        using var target = TestDatabases.CreatePostgres();
        using var output = new StringWriter();
        Assert.That(await CopyToPostgresCommand.RunAsync(sqlite.Services, ["copy-to-postgres", "--to", target.ConnectionString], output), Is.Zero, output.ToString());
        using var postgres = new TestApp(sqlite.Clock.GetUtcNow(), settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Postgres"] = target.ConnectionString,
            ["Reports:Directory"] = sqlite.ReportsDirectory(),
        });
        Assert.That(await ReadAllAsync(postgres), Is.EqualTo(before));
        using var editor = await postgres.SignInAsync("editor@example.org", TestAccounts.Password);
        var next = await editor.DraftAsync();
        Assert.That(next, Is.GreaterThan(open), "identities go on after the copied rows");
    }
}
