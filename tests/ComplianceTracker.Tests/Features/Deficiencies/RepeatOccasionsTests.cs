using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Deficiencies;

/// <summary>
/// A repeat counts occasions, one per survey, and names each survey's agency. The "tideway" case (tests/…/Cases/tideway)
/// has A23-01, which a source ties to two findings of one earlier survey of the regulator (R18-02 and R18-03: one
/// occasion) and to a finding of another agency's survey (P16-01, FHRA's); A23-02 repeats one earlier finding of the
/// regulator; the primary survey's headline counts 3 items, never the other surveys' 6.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class RepeatOccasionsTests
{
    private const string TwoAgencies =
        "found on 3 occasions: by TOMC in the 2023 access survey and the 2018 routine survey (May 2018), and by FHRA in the 2016 program review (2016)";

    private const string TwoAgenciesEarlier = "earlier as R18-02 and R18-03 of the 2018 routine survey (May 2018); P16-01 of the 2016 program review (2016)";

    private const string OneAgency = "found on 2 occasions by the regulator — earlier as R18-01 of the 2018 routine survey (May 2018)";

    /// <summary>The archived copy of the 2023 report in the case's archive/ folder, which holds A23-01's passage.</summary>
    private const string ReportCopySha256 = "45660570e9268607b5dab3879b5dbbc1bdc2c780bded8a281e2517d8238d5016";

    private static TestApp AppForTideway() => new(seedDirectory: Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", "tideway"));

    private static async Task<JsonElement> GetJsonAsync(TestApp app, string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Test]
    public async Task DeficiencyPage_CountsOneOccasionPerSurvey_AndNamesEachAgency()
    {
        using var app = AppForTideway();

        var a01 = (await app.GetDocumentAsync("/deficiencies/A23-01")).QuerySelector("#found-before")!.ParentElement!.Squash();
        var a02 = (await app.GetDocumentAsync("/deficiencies/A23-02")).QuerySelector("#found-before")!.ParentElement!.Squash();
        var p01 = (await app.GetDocumentAsync("/deficiencies/P16-01")).Body!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(a01, Does.Contain("F" + TwoAgencies[1..] + ". This finding repeats:"));
            Assert.That(a01, Does.Contain("P16-01 Timely access standards not monitored, found by FHRA in the 2016 program review (begun 2016)"));
            Assert.That(a01, Does.Contain("R18-03 Waits for a follow-up appointment, found by TOMC in the 2018 routine survey (begun May 2018)"));
            Assert.That(a01, Does.Not.Contain("times").And.Not.Contain("by the regulator"));
            Assert.That(a02, Does.Contain("Found on 2 occasions by the regulator. This finding repeats:"));
            Assert.That(p01, Does.Contain("Found again later: A23-01 Appointments not offered within ten business days, found by TOMC in the 2023 access survey"));
        });
    }

    [Test]
    public async Task AnotherAgencysFinding_NamesWhoseAssessmentsItsBoxesHold()
    {
        using var app = AppForTideway();
        var p01 = await app.GetDocumentAsync("/deficiencies/P16-01");
        var a01 = await app.GetDocumentAsync("/deficiencies/A23-01");
        var p01Boxes = p01.QuerySelectorAll(".assessment h3").Select(h => h.Squash()).ToList();
        var a01Boxes = a01.QuerySelectorAll(".assessment h3").Select(h => h.Squash()).ToList();
        Assert.Multiple(() =>
        {
            // FHRA found P16-01 and is not one of the case's assessors: the box is TOMC's, and says so.
            Assert.That(p01Boxes, Is.EqualTo(new[] { "TOMC (the case's regulator)", "Health plan" }));
            Assert.That(p01.Body!.Squash(), Does.Contain("Found by FHRA, which is not one of the assessors this record tracks: whether FHRA considers it corrected is not in this record."));
            Assert.That(a01Boxes, Is.EqualTo(new[] { "Regulator", "Health plan" }), "the regulator's own finding keeps its plain box");
            Assert.That(a01.Body!.Squash(), Does.Not.Contain("not one of the assessors this record tracks"));
        });
    }

    [Test]
    public async Task Brief_AndEdition_SayTheOccasionsAndTheirAgencies()
    {
        using var app = AppForTideway();

        var brief = (await app.GetDocumentAsync("/brief")).QuerySelector("[aria-labelledby=repeats-h]")!.Squash();
        var (report, pdf) = await app.RenderAsync();
        var current = (await app.GetDocumentAsync("/reports/current")).QuerySelector("#deficiencies")!.Squash();
        var pdfText = string.Join(' ', ReportPdf.Read(pdf).AllText.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Multiple(() =>
        {
            Assert.That(brief, Does.Contain($"A23-01 Appointments not offered within ten business days: {TwoAgencies} — {TwoAgenciesEarlier}"));
            Assert.That(brief, Does.Contain($"A23-02 Provider directory out of date: {OneAgency}"));
            Assert.That(report.Repeats.Select(r => (r.Code, r.Times)), Is.EqualTo(new[] { ("A23-01", 3), ("A23-02", 2) }));
            Assert.That(current, Does.Contain($"{TwoAgencies} — {TwoAgenciesEarlier}").And.Contain(OneAgency));
            Assert.That(pdfText, Does.Contain("found on 3 occasions: by TOMC in the 2023 access survey").And.Contain("and by FHRA in the 2016 program review (2016)"));
        });
    }

    [Test]
    public async Task Api_GivesAnItemsAgency_OccasionsRepeatsAndPassages()
    {
        using var app = AppForTideway();

        var a01 = (await GetJsonAsync(app, "/api/v1/deficiencies/A23-01")).GetProperty("deficiency");
        var list = (await GetJsonAsync(app, "/api/v1/deficiencies")).EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!);
        var repeats = a01.GetProperty("repeats").EnumerateArray()
            .Select(r => $"{r.GetProperty("code").GetString()} {r.GetProperty("survey").GetString()} {r.GetProperty("surveyTitle").GetString()} {r.GetProperty("agency").GetString()} {r.GetProperty("source").GetString()}")
            .ToList();
        var passage = a01.GetProperty("passages").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(a01.GetProperty("agency").GetString(), Is.EqualTo("TOMC"));
            Assert.That(a01.GetProperty("occasions").GetInt32(), Is.EqualTo(3));
            Assert.That(a01.GetProperty("foundBefore").GetString(), Is.EqualTo($"{TwoAgencies} — {TwoAgenciesEarlier}"));
            Assert.That(repeats, Is.EqualTo(new[]
            {
                "P16-01 PR-2016 2016 program review FHRA tomc_letter_2024",
                "R18-02 RS-2018 2018 routine survey TOMC tomc_report_2023",
                "R18-03 RS-2018 2018 routine survey TOMC tomc_report_2023",
            }));
            Assert.That(passage.GetProperty("source").GetString(), Is.EqualTo("tomc_report_2023"));
            Assert.That(passage.GetProperty("text").GetString(), Is.EqualTo("the same failure the office found in 2018"));
            Assert.That(passage.GetProperty("check").GetString(), Is.EqualTo("found"));
            Assert.That(passage.GetProperty("archivedCopySha256").GetString(), Is.EqualTo(ReportCopySha256));

            Assert.That(list["A23-02"].GetProperty("occasions").GetInt32(), Is.EqualTo(2));
            Assert.That(list["A23-02"].GetProperty("passages").GetArrayLength(), Is.Zero);
            Assert.That(list["P16-01"].GetProperty("agency").GetString(), Is.EqualTo("FHRA"));
            Assert.That(list["P16-01"].GetProperty("occasions").ValueKind, Is.EqualTo(JsonValueKind.Null), "no source ties it to an earlier finding: unknown, not 1");
            Assert.That(list["P16-01"].GetProperty("repeats").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Csv_AppendsAgencyOccasionsAndRepeats_AndListsThePassages()
    {
        using var app = AppForTideway();
        using var client = app.CreateClient();

        var deficienciesText = await client.GetStringAsync("/data/deficiencies.csv");
        var deficiencies = CsvRows.Read(deficienciesText).ToDictionary(r => r["code"]);
        var passages = CsvRows.Read(await client.GetStringAsync("/data/passages.csv"));
        var dataPage = (await app.GetDocumentAsync("/data")).Body!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(deficienciesText.Split("\r\n")[0], Does.StartWith("code,survey,slot,regulator_number,title,area,legal_citation,finding,details_public,")
                .And.EndWith(",assessors_disagree,permalink,counted_in,withdrawn_on,agency,occasions,repeats"));
            Assert.That(deficiencies["A23-01"]["occasions"], Is.EqualTo("3"));
            Assert.That(deficiencies["A23-01"]["repeats"], Is.EqualTo($"{TwoAgencies} — {TwoAgenciesEarlier}"));
            Assert.That(deficiencies["A23-02"]["repeats"], Is.EqualTo(OneAgency));
            Assert.That(deficiencies["P16-01"]["agency"], Is.EqualTo("FHRA"));
            Assert.That(deficiencies["P16-01"]["occasions"], Is.Empty);
            Assert.That(passages.Select(p => string.Join(" | ", p.Values)), Is.EqualTo(new[]
            {
                $"deficiency | A23-01 | tomc_report_2023 | the same failure the office found in 2018 | {ReportCopySha256} | found",
            }));
            Assert.That(dataPage, Does.Contain("passages.csv").And.Contain("archived_copy_sha256").And.Contain("subject_kind"));
        });
    }

    [Test]
    public async Task AWithdrawnPassage_LeavesTheApiAndPassagesCsv()
    {
        using var app = AppForTideway();
        using var editor = await app.SignedInClientAsync("Editor");
        using (var withdrawn = await editor.SubmitAsync("/sources/tomc_report_2023/evidence",
            new Dictionary<string, string> { ["Input.WithdrawReason"] = "Quoted from the wrong page." }, "form[action*='handler=Withdraw']"))
        {
            Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await withdrawn.Content.ReadAsStringAsync());
        }
        using var client = app.CreateClient();

        var a01 = (await GetJsonAsync(app, "/api/v1/deficiencies/A23-01")).GetProperty("deficiency");
        var passages = CsvRows.Read(await client.GetStringAsync("/data/passages.csv"));

        Assert.Multiple(() =>
        {
            Assert.That(a01.GetProperty("passages").GetArrayLength(), Is.Zero);
            Assert.That(passages, Is.Empty);
        });
    }

    [Test]
    public async Task AnotherAgencysSurvey_IsLabelledWithIt_AndNotInTheRegulatorsHeadline()
    {
        using var app = AppForTideway();

        var summary = await GetJsonAsync(app, "/api/v1/summary");
        var p01 = await app.GetDocumentAsync("/deficiencies/P16-01");
        var list = await app.GetDocumentAsync("/deficiencies?survey=all");
        var regulatorsItem = (await app.GetDocumentAsync("/deficiencies/A23-01")).Body!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("deficiencies").GetInt32(), Is.EqualTo(3), "the primary survey's 3, not all 9 items of the three surveys");
            Assert.That(summary.GetProperty("notCorrected").GetProperty("max").GetInt32(), Is.EqualTo(2));
            Assert.That(p01.QuerySelector("p.meta")!.Squash(), Is.EqualTo("Deficiencies › 2016 program review (FHRA)"));
            Assert.That(p01.QuerySelector("dl.facts")!.Squash(), Does.Contain("Found by FHRA, not the case's regulator").And.Contain("FHRA's number F-3"));
            Assert.That(list.QuerySelectorAll("select[name=survey] option").Select(o => o.Squash()),
                Is.EqualTo(new[] { "All surveys", "2023 access survey", "2018 routine survey", "2016 program review (FHRA)" }));
            Assert.That(list.QuerySelector("p.lede")!.Squash(), Does.StartWith("Each deficiency found by the regulator or, in another agency's survey, by that agency,"));
            Assert.That(regulatorsItem, Does.Contain("Found by TOMC").And.Not.Contain("not the case's regulator"));
        });
    }
}
