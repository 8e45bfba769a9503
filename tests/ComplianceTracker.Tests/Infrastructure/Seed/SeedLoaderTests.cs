using System.Diagnostics;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Seed;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Infrastructure.Seed;

public class SeedLoaderTests
{
    [Test]
    public async Task LoadIfEmpty_LoadsTheCase_OnFirstStart()
    {
        using var app = new TestApp();
        _ = app.Services;
        await using var connection = await app.Database.OpenAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Cases"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Deficiencies d JOIN Surveys s ON s.Id = d.SurveyId WHERE s.Key = 'NRS-2022'"), Is.EqualTo(20));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Deficiencies WHERE Code = 'D-20' AND Title IS NULL"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TimelineItems WHERE Kind = 'event'"), Is.GreaterThanOrEqualTo(30));
            // A source whose address no document gives is kept with an empty address, never a made-up one.
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Sources WHERE Url <> '' AND Url NOT LIKE 'http%'"), Is.Zero);
            // D-03's slot holds no details: the autism-wait evidence is cited under D-01 instead.
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Deficiencies WHERE Code = 'D-03' AND Title IS NULL"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM DeficiencyEvidence e JOIN Deficiencies d ON d.Id = e.DeficiencyId WHERE d.Code = 'D-01'"), Is.EqualTo(2));
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT c.Key FROM Sources s JOIN Sources c ON c.Id = s.CopyOfId WHERE s.Key = 'lamonitor'"), Is.EqualTo("laist_brief"));
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT DeadlineType FROM TimelineItems WHERE Code = 'DL-CONSULTATION-END'"), Is.EqualTo("period-end"));
        });
    }

    [Test]
    public async Task LoadIfEmpty_LoadsNothing_WhenTheDatabaseHoldsACase()
    {
        using var app = new TestApp();
        var loader = app.Services.GetRequiredService<SeedLoader>();
        await using var connection = await app.Database.OpenAsync();
        var before = await Counts(connection);

        var loaded = await loader.LoadIfEmptyAsync(Repository.SeedDirectory);

        Assert.That(loaded, Is.False);
        Assert.That(await Counts(connection), Is.EqualTo(before));
    }

    [Test]
    public async Task LoadIfEmpty_LoadsAnotherCase_FromFilesInTheSameFormat()
    {
        using var folder = SeedFolder.Empty();
        folder.WriteText(SeedReader.CaseFileName, """
            { "key": "other-plan", "title": "Other plan", "plan": "Example Health Plan", "regulator": "Example Regulator",
              "regulatorShort": "ER", "summary": "A small case.", "primarySurvey": "S-1", "keyDeadline": "DL-1" }
            """);
        folder.WriteText(SeedReader.SourcesFileName, """
            [ { "key": "er_report", "title": "Survey report", "publisher": "Example Regulator", "publishedOn": "2024-06",
                "kind": "regulator-report", "url": "https://example.org/report", "note": null } ]
            """);
        folder.WriteText(SeedReader.SurveysFileName, """
            [ { "key": "S-1", "title": "2024 survey", "regulator": "ER", "startedOn": "2024", "deficiencyCount": 3, "codePrefix": "X-",
                "description": "Three findings.", "sources": ["er_report"], "confidence": "high",
                "aggregateFindings": [ { "assessor": "regulator", "effectiveOn": "2024-06", "title": "Survey report",
                  "counts": { "not-corrected": 3 }, "sources": ["er_report"], "confidence": "verified", "note": null } ] } ]
            """);
        folder.WriteText(SeedReader.DeficienciesFileName, """
            [ { "survey": "S-1", "slot": 2, "title": "Late letters", "area": "Communications", "sources": ["er_report"], "confidence": "high" } ]
            """);
        folder.WriteText(SeedReader.ObligationsFileName, "[]");
        folder.WriteText(SeedReader.TimelineFileName, """
            [ { "code": "DL-1", "kind": "deadline", "title": "Fixes due", "date": "2025-01-31", "status": "open", "sources": ["er_report"], "confidence": "high" } ]
            """);

        using var app = new TestApp(seedDirectory: folder.Path);
        var page = await app.GetDocumentAsync("/");
        var deficiency = await app.GetDocumentAsync("/deficiencies/X-02");

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("Other plan"));
            Assert.That(page.QuerySelector("#headline")!.Squash(), Is.EqualTo("3 of 3 deficiencies not corrected"));
            Assert.That(deficiency.QuerySelector("h1")!.Squash(), Is.EqualTo("X-02: Late letters"));
        });
    }

    [Test]
    public async Task App_StopsWithAPlainMessage_WhenASeedFileIsMalformed()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.TimelineFileName, t => t[3]!["date"] = "2014-02-30");
        var code = folder.Read(SeedReader.TimelineFileName)[3]!["code"]!.GetValue<string>();
        var data = Path.Combine(folder.Path, "db");

        var web = Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { web, $"--Storage:SeedDirectory={folder.Path}", $"--Storage:DataDirectory={data}", $"--Reports:Directory={data}", "--urls=http://127.0.0.1:0" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app kept running with a malformed seed file.");
        }
        var said = await output + await errors;

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That(said, Does.Contain("timeline.json").And.Contain(code).And.Contain("\"2014-02-30\" is not a date"));
            Assert.That(said, Does.Not.Contain("   at "), "no stack trace");
        });

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "compliance.db")}");
        await connection.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Sources"), Is.Zero, "nothing half-loaded");
    }

    private static async Task<int[]> Counts(System.Data.IDbConnection connection) =>
    [
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Sources"),
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Deficiencies"),
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM StatusChanges"),
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TimelineItems"),
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Obligations"),
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM LedgerEntries"),
    ];
}
