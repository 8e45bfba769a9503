using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;

namespace ComplianceTracker.Tests.Infrastructure.Commands;

/// <summary>
/// Moving house: a SQLite database with history, edits, an account and an edition, copied into an empty PostgreSQL
/// database, answers every public page and API address with the same bytes (both apps on the same fixed clock).
/// </summary>
public sealed class CopyToPostgresCommandTests
{
    private static readonly string[] Addresses =
    [
        "/", "/deficiencies", "/deficiencies?survey=all", "/deficiencies/D-05", "/settlement", "/timeline", "/sources",
        "/changes", "/changes?kind=assessment", "/data", "/reports", "/reports/1/changes", "/reports/current",
        "/changes.atom", "/calendar.ics", "/data/deficiencies.csv", "/data/status-changes.csv", "/data/ledger.csv",
        "/api/v1/summary", "/api/v1/deficiencies", "/api/v1/deficiencies/D-05", "/api/v1/obligations",
        "/api/v1/timeline", "/api/v1/status-changes", "/api/v1/sources", "/api/v1/changes",
        "/reports/1.pdf", "/reports/latest.pdf",
    ];

    [Test]
    public async Task Copy_AnswersEveryPublicPageAndApiAddressAlike_OnPostgreSQL()
    {
        TestDatabases.RequirePostgres();
        using var sqlite = new TestApp(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });
        using (var editor = await sqlite.SignedInClientAsync("Editor", "editor@example.org"))
        {
            sqlite.Clock.Advance(TimeSpan.FromMinutes(5));
            await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");
        }
        await sqlite.Job().RunAsync("user:Test Editor", sqlite.Clock.GetUtcNow(), CancellationToken.None);
        var before = await ReadAllAsync(sqlite);
        using var target = TestDatabases.CreatePostgres();

        using var output = new StringWriter();
        var code = await CopyToPostgresCommand.RunAsync(sqlite.Services, ["copy-to-postgres", "--to", target.ConnectionString], output);
        Assert.That(code, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("every table's row count matches").And.Contain("1 edition files"));

        using var postgres = new TestApp(sqlite.Clock.GetUtcNow(), settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Postgres"] = target.ConnectionString,
            ["Reports:Directory"] = sqlite.ReportsDirectory(),
        });
        var after = await ReadAllAsync(postgres);
        Assert.Multiple(() =>
        {
            foreach (var address in Addresses)
            {
                Assert.That(after[address], Is.EqualTo(before[address]), address);
            }
        });

        // The accounts came too: the editor signs in on the copy with the same password.
        using var signedIn = await postgres.SignInAsync("editor@example.org", TestAccounts.Password);
    }

    [Test]
    public async Task Copy_RefusesATargetThatHoldsAnything_AndChangesNothing()
    {
        TestDatabases.RequirePostgres();
        using var sqlite = new TestApp(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });
        _ = sqlite.Services;
        using var target = TestDatabases.CreatePostgres();
        Assert.That(await CopyToPostgresCommand.RunAsync(sqlite.Services, ["copy-to-postgres", "--to", target.ConnectionString], TextWriter.Null), Is.Zero);

        using var output = new StringWriter();
        var again = await CopyToPostgresCommand.RunAsync(sqlite.Services, ["copy-to-postgres", "--to", target.ConnectionString], output);

        Assert.That(again, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("is not empty").And.Contain("nothing was copied"));
    }

    private static async Task<Dictionary<string, byte[]>> ReadAllAsync(TestApp app)
    {
        using var client = app.CreateClient();
        var answers = new Dictionary<string, byte[]>();
        foreach (var address in Addresses)
        {
            using var response = await client.GetAsync(address);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{address} on {app.Database.Location}");
            answers[address] = await response.Content.ReadAsByteArrayAsync();
        }
        return answers;
    }
}
