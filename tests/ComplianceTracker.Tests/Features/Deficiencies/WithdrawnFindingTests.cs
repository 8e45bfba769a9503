using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Tests.Features.Deficiencies;

/// <summary>
/// A finding the regulator withdrew (the "harbor" test case's T-06, withdrawn by HCIC in February 2021 after its May 2020
/// follow-up report counted six items without saying which was which): it stops counting, with the withdrawal shown.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class WithdrawnFindingTests
{
    private static string Harbor => Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", "harbor");

    private static SeedFolder CopyOfHarbor()
    {
        var folder = SeedFolder.Empty();
        foreach (var file in Directory.GetFiles(Harbor))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }
        return folder;
    }

    private const string Counted = "6 deficiencies found; 1 withdrawn by HCIC (February 2021), 5 stand.";

    [Test]
    public async Task ItemPage_SaysWhoWithdrewItAndWhen_CitingTheSource_AndKeepsItsHistory()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        var page = await app.GetDocumentAsync("/deficiencies/T-06");
        var notice = page.QuerySelector("section.withdrawn-finding")!;
        var link = notice.QuerySelector("a[href]")!;
        var history = page.Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("T-06: Member notices sent in one language only"), "the item stays at its address");
            Assert.That(notice.Squash(), Does.StartWith("Withdrawn by HCIC in February 2021, according to Notice withdrawing finding 3.6 of the 2018 examination (Harbor Coast Insurance Commission)."));
            Assert.That(notice.Squash(), Does.Contain("The commission found the notices had been translated before the examination."), "the note is shown");
            Assert.That(link.GetAttribute("href"), Is.EqualTo("https://hcic.example.org/notices/2021-02"));
            Assert.That(history, Does.Contain("The plan says the notices were translated."), "the status recorded before the withdrawal stays");
            Assert.That(page.QuerySelectorAll("a[href='https://hcic.example.org/notices/2021-02']"), Has.Length.GreaterThanOrEqualTo(2), "the source is listed among the item's sources too");
        });
    }

    [Test]
    public async Task AnUndescribedItem_SaysHowManyStayCounted_LeavingTheWithdrawnOneOut()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        var notice = (await app.GetDocumentAsync("/deficiencies/T-02")).QuerySelector("p.notice")!.Squash();
        Assert.That(notice, Does.Contain("It is shown so that all 5 stay counted"));
    }

    [Test]
    public async Task Counts_LeaveTheWithdrawnItemOut_AndSaySoWhereverTheCountIs()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var dashboard = await app.GetDocumentAsync("/");
        var headline = dashboard.QuerySelector(".headline")!.Squash();
        var completeness = dashboard.QuerySelector("[aria-labelledby=completeness]")!.Squash();
        var brief = (await app.GetDocumentAsync("/brief")).Body!.Squash();
        var (_, pdf) = await app.RenderAsync();
        var edition = ReportPdf.Read(pdf).AllText;
        using var summary = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/summary"));
        var root = summary.RootElement;
        Assert.Multiple(() =>
        {
            // HCIC's May 2020 report counted 4 not corrected and 2 corrected of six, T-06 among them, without saying
            // which: of the five that stand, 3 or 4 are not corrected.
            Assert.That(headline, Does.Contain("3–4 of 5 deficiencies not corrected"));
            Assert.That(headline, Does.Contain(Counted));
            Assert.That(headline, Does.Contain("The “HCIC follow-up examination report” (May 2020) counts 6, the withdrawn one among them; the figures here count the 5 that stand, as ranges where that count does not say which status the withdrawn one had."));
            Assert.That(headline, Does.Not.Contain("have been assessed individually since"), "no item was assessed since; the range comes from the withdrawal");
            Assert.That(completeness, Does.Contain("4 of 5 deficiencies have no details in this record yet."), "T-06 has details but no longer counts; T-02 to T-05 have none");
            Assert.That(brief, Does.Contain(Counted).And.Contain("3–4 of 5"));
            Assert.That(Squeeze(edition), Does.Contain(Squeeze(Counted)), "the edition says it too");
            Assert.That(root.GetProperty("deficiencies").GetInt32(), Is.EqualTo(5));
            Assert.That(root.GetProperty("deficienciesFound").GetInt32(), Is.EqualTo(6));
            Assert.That(root.GetProperty("deficienciesWithdrawn").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("notCorrected").GetProperty("min").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("notCorrected").GetProperty("max").GetInt32(), Is.EqualTo(4));
            Assert.That(root.GetProperty("withdrawnNote").GetString(), Does.StartWith(Counted));
        });
    }

    [Test]
    public async Task List_ShowsTheWithdrawnItemApart_NotAmongTheItemsThatStand()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        var page = await app.GetDocumentAsync("/deficiencies");
        var standing = page.QuerySelectorAll("table tbody tr td.item-code > a").Select(a => a.Squash()).ToList();
        var withdrawn = page.QuerySelector("section[aria-labelledby=withdrawn-findings]")!;
        Assert.Multiple(() =>
        {
            Assert.That(standing, Is.EqualTo(new[] { "T-01", "T-02", "T-03", "T-04", "T-05" }));
            Assert.That(page.QuerySelector("[role=status]")!.Squash(), Does.StartWith("Showing 5 of 5 standing deficiencies in the Routine examination of Tidewater; 1 finding the regulator withdrew is listed apart below."));
            Assert.That(withdrawn.QuerySelector("h2")!.Squash(), Is.EqualTo("Withdrawn findings"));
            Assert.That(withdrawn.QuerySelector("li")!.Squash(), Does.StartWith("T-06: Member notices sent in one language only — Withdrawn by HCIC in February 2021, according to Notice withdrawing finding 3.6"));
            Assert.That(withdrawn.QuerySelector("li del"), Is.Not.Null, "its title is struck through");
            Assert.That(withdrawn.QuerySelector("li a")!.GetAttribute("href"), Is.EqualTo("/deficiencies/T-06"));
        });
    }

    [Test]
    public async Task ApiAndCsv_CarryTheWithdrawal()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        using var client = app.CreateClient();
        using var item = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deficiencies/T-06"));
        using var standing = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deficiencies/T-01"));
        var csv = (await client.GetStringAsync("/data/deficiencies.csv")).Split("\r\n");
        var header = csv[0].Split(',');
        var withdrawn = item.RootElement.GetProperty("deficiency").GetProperty("withdrawn");
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn.GetProperty("on").GetString(), Is.EqualTo("2021-02"));
            Assert.That(withdrawn.GetProperty("source").GetString(), Is.EqualTo("hcic_notice_2021"));
            Assert.That(withdrawn.GetProperty("note").GetString(), Is.EqualTo("The commission found the notices had been translated before the examination."));
            Assert.That(standing.RootElement.GetProperty("deficiency").GetProperty("withdrawn").ValueKind, Is.EqualTo(JsonValueKind.Null));
            // Appended after permalink, so a reader of the earlier file finds every column where it was.
            Assert.That(Array.IndexOf(header, "withdrawn_on"), Is.GreaterThan(Array.IndexOf(header, "permalink")));
            Assert.That(Cell(csv, header, "T-06", "withdrawn_on"), Is.EqualTo("2021-02"));
            Assert.That(Cell(csv, header, "T-01", "withdrawn_on"), Is.Empty);
        });
    }

    [Test]
    public async Task ExportCase_WritesTheWithdrawalBack_AndTheExportLoadsToTheSamePages()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        using var export = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", export.Path], TextWriter.Null), Is.Zero);
        var item = export.Read(SeedReader.DeficienciesFileName).AsArray().Single(d => (int)d!["slot"]! == 6)!;
        using var copy = new TestApp(app.Clock.GetUtcNow(), export.Path);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((string?)item["withdrawn"]!["on"], Is.EqualTo("2021-02"));
            Assert.That((string?)item["withdrawn"]!["source"], Is.EqualTo("hcic_notice_2021"));
            Assert.That((string?)item["withdrawn"]!["note"], Is.EqualTo("The commission found the notices had been translated before the examination."));
            foreach (var address in new[] { "/deficiencies/T-06", "/deficiencies", "/" })
            {
                Assert.That((await copy.GetDocumentAsync(address)).Body!.Squash(), Is.EqualTo((await app.GetDocumentAsync(address)).Body!.Squash()), address);
            }
        });
    }

    [Test]
    public void CheckSeed_RefusesAWithdrawalCitingASourceNotOnFile_NamingTheFileAndItem()
    {
        using var folder = CopyOfHarbor();
        folder.Edit(SeedReader.DeficienciesFileName, d => d[1]!["withdrawn"]!["source"] = "hcic_no_such_notice");
        using var output = new StringWriter();

        var code = CheckSeedCommand.RunAsync("/nowhere", ["check-seed", "--from", folder.Path], output).Result;

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("Seed file deficiencies.json, item RS-2018 slot 6 (index 1) withdrawn: source \"hcic_no_such_notice\" is not in sources.json."));
    }

    [Test]
    public void CheckSeed_RefusesAWithdrawalWithoutASource_OrDatedAfterItsSource()
    {
        using var folder = CopyOfHarbor();
        folder.Edit(SeedReader.DeficienciesFileName, d => d[1]!["withdrawn"]!["on"] = "2021-03");
        using var output = new StringWriter();

        var code = CheckSeedCommand.RunAsync("/nowhere", ["check-seed", "--from", folder.Path], output).Result;

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("Seed file deficiencies.json, item RS-2018 slot 6 (index 1) withdrawn: on 2021-03 is after its source \"hcic_notice_2021\" was published (2021-02-15)"));
    }

    [Test]
    public async Task ACountMadeAfterTheWithdrawal_CountsOnlyTheItemsThatStand_AndIsExact()
    {
        using var folder = CopyOfHarbor();
        folder.Edit(SeedReader.SurveysFileName, s =>
        {
            var finding = s[0]!["aggregateFindings"]![0]!;
            finding["effectiveOn"] = "2021-06-01";
            finding["counts"] = new System.Text.Json.Nodes.JsonObject { ["not-corrected"] = 3, ["corrected"] = 2 };
        });
        folder.Edit(SeedReader.SourcesFileName, s => s[1]!["publishedOn"] = "2021-06-01");
        using var app = new TestApp(seedDirectory: folder.Path);
        var headline = (await app.GetDocumentAsync("/")).QuerySelector(".headline")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(headline, Does.Contain("3 of 5 deficiencies not corrected"));
            Assert.That(headline, Does.Contain(Counted));
            Assert.That(headline, Does.Not.Contain("counts 6"), "a count of the five that stand needs no word about the withdrawn one");
        });
    }

    [Test]
    public async Task AnEditor_RecordsAWithdrawal_WithItsSource_AndTheChangeIsInTheItemsHistory()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/deficiencies/T-01/edit", new Dictionary<string, string>
        {
            ["Input.WithdrawnOn"] = "2021-02-15",
            ["Input.WithdrawnNote"] = "Withdrawn with finding 3.6.",
            ["Input.Reason"] = "The commission's notice withdraws the finding.",
            ["Input.Source.ExistingId"] = await SourceIdAsync(app, "hcic_notice_2021"),
        }, "form.edit-form");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        var page = await app.GetDocumentAsync("/deficiencies/T-01");
        var headline = (await app.GetDocumentAsync("/")).QuerySelector(".headline")!.Squash();
        var edits = page.QuerySelectorAll("h2").First(h => h.Squash() == "Edits to the details").NextElementSibling!.Squash();
        var changeLog = (await app.GetDocumentAsync("/changes")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("section.withdrawn-finding")!.Squash(), Does.StartWith("Withdrawn by HCIC on 15 February 2021, according to Notice withdrawing finding 3.6 of the 2018 examination"));
            Assert.That(headline, Does.Contain("6 deficiencies found; 2 withdrawn by HCIC (February 2021 and 15 February 2021), 4 stand."));
            Assert.That(edits, Does.Contain("Withdrawn by the regulator").And.Contain("15 February 2021"));
            Assert.That(changeLog, Does.Contain("Withdrawn by the regulator: (none on record) → “15 February 2021”").And.Not.Contain("2021-02-15"), "the change log lists the edit");
        });
    }

    [Test]
    public async Task TheForm_RefusesABadWithdrawalDate_AndANoteWithoutADate_NamingTheFields_AndKeepsWhatWasTyped()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        using var client = await app.SignedInClientAsync("Editor");
        var source = await SourceIdAsync(app, "hcic_notice_2021");
        using var bad = await client.SubmitAsync("/deficiencies/T-01/edit", new Dictionary<string, string>
        {
            ["Input.WithdrawnOn"] = "February 2021",
            ["Input.Reason"] = "The notice.",
            ["Input.Source.ExistingId"] = source,
        }, "form.edit-form");
        var badPage = await TestApp.ParseAsync(bad);
        using var noDate = await client.SubmitAsync("/deficiencies/T-02/edit", new Dictionary<string, string>
        {
            ["Input.WithdrawnOn"] = "",
            ["Input.WithdrawnNote"] = "A note alone.",
            ["Input.Reason"] = "The notice.",
            ["Input.Source.ExistingId"] = source,
        }, "form.edit-form");
        var noDatePage = await TestApp.ParseAsync(noDate);
        using var early = await client.SubmitAsync("/deficiencies/T-03/edit", new Dictionary<string, string>
        {
            ["Input.WithdrawnOn"] = "2021-03",
            ["Input.Reason"] = "The notice.",
            ["Input.Source.ExistingId"] = source,
        }, "form.edit-form");
        var earlyPage = await TestApp.ParseAsync(early);
        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
            Assert.That(badPage.QuerySelector("#Input_WithdrawnOn_error")!.Squash(), Does.Contain("Withdrawn on must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known)."));
            Assert.That(badPage.QuerySelector("input[name='Input.WithdrawnOn']")!.GetAttribute("value"), Is.EqualTo("February 2021"));
            Assert.That(noDatePage.QuerySelector("#Input_WithdrawnNote_error")!.Squash(), Does.Contain("Withdrawal note needs the date"));
            Assert.That(noDatePage.QuerySelector("textarea[name='Input.WithdrawnNote']")!.Squash(), Is.EqualTo("A note alone."));
            Assert.That(earlyPage.QuerySelector("#Input_ConfirmAfterSource_error")!.Squash(), Does.Contain("the withdrawal is dated March 2021"), "a source cannot usually say what happened after it");
        });
        var headline = (await app.GetDocumentAsync("/")).QuerySelector(".headline")!.Squash();
        Assert.That(headline, Does.Contain(Counted), "nothing was saved");
    }

    [Test]
    public async Task TheForm_IsForEditorsOnly()
    {
        using var app = new TestApp(seedDirectory: Harbor);
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.GetAsync("/deficiencies/T-01/edit");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("sign-in").IgnoreCase.Or.Contain("login").IgnoreCase);
    }

    private static async Task<string> SourceIdAsync(TestApp app, string key)
    {
        await using var connection = await app.Database.OpenAsync();
        return (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT Id FROM Sources WHERE Key = @key", new { key })).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>One cell of a CSV file, by the row's code and the column's name (RFC 4180 quoting read properly).</summary>
    private static string Cell(string[] lines, string[] header, string code, string column)
    {
        var line = lines.Single(l => l.StartsWith(code + ",", StringComparison.Ordinal));
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return cells[Array.IndexOf(header, column)];
    }
}
