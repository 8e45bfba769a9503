using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Seed;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceTracker.Tests.Infrastructure.Seed;

/// <summary>
/// A table of broken seed folders, each written to a folder of its own from a small valid case: the loader says exactly
/// what is wrong, in the file's own words, every problem at once, and writes nothing.
/// </summary>
public class BrokenSeedTests
{
    private const string Case = """
        { "key": "small-case", "title": "Small case", "plan": "Example Plan", "regulator": "Example Regulator",
          "regulatorShort": "ER", "summary": "A small case.", "primarySurvey": "S-1", "keyDeadline": "DL-1" }
        """;

    private const string Sources = """
        [ { "key": "er_report", "title": "Survey report", "publisher": "Example Regulator", "publishedOn": "2024-06",
            "kind": "regulator-report", "url": "https://example.org/report", "note": null },
          { "key": "news_1", "title": "A news story", "publisher": "Example News", "publishedOn": null,
            "kind": "news", "url": null, "note": null } ]
        """;

    private const string Surveys = """
        [ { "key": "S-1", "title": "2024 survey", "regulator": "ER", "startedOn": "2024", "deficiencyCount": 3, "codePrefix": "X-",
            "description": "Three findings.", "sources": ["er_report"], "confidence": "high" },
          { "key": "S-2", "title": "2025 survey", "regulator": "ER", "startedOn": null, "deficiencyCount": 2, "codePrefix": "Y-",
            "description": "Two findings.", "sources": [], "confidence": "medium" } ]
        """;

    private const string Deficiencies = """
        [ { "survey": "S-1", "slot": 2, "title": "Late letters", "area": "Communications", "sources": ["er_report"], "confidence": "high",
            "assessments": [ { "assessor": "regulator", "status": "not-corrected", "effectiveOn": "2024-06", "reason": "The report says so.",
                               "source": "er_report", "confidence": "verified" } ] } ]
        """;

    private const string Obligations = """
        [ { "code": "O-1", "kind": "payment", "title": "Fine", "amountUsd": 1000, "dueOn": "2024-12", "status": "unknown",
            "statusReason": "No source says whether it was paid.", "sources": ["er_report"], "confidence": "high", "ledger": [] } ]
        """;

    private const string Timeline = """
        [ { "code": "DL-1", "kind": "deadline", "title": "Fixes due", "date": "2025-01-31", "status": "open",
            "sources": ["er_report"], "confidence": "high" } ]
        """;

    private static SeedFolder SmallCase()
    {
        var folder = SeedFolder.Empty();
        folder.WriteText(SeedReader.CaseFileName, Case);
        folder.WriteText(SeedReader.SourcesFileName, Sources);
        folder.WriteText(SeedReader.SurveysFileName, Surveys);
        folder.WriteText(SeedReader.DeficienciesFileName, Deficiencies);
        folder.WriteText(SeedReader.ObligationsFileName, Obligations);
        folder.WriteText(SeedReader.TimelineFileName, Timeline);
        return folder;
    }

    public sealed record Broken(string Name, Action<SeedFolder> Break, string[] Expected)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Broken> BrokenFolders()
    {
        yield return new("null where text is required",
            f => f.Edit(SeedReader.SourcesFileName, s => s[0]!["title"] = null),
            ["Seed file sources.json, item er_report (index 0): title is null, but it must have a value (text)."]);
        yield return new("a required property left out",
            f => f.Edit(SeedReader.TimelineFileName, t => t[0]!.AsObject().Remove("title")),
            ["Seed file timeline.json, item DL-1 (index 0): title is missing."]);
        yield return new("a number written as text",
            f => f.Edit(SeedReader.SurveysFileName, s => s[0]!["deficiencyCount"] = "3"),
            ["Seed file surveys.json, item S-1 (index 0): deficiencyCount must be a whole number, not text (\"3\")."]);
        yield return new("a fraction where a whole number is needed",
            f => f.Edit(SeedReader.SurveysFileName, s => s[0]!["deficiencyCount"] = 12.5),
            ["Seed file surveys.json, item S-1 (index 0): deficiencyCount must be a whole number, not the number 12.5."]);
        yield return new("an amount with a fraction of a cent",
            f => f.Edit(SeedReader.ObligationsFileName, o => o[0]!["amountUsd"] = 12.345m),
            ["Seed file obligations.json, item O-1 (index 0): amountUsd 12.345 has more than two decimals: an amount is dollars with cents at most, such as 1234.56."]);
        yield return new("a ledger amount with a fraction of a cent",
            f => f.Edit(SeedReader.ObligationsFileName, o => o[0]!["ledger"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "entry": "paid", "amountUsd": 0.001, "on": "2024-06", "source": "er_report", "confidence": "reported" }]""")),
            ["Seed file obligations.json, item O-1 ledger paid 2024-06: amountUsd 0.001 has more than two decimals: an amount is dollars with cents at most, such as 1234.56."]);
        yield return new("an amount written as text",
            f => f.Edit(SeedReader.ObligationsFileName, o => o[0]!["amountUsd"] = "1,234.56"),
            ["Seed file obligations.json, item O-1 (index 0): amountUsd must be a number, not text (\"1,234.56\")."]);
        yield return new("text where a list is needed",
            f => f.Edit(SeedReader.DeficienciesFileName, d => d[0]!["sources"] = "er_report"),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0): sources must be a list ([…]), not text (\"er_report\")."]);
        yield return new("null inside a list",
            f => f.Edit(SeedReader.DeficienciesFileName, d => d[0]!["sources"]!.AsArray().Add(null)),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0): sources[1] is null, but it must have a value (text)."]);
        yield return new("a yes/no written as text",
            f => f.Edit(SeedReader.SourcesFileName, s => s[1]!["isCopy"] = "no"),
            ["Seed file sources.json, item news_1 (index 1): isCopy must be true or false, not text (\"no\")."]);
        yield return new("an unknown property",
            f => f.Edit(SeedReader.SourcesFileName, s => s[1]!["titel"] = "typo"),
            ["Seed file sources.json, item news_1 (index 1): unknown property \"titel\"; the properties here are: key, title, publisher, publishedOn, kind, party, isCopy, copyOf, url, note."]);
        yield return new("a property in the wrong case",
            f => f.Edit(SeedReader.CaseFileName, c => c["RegulatorShort"] = "ER"),
            ["Seed file case.json, item small-case: unknown property \"RegulatorShort\" (did you mean \"regulatorShort\"? names are case-sensitive)."]);
        yield return new("a property written twice",
            f => f.WriteText(SeedReader.CaseFileName, Case.Replace("\"title\": \"Small case\",", "\"title\": \"Small case\", \"title\": \"Other\",", StringComparison.Ordinal)),
            ["Seed file case.json, item small-case: title is written twice."]);
        yield return new("an export's property in a hand-written seed",
            f => f.Edit(SeedReader.DeficienciesFileName, d => d[0]!["assessments"]![0]!["recordedBy"] = "someone"),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0): assessments[0].recordedBy belongs to an export with history: it is read only when case.json has \"formatVersion\": 2."]);
        yield return new("a duplicate key",
            f => f.Edit(SeedReader.SourcesFileName, s => s[1]!["key"] = "er_report"),
            ["Seed file sources.json, item er_report (index 1): key \"er_report\" is used twice."]);
        yield return new("a duplicate code prefix",
            f => f.Edit(SeedReader.SurveysFileName, s => s[1]!["codePrefix"] = "X-"),
            ["Seed file surveys.json, item S-2: codePrefix \"X-\" gives the code X-01, which survey S-1 also gives: each survey needs a prefix of its own."]);
        yield return new("a status citing a source that does not exist",
            f => f.Edit(SeedReader.DeficienciesFileName, d => d[0]!["assessments"]![0]!["source"] = "no_such_source"),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0) assessment regulator 2024-06: source \"no_such_source\" is not in sources.json."]);
        yield return new("a deadline tied to an obligation that does not exist",
            f => f.Edit(SeedReader.TimelineFileName, t => t[0]!["obligation"] = "O-9"),
            ["Seed file timeline.json, item DL-1 (index 0): obligation \"O-9\" is not in obligations.json."]);
        yield return new("a key deadline that does not exist",
            f => f.Edit(SeedReader.CaseFileName, c => c["keyDeadline"] = "DL-9"),
            ["Seed file case.json, item small-case: keyDeadline \"DL-9\" is not a deadline in timeline.json (write null when the case has none)."]);
        yield return new("an assessment by an assessor the case does not list",
            f => f.Edit(SeedReader.DeficienciesFileName, d =>
            {
                d[0]!["assessments"]![0]!["assessor"] = "union";
                d[0]!["assessments"]![0]!["status"] = "not-corrected";
                d[0]!["assessments"]![0]!["confidence"] = "reported";
            }),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0) assessment union 2024-06: assessor \"union\" is not one of the case's assessors (regulator, plan); add it to the assessors in case.json."]);
        yield return new("assessors without the regulator, one listed twice and one unknown",
            f => f.Edit(SeedReader.CaseFileName, c => c["assessors"] = System.Text.Json.Nodes.JsonNode.Parse(
                """[ { "role": "plan", "name": "Example Plan" }, { "role": "plan", "name": "Again" }, { "role": "auditor", "name": "" } ]""")),
            [
                "Seed file case.json, item small-case: assessors[1].role \"plan\" is listed twice: each assessor once.",
                "Seed file case.json, item small-case: assessors[2].role \"auditor\" is not one of: regulator, plan, union, monitor.",
                "Seed file case.json, item small-case: assessors[2].name is empty: give the name the pages should show.",
                "Seed file case.json, item small-case: assessors must include the regulator (role \"regulator\"): the headline counts its assessments. Where an independent monitor assesses instead, write \"headlineAssessor\": \"monitor\" and list the monitor.",
            ]);
        yield return new("details said verified with no regulator's document among their sources",
            f => f.Edit(SeedReader.DeficienciesFileName, d => { d[0]!["sources"] = new System.Text.Json.Nodes.JsonArray("news_1"); d[0]!["confidence"] = "verified"; }),
            ["Seed file deficiencies.json, item S-1 slot 2 (index 0): confidence \"verified\" needs the regulator's own document among its sources, and none of them is; write \"reported\"."]);
        yield return new("a confidence on neither scale",
            f => f.Edit(SeedReader.TimelineFileName, t => t[0]!["confidence"] = "certain"),
            ["Seed file timeline.json, item DL-1 (index 0): confidence \"certain\" is not one of: verified, reported, inferred, high, medium, low."]);
        yield return new("a list file holding an object",
            f => f.WriteText(SeedReader.ObligationsFileName, "{}"),
            ["Seed file obligations.json: the file must hold a list ([…]), not an object."]);
        yield return new("a control character in a title",
            f => f.Edit(SeedReader.TimelineFileName, t => t[0]!["title"] = "Fixes\u0007 due"),
            ["Seed file timeline.json, item DL-1 (index 0): title holds U+0007, which is not text: only letters, digits, punctuation, line breaks and tabs are."]);
        yield return new("an unknown format version",
            f => f.Edit(SeedReader.CaseFileName, c => c["formatVersion"] = 7),
            ["Seed file case.json, item small-case: formatVersion is the number 7, which this app does not read (1 for a seed, 2 for an export with history)."]);
        yield return new("problems in several files, all reported",
            f =>
            {
                f.Edit(SeedReader.SourcesFileName, s => s[0]!["title"] = null);
                f.Edit(SeedReader.SurveysFileName, s => s[1]!["deficiencyCount"] = true);
                f.Edit(SeedReader.DeficienciesFileName, d => d[0]!["assessments"]![0]!["source"] = "gone");
                f.Edit(SeedReader.TimelineFileName, t => t[0]!["date"] = "2025-13");
            },
            [
                "Seed file sources.json, item er_report (index 0): title is null, but it must have a value (text).",
                "Seed file surveys.json, item S-2 (index 1): deficiencyCount must be a whole number, not true.",
                "Seed file deficiencies.json, item S-1 slot 2 (index 0) assessment regulator 2024-06: source \"gone\" is not in sources.json.",
                "Seed file timeline.json, item DL-1 (index 0): date \"2025-13\" is not a date (yyyy, yyyy-MM or yyyy-MM-dd).",
            ]);
    }

    [TestCaseSource(nameof(BrokenFolders))]
    public async Task Load_SaysExactlyWhatIsWrong_AndWritesNothing(Broken broken)
    {
        using var folder = SmallCase();
        broken.Break(folder);

        using var empty = new EmptyDatabase();
        var loader = new SeedLoader(empty.Database, new FakeTimeProvider(TestApp.DefaultNow), NullLogger<SeedLoader>.Instance);
        var ex = Assert.ThrowsAsync<SeedException>(() => loader.LoadIfEmptyAsync(folder.Path));

        Assert.That(ex!.Message.Split(Environment.NewLine), Is.EqualTo(broken.Expected));
        Assert.That(ex.Message, Does.Not.Contain("System.").And.Not.Contain("   at ").And.Not.Contain("Exception"));
        await using var connection = await empty.Database.OpenAsync();
        foreach (var table in new[] { "Cases", "Sources", "Surveys", "Deficiencies", "StatusChanges", "Obligations", "TimelineItems" })
        {
            Assert.That(await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}"), Is.Zero, $"{table} is empty");
        }
    }

    [Test]
    public async Task Load_AcceptsTheNullsTheFormatAllows()
    {
        using var folder = SmallCase();
        // A case without a key deadline; a source without a date or an address; a slot without a title.
        folder.Edit(SeedReader.CaseFileName, c => c["keyDeadline"] = null);
        folder.Edit(SeedReader.DeficienciesFileName, d => d[0]!["title"] = null);

        using var empty = new EmptyDatabase();
        var loader = new SeedLoader(empty.Database, new FakeTimeProvider(TestApp.DefaultNow), NullLogger<SeedLoader>.Instance);

        Assert.That(await loader.LoadIfEmptyAsync(folder.Path), Is.True);
        await using var connection = await empty.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT KeyDeadlineCode FROM Cases"), Is.Empty);
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT Url FROM Sources WHERE Key = 'news_1'"), Is.Empty);
    }

    [Test]
    public void CheckSeed_PrintsThePlainList_AndExits1()
    {
        using var folder = SmallCase();
        folder.Edit(SeedReader.SourcesFileName, s => s[0]!["title"] = null);
        folder.Edit(SeedReader.TimelineFileName, t => t[0]!["status"] = 3);
        using var output = new StringWriter();

        var code = Web.Infrastructure.Commands.CheckSeedCommand.RunAsync("/nowhere", ["check-seed", "--from", folder.Path], output).Result;

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString().TrimEnd().Split(Environment.NewLine), Is.EqualTo(new[]
        {
            $"The seed in {folder.Path} has 2 problems, so nothing was loaded:",
            "Seed file sources.json, item er_report (index 0): title is null, but it must have a value (text).",
            "Seed file timeline.json, item DL-1 (index 0): status must be text (in quotes), not the number 3.",
        }));
    }

    /// <summary>A migrated database holding nothing: a SQLite file of its own, or a PostgreSQL database when the tests run on one.</summary>
    private sealed class EmptyDatabase : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "ct-tests", Guid.NewGuid().ToString("N"));
        private readonly PostgresTestDatabase? postgres = TestDatabases.IsPostgres ? TestDatabases.CreatePostgres() : null;

        public EmptyDatabase()
        {
            var options = Options.Create(new StorageOptions
            {
                Provider = postgres is null ? StorageProvider.Sqlite : StorageProvider.PostgreSQL,
                DataDirectory = directory,
            });
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{StorageOptions.PostgresConnectionName}"] = postgres?.ConnectionString })
                .Build();
            Database = new Database(options, new AppPaths(Repository.Root), configuration);
            Database.Migrate(NullLogger.Instance);
        }

        public Database Database { get; }

        public void Dispose()
        {
            Database.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            postgres?.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
