using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Tests.Features;

/// <summary>
/// Whose findings make the headline (issue 28, point 1). "kestrel" (tests/ComplianceTracker.Tests/Cases/kestrel) is a
/// case where an independent monitor assesses instead of the regulator: the regulator is not among the assessors, the
/// monitor's aggregate finding ("3 corrected of 3", June 2024) makes the headline. "nordmark" is a regulator's case
/// whose item-by-item findings are older than the monitor's, which the tests here make contradict them.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class HeadlineAssessorTests
{
    private static string CaseFolder(string name) => Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", name);

    [Test]
    public async Task AMonitorsCase_HeadlinesTheMonitorsCount_WithItsDateAndAge()
    {
        using var app = new TestApp(seedDirectory: CaseFolder("kestrel"));
        var headline = (await app.GetDocumentAsync("/")).QuerySelector("section.headline")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(headline, Does.StartWith("0 of 3 deficiencies not corrected"));
            Assert.That(headline, Does.Contain("Compliance Monitor's count as of June 2024, 29 months ago; no newer finding on record."));
            Assert.That(headline, Does.Contain("Monitor's count for the Findings of the consent decree: Corrected: 3"));
            Assert.That(headline, Does.Contain("latest status from Compliance Monitor is not corrected or partly corrected"));
            Assert.That(headline, Does.Not.Contain("None assessed").And.Not.Contain("no aggregate finding"));
            Assert.That(headline, Does.Not.Contain("Regulator").And.Not.Contain("WDI"), "the regulator assesses nothing here");
        });
    }

    [Test]
    public async Task AMonitorsCase_GivesTheMonitorsCountInTheApiTheBriefAndTheEdition()
    {
        using var app = new TestApp(seedDirectory: CaseFolder("kestrel"));
        using var client = app.CreateClient();
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/summary")).RootElement;
        var brief = (await app.GetDocumentAsync("/brief")).Body!.Squash();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = (await app.GetDocumentAsync("/reports/current")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("notCorrected").GetProperty("min").GetInt32(), Is.EqualTo(0));
            Assert.That(summary.GetProperty("countsAssessor").GetString(), Is.EqualTo("monitor"));
            Assert.That(summary.GetProperty("regulatorCounts").EnumerateArray().Select(c => (c.GetProperty("status").GetString(), c.GetProperty("min").GetInt32())),
                Is.EqualTo(new[] { ("corrected", 3) }));
            Assert.That(summary.GetProperty("countBasis").GetString(), Is.EqualTo("Third monitoring report"));
            Assert.That(brief, Does.Contain("Compliance Monitor's count as of June 2024"));
            Assert.That(edition, Does.Contain("The headline counts use only the monitor's assessments"));
            Assert.That(edition, Does.Contain("Compliance Monitor, in its monitoring reports. Counts and headlines use only these."));
        });
    }

    [Test]
    public async Task ARegulatorsOldItemFindings_CarryTheirAge_AndTheMonitorsNewerCorrectionIsSaid()
    {
        using var folder = SeedFolder.CopyOf(CaseFolder("nordmark"));
        // The monitor finds AS-03 corrected in 2024, three years after the regulator's "not corrected"; it also gives
        // an aggregate finding of its own.
        folder.Edit("deficiencies.json", node =>
        {
            var item = node.AsArray().Single(d => (string?)d!["survey"] == "AS-2019" && (int)d!["slot"]! == 3)!;
            item["assessments"]!.AsArray().Add(JsonNodeOf("""{ "assessor": "monitor", "status": "corrected", "effectiveOn": "2024-05-02", "reason": "The monitor's report finds it corrected.", "source": "monitor_2024", "confidence": "verified" }"""));
        });
        folder.Edit("sources.json", node => node.AsArray().Add(JsonNodeOf("""{ "key": "monitor_2024", "title": "Monitor's access report", "publisher": "Independent Access Monitor", "publishedOn": "2024-05-02", "kind": "monitor-report", "party": "monitor", "isCopy": false, "copyOf": null, "url": "https://monitor.example.org/2024", "note": null }""")));
        folder.Edit("surveys.json", node =>
        {
            var survey = node.AsArray().Single(s => (string?)s!["key"] == "AS-2019")!;
            survey["aggregateFindings"] = JsonNodeOf("""[{ "assessor": "monitor", "effectiveOn": "2024-05-02", "title": "Monitor's access report", "counts": { "corrected": 3, "not-corrected": 2 }, "sources": ["monitor_2024"], "confidence": "verified", "note": null }]""");
        });
        using var app = new TestApp(seedDirectory: folder.Path);
        var headline = (await app.GetDocumentAsync("/")).QuerySelector("section.headline")!.Squash();
        var brief = (await app.GetDocumentAsync("/brief")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(headline, Does.Contain("Added up by this tracker from OHPO's item-by-item assessments, the newest dated February 2021, 5 years ago"));
            Assert.That(headline, Does.Contain("no aggregate finding of OHPO is on record"));
            Assert.That(headline, Does.Contain("Not every assessor agrees with OHPO's statuses: Independent Access Monitor's latest status is “corrected” on 1 of these deficiencies (A-03)."));
            Assert.That(headline, Does.Contain("Also on record, not counted in this headline: Independent Access Monitor's aggregate finding Monitor's access report (2 May 2024, 30 months ago): 2 not corrected and 3 corrected of 5."));
            Assert.That(brief, Does.Contain("Not every assessor agrees with OHPO's statuses"));
            Assert.That(brief, Does.Contain("Also on record, not counted here: Independent Access Monitor's aggregate finding “Monitor's access report”"));
        });
    }

    [Test]
    public void TheSeed_RefusesAHeadlineAssessorThatIsNotListed_OrThatCannotMakeAHeadline()
    {
        using var unlisted = SeedFolder.CopyOf(CaseFolder("kestrel"));
        unlisted.Edit("case.json", node => node["assessors"] = JsonNodeOf("""[{ "role": "plan", "name": "Brightwater" }]"""));
        using var plan = SeedFolder.CopyOf(CaseFolder("kestrel"));
        plan.Edit("case.json", node => node["headlineAssessor"] = "plan");
        using var noRegulator = SeedFolder.CopyOf(CaseFolder("kestrel"));
        noRegulator.Edit("case.json", node => node.AsObject().Remove("headlineAssessor"));

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<SeedException>(() => SeedReader.Read(unlisted.Path))!.Message,
                Does.Contain("case.json").And.Contain("headlineAssessor \"monitor\" is not among the assessors"));
            Assert.That(Assert.Throws<SeedException>(() => SeedReader.Read(plan.Path))!.Message,
                Does.Contain("headlineAssessor \"plan\" is not one of: regulator, monitor"));
            Assert.That(Assert.Throws<SeedException>(() => SeedReader.Read(noRegulator.Path))!.Message,
                Does.Contain("assessors must include the regulator").And.Contain("\"headlineAssessor\": \"monitor\""));
        });
    }

    [Test]
    public async Task ExportCase_KeepsTheHeadlineAssessor()
    {
        using var app = new TestApp(seedDirectory: CaseFolder("kestrel"));
        using var export = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", export.Path], TextWriter.Null), Is.Zero);
        var caseFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(export.Path, "case.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(caseFile.GetProperty("headlineAssessor").GetString(), Is.EqualTo("monitor"));
            Assert.That(SeedReader.Read(export.Path).Case.HeadlineAssessor, Is.EqualTo("monitor"));
        });
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;
}
