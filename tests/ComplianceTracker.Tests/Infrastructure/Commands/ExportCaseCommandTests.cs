using System.Globalization;
using System.Net;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;
using ComplianceTracker.Web.Infrastructure.Seed;
using Dapper;

namespace ComplianceTracker.Tests.Infrastructure.Commands;

/// <summary>
/// The record as files, both ways: a record with history and edits made through the app, exported, loaded into an
/// empty instance as its seed, answers every public page, API address, CSV and feed with the same bytes (both apps on
/// the same fixed clock), and exports again to the same files.
/// </summary>
public sealed class ExportCaseCommandTests
{
    private static readonly string[] Addresses =
    [
        "/", "/deficiencies", "/deficiencies?survey=all", "/deficiencies/D-05", "/deficiencies/D-07", "/deficiencies/D-12",
        "/settlement", "/timeline", "/timeline?kind=deadline", "/sources", "/changes", "/changes?kind=assessment", "/data", "/brief", "/brief.pdf",
        "/reports", "/reports/1/changes", "/reports/current", "/changes.atom", "/calendar.ics", "/calendar.ics?include=events",
        "/data/deficiencies.csv", "/data/obligations.csv", "/data/ledger.csv", "/data/timeline.csv", "/data/status-changes.csv",
        "/data/sources.csv",
        "/api/v1/summary", "/api/v1/deficiencies", "/api/v1/deficiencies/D-05", "/api/v1/deficiencies/D-12", "/api/v1/obligations",
        "/api/v1/timeline", "/api/v1/status-changes", "/api/v1/sources", "/api/v1/changes",
        "/reports/1.pdf", "/reports/latest.pdf",
    ];

    private static readonly string[] Files =
    [
        SeedReader.CaseFileName, SeedReader.SourcesFileName, SeedReader.SurveysFileName, SeedReader.DeficienciesFileName,
        SeedReader.ObligationsFileName, SeedReader.TimelineFileName, SeedReader.EditionsFileName,
    ];

    [Test]
    public async Task Export_LoadedIntoAnEmptyInstance_AnswersEveryPublicAddressAlike()
    {
        using var original = new TestApp();
        await MakeHistoryAsync(original);
        var before = await ReadAllAsync(original);
        using var first = SeedFolder.Empty();
        using var again = SeedFolder.Empty();

        using var output = new StringWriter();
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", first.Path], output), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("Exported case kaiser-dmhc-behavioral-health").And.Contain("1 editions"));
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", again.Path], TextWriter.Null), Is.Zero);
        foreach (var file in Files)
        {
            Assert.That(ReadBytes(again, file), Is.EqualTo(ReadBytes(first, file)), $"{file}: two exports of one record are the same bytes");
        }

        using var copy = new TestApp(original.Clock.GetUtcNow(), first.Path, new Dictionary<string, string?>
        {
            ["Reports:Directory"] = original.ReportsDirectory(),
        });
        var after = await ReadAllAsync(copy);
        Assert.Multiple(() =>
        {
            foreach (var address in Addresses)
            {
                Assert.That(Text(after[address]), Is.EqualTo(Text(before[address])), address);
            }
        });

        using var roundTrip = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(copy.Services, ["export-case", "--to", roundTrip.Path], TextWriter.Null), Is.Zero);
        foreach (var file in Files)
        {
            Assert.That(File.ReadAllText(Path.Combine(roundTrip.Path, file)), Is.EqualTo(File.ReadAllText(Path.Combine(first.Path, file))), $"{file} after a round trip");
        }

        // The next entry recorded on the copy follows on from the exported numbers.
        using var editor = await copy.SignedInClientAsync("Editor", "second.editor@example.org");
        await editor.RecordAssessmentAsync("D-09", "union:not-corrected", "Members report the same waits.", "https://example.org/union-2");
        await using var connection = await copy.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT Id) FROM StatusChanges"),
            Is.EqualTo(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM StatusChanges")));
    }

    [Test]
    public async Task Export_HoldsHistoryWithNames_ButNoAccountsOrPasswords()
    {
        using var app = new TestApp();
        await MakeHistoryAsync(app);
        using var folder = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", folder.Path], TextWriter.Null), Is.Zero);

        var all = string.Join("\n", Files.Select(f => File.ReadAllText(Path.Combine(folder.Path, f))));
        var deficiencies = folder.Read(SeedReader.DeficienciesFileName).AsArray();
        var d07 = deficiencies.Single(d => (int)d!["slot"]! == 7 && (string)d["survey"]! == "NRS-2022")!;
        Assert.Multiple(() =>
        {
            Assert.That((int)folder.Read(SeedReader.CaseFileName)["formatVersion"]!, Is.EqualTo(SeedReader.ExportFormatVersion));
            Assert.That(all, Does.Not.Contain("editor@example.org").And.Not.Contain(TestAccounts.Password).And.Not.Contain("AQAAAA"),
                "no address, password or password hash");
            Assert.That(all, Does.Not.Contain("passwordHash").IgnoreCase.And.Not.Contain("securityStamp").IgnoreCase);
            Assert.That(d07["assessments"]!.AsArray().Select(a => (string?)a!["recordedBy"]), Has.Some.Not.EqualTo("seed"),
                "the recorded-by name the public record shows");
            Assert.That(d07["assessments"]!.AsArray().Any(a => a!["corrects"] is not null), Is.True, "the correction names the entry it corrects");
            Assert.That(all, Does.EndWith("\n").And.Not.Contain("\r"));
        });
    }

    [Test]
    public async Task Export_KeepsARepeatFinding_AndItsChainShowsAlike()
    {
        using var seed = SeedFolder.CopyOfCheckedIn();
        seed.Edit(SeedReader.DeficienciesFileName, list =>
        {
            var d01 = list.AsArray().First(d => (string)d!["survey"]! == "NRS-2022" && (int)d["slot"]! == 1)!;
            d01["repeats"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["survey"] = "RS-2012",
                ["slot"] = 3,
                ["source"] = "dmhc_pr_2015",
                ["note"] = "Written for this test.",
            });
        });
        using var original = new TestApp(seedDirectory: seed.Path);
        using var export = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", export.Path], TextWriter.Null), Is.Zero);
        using var copy = new TestApp(original.Clock.GetUtcNow(), export.Path);

        using var before = original.CreateClient();
        using var after = copy.CreateClient();
        foreach (var address in new[] { "/deficiencies/D-01", "/deficiencies/R12-03", "/brief", "/api/v1/deficiencies/D-01" })
        {
            Assert.That(await after.GetStringAsync(address), Is.EqualTo(await before.GetStringAsync(address)), address);
        }
        Assert.That(File.ReadAllText(Path.Combine(export.Path, SeedReader.DeficienciesFileName)), Does.Contain("\"survey\": \"RS-2012\"").And.Contain("Written for this test."));
    }

    [Test]
    public async Task Load_RefusesAnExportWhoseEntriesClash_NamingEach()
    {
        using var app = new TestApp();
        using (var editor = await app.SignedInClientAsync("Editor", "editor@example.org"))
        {
            await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");
        }
        using var folder = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", folder.Path], TextWriter.Null), Is.Zero);
        long id = 0;
        folder.Edit(SeedReader.DeficienciesFileName, list =>
        {
            var d05 = list.AsArray().Single(d => (int)d!["slot"]! == 5 && (string)d["survey"]! == "NRS-2022")!;
            var entry = d05["assessments"]!.AsArray().Last()!;
            id = (long)entry["id"]!;
            entry["corrects"] = id + 100;
            entry["recordedAt"] = "yesterday";
        });
        folder.Edit(SeedReader.EditionsFileName, e => e.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""
            { "number": 3, "asOf": "2026-11-27T20:00:00.0000000+00:00", "generatedAt": "2026-11-27T20:00:00.0000000+00:00",
              "trigger": "startup", "occurrenceKey": null, "fileName": "x.pdf", "sha256": "ABC", "bytes": 1, "pages": 1 }
            """)));

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));

        Assert.That(ex!.Message.Split(Environment.NewLine), Is.EqualTo(new[]
        {
            $"Seed file deficiencies.json, item NRS-2022 slot 5 assessment {id}: recordedAt \"yesterday\" is not an instant such as \"2026-11-27T20:00:00.0000000+00:00\".",
            $"Seed file deficiencies.json, item NRS-2022 slot 5 assessment {id}: an assessment corrects entry {id + 100}, which is not an earlier entry of the same kind.",
            "Seed file editions.json, item edition 3: sha256 must be 64 lower-case hexadecimal digits.",
            "Seed file editions.json, item numbers: editions are numbered 1, 2, 3… without gaps.",
        }));
    }

    /// <summary>
    /// Assessments (one corrected), a field edit, an obligation status, ledger entries (one corrected, one withdrawn), a new
    /// deadline, a timeline edit (withdrawn), a source edit and an edition.
    /// </summary>
    private static async Task MakeHistoryAsync(TestApp app)
    {
        using var editor = await app.SignedInClientAsync("Editor", "editor@example.org");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await editor.RecordAssessmentAsync("D-07", "plan:claims-corrected", "Typed on the wrong deficiency", "https://example.org/plan");
        long wrong;
        await using (var connection = await app.Database.OpenAsync())
        {
            wrong = await connection.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM StatusChanges");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/deficiencies/D-07/assess", Sourced("https://example.org/plan-fix", new()
        {
            ["Input.Assessment"] = "plan:no-claim",
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = "The plan's statement was about another item.",
            ["Input.Confidence"] = "reported",
            ["Input.Corrects"] = wrong.ToString(CultureInfo.InvariantCulture),
        })));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/deficiencies/D-12/edit", Sourced("https://example.org/excerpt", new()
        {
            ["Input.Title"] = "Grievances not resolved within 30 days",
            ["Input.Area"] = "Grievances and appeals",
            ["Input.Reason"] = "The report excerpt lists it.",
        })));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/settlement/O-1a/status", Sourced("https://example.org/paid", new()
        {
            ["Input.Status"] = "met",
            ["Input.EffectiveOn"] = "2023-10-20",
            ["Input.Reason"] = "The enforcement record shows it paid.",
            ["Input.Confidence"] = "verified",
        })));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var ledger = Sourced("https://example.org/payment", new()
        {
            ["Input.Entry"] = "paid",
            ["Input.Amount"] = "4000000",
            ["Input.On"] = "2023-10",
            ["Input.Confidence"] = "reported",
        });
        await Expect(editor.SubmitAsync("/settlement/O-1a/ledger", ledger));
        long wrongAmount;
        await using (var connection = await app.Database.OpenAsync())
        {
            wrongAmount = await connection.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM LedgerEntries");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        ledger["Input.Amount"] = "40000000";
        ledger["Input.Corrects"] = wrongAmount.ToString(CultureInfo.InvariantCulture);
        ledger["Input.Note"] = "A zero was missing.";
        await Expect(editor.SubmitAsync("/settlement/O-1a/ledger", ledger));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/timeline/new", Sourced("https://example.org/letter", new()
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "Kaiser's response to the DMHC letter due",
            ["Input.Date"] = "2027-01",
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "reported",
        })));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/timeline/E-2024-08/edit", Sourced("https://example.org/hearing", new()
        {
            ["Input.AlternateDate"] = "2024-09",
            ["Input.AlternateNote"] = "A later hearing record says September.",
            ["Input.Reason"] = "Sources disagree on the month.",
        })));

        // Withdrawn entries: a ledger entry made in error, and the other date just edited in (the field falls back).
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        ledger.Remove("Input.Corrects");
        ledger["Input.Amount"] = "150000000";
        ledger["Input.Note"] = "Typed on the wrong term.";
        await Expect(editor.SubmitAsync("/settlement/O-1a/ledger", ledger));
        long typedWrong, alternateEdit;
        await using (var connection = await app.Database.OpenAsync())
        {
            typedWrong = await connection.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM LedgerEntries");
            alternateEdit = await connection.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM FieldEdits WHERE Field = 'Other date'");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync($"/changes/withdraw/ledger/{typedWrong}", new Dictionary<string, string> { ["Input.Kind"] = "entered-in-error", ["Input.Reason"] = "Wrong term." }));
        await Expect(editor.SubmitAsync($"/changes/withdraw/field-edit/{alternateEdit}", new Dictionary<string, string> { ["Input.Kind"] = "source-retracted" }));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect(editor.SubmitAsync("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            ["Input.PublishedOn"] = "2023-10-12",
            ["Input.Reason"] = "Date read on the article page.",
        }));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
    }

    private static Dictionary<string, string> Sourced(string url, Dictionary<string, string> form)
    {
        form["Input.Source.Title"] = "Document at " + url;
        form["Input.Source.Publisher"] = "California Department of Managed Health Care";
        form["Input.Source.Url"] = url;
        form["Input.Source.PublishedOn"] = "2026-11-20";
        form["Input.Source.Kind"] = "regulator-release";
        return form;
    }

    private static async Task Expect(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    private static byte[] ReadBytes(SeedFolder folder, string file) => File.ReadAllBytes(Path.Combine(folder.Path, file));

    // PDFs compared as bytes (shown as a hash when they differ); everything else as text, so a difference is readable.
    private static string Text(byte[] body) => body.Length > 4 && body[0] == '%' && body[1] == 'P'
        ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))
        : System.Text.Encoding.UTF8.GetString(body);

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
