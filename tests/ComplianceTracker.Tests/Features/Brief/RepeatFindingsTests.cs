using System.Text.Json.Nodes;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Tests.Features.Brief;

/// <summary>
/// Repeat findings: a deficiency names the earlier findings it repeats, each tied by a source. The checked-in case has no
/// such source, so these tests write a case that has one.
/// </summary>
public class RepeatFindingsTests
{
    private static SeedFolder CaseWithARepeat()
    {
        var seed = SeedFolder.CopyOfCheckedIn();
        seed.Edit(SeedReader.DeficienciesFileName, list =>
        {
            var d01 = list.AsArray().First(d => d!["survey"]!.GetValue<string>() == "NRS-2022" && d!["slot"]!.GetValue<int>() == 1)!;
            d01["repeats"] = new JsonArray(new JsonObject
            {
                ["survey"] = "RS-2012",
                ["slot"] = 3,
                ["source"] = "dmhc_pr_2015",
                ["note"] = "Written for this test.",
            });
        });
        return seed;
    }

    [Test]
    public async Task DeficiencyPage_ShowsTheChain_WithTheSourceThatTiesIt()
    {
        using var seed = CaseWithARepeat();
        using var app = new TestApp(seedDirectory: seed.Path);

        var d01 = (await app.GetDocumentAsync("/deficiencies/D-01")).QuerySelector("#found-before")!.ParentElement!.Squash();
        var r03 = (await app.GetDocumentAsync("/deficiencies/R12-03")).Body!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(d01, Does.Contain("Found on 2 occasions by the regulator.").And.Contain("R12-03").And.Contain("Written for this test."));
            Assert.That(r03, Does.Contain("Found again later:").And.Contain("D-01"));
        });
    }

    [Test]
    public async Task Brief_SaysOnHowManyOccasionsTheRegulatorFoundIt()
    {
        using var seed = CaseWithARepeat();
        using var app = new TestApp(seedDirectory: seed.Path);

        var section = (await app.GetDocumentAsync("/brief")).QuerySelector("[aria-labelledby=repeats-h]")!.Squash();

        Assert.That(section, Does.Contain("D-01").And.Contain("found on 2 occasions by the regulator").And.Contain("R12-03 of the"));
    }

    [Test]
    public async Task Edition_AndTheReportPage_SayOnHowManyOccasionsTheRegulatorFoundIt()
    {
        using var seed = CaseWithARepeat();
        using var app = new TestApp(seedDirectory: seed.Path);

        var (report, pdf) = await app.RenderAsync();
        var current = (await app.GetDocumentAsync("/reports/current")).QuerySelector("#deficiencies")!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(report.Repeats.Select(r => r.Code), Is.EqualTo(new[] { "D-01" }));
            Assert.That(ReportPdf.Read(pdf).AllText, Does.Contain("Found before").And.Contain("found on 2 occasions by the regulator"));
            Assert.That(current, Does.Contain("Found before").And.Contain("found on 2 occasions by the regulator — earlier as R12-03 of the"));
        });
    }

    [Test]
    public async Task CheckedInCase_ShowsNoRepeat_BecauseNoSourceTiesOne()
    {
        using var app = new TestApp();

        Assert.Multiple(async () =>
        {
            Assert.That((await app.GetDocumentAsync("/brief")).QuerySelector("[aria-labelledby=repeats-h]"), Is.Null);
            Assert.That((await app.GetDocumentAsync("/deficiencies/D-01")).QuerySelector("#found-before"), Is.Null);
        });
    }

    [TestCase("{\"survey\":\"RS-2012\",\"slot\":3,\"source\":\"no_such_source\"}", "source \"no_such_source\" is not in sources.json.")]
    [TestCase("{\"survey\":\"NRS-2022\",\"slot\":3,\"source\":\"dmhc_pr_2015\"}", "a deficiency repeats a finding of an earlier survey, not of its own.")]
    [TestCase("{\"survey\":\"RS-2012\",\"slot\":9,\"source\":\"dmhc_pr_2015\"}", "slot must be between 1 and 4.")]
    public void Seed_RefusesARepeat_ThatNoSourceTiesOrThatPointsNowhere(string repeat, string problem)
    {
        using var seed = SeedFolder.CopyOfCheckedIn();
        seed.Edit(SeedReader.DeficienciesFileName, list =>
            list.AsArray().First(d => d!["survey"]!.GetValue<string>() == "NRS-2022" && d!["slot"]!.GetValue<int>() == 1)!["repeats"] = new JsonArray(JsonNode.Parse(repeat)));

        var error = Assert.Throws<SeedException>(() => SeedReader.Read(seed.Path))!;

        Assert.That(error.Message, Does.Contain("Seed file deficiencies.json, item NRS-2022 slot 1 (index 0) repeats[0]: " + problem));
    }
}
