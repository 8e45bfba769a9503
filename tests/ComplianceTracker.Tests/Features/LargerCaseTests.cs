using System.Text.Json;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features;

/// <summary>
/// "atlas" (tests/ComplianceTracker.Tests/Cases/atlas), a case of a larger shape: 45 findings, 14 sources, a follow-up
/// letter whose summary (34 corrected, 11 not) and own item list (32 corrected, 13 not) disagree, findings repeated from
/// an earlier examination, a $1M fine half paid and half waived, and restitution reported paid.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class LargerCaseTests
{
    private static TestApp AppFor() => new(seedDirectory: Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", "atlas"));

    [Test]
    public async Task ALetterThatDisagreesWithItself_GivesRangesThatSpanBothFigures_Everywhere()
    {
        using var app = AppFor();
        using var client = app.CreateClient();
        var headline = (await app.GetDocumentAsync("/")).QuerySelector("section.headline")!.Squash();
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/summary")).RootElement;
        var counts = summary.GetProperty("regulatorCounts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("status").GetString()!, c => (c.GetProperty("min").GetInt32(), c.GetProperty("max").GetInt32()));
        Assert.Multiple(() =>
        {
            Assert.That(headline, Does.StartWith("11–13 of 45 deficiencies not corrected"));
            Assert.That(headline, Does.Contain("EDHP's “Follow-up letter” disagrees with itself: it gives 34 as corrected in its count and 32 in its item-by-item list and 11 as not corrected in its count and 13 in its item-by-item list. The figures here span both."));
            Assert.That(counts["corrected"], Is.EqualTo((32, 34)));
            Assert.That(counts["not-corrected"], Is.EqualTo((11, 13)));
            Assert.That(summary.GetProperty("notCorrected").GetProperty("min").GetInt32(), Is.EqualTo(11));
            Assert.That(summary.GetProperty("notCorrected").GetProperty("max").GetInt32(), Is.EqualTo(13));
        });
    }

    [Test]
    public async Task TheBrief_StaysWithinTwoPages_AndAsksWhichOfTheLettersFiguresIsRight()
    {
        using var app = AppFor();
        var pdf = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/brief.pdf"));
        var text = string.Join(' ', pdf.AllText.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages, Has.Count.InRange(1, 2));
            Assert.That(text, Does.Contain("11–13 of 45 deficiencies not corrected"));
            Assert.That(text, Does.Contain("Which of the figures in “Follow-up letter” is right: its count or its item-by-item list?"));
            Assert.That(text, Does.Not.Contain("which one is not in this record"), "every item has its own status: 'which ones' is not the open question");
            Assert.That(text, Does.Contain("$500,000 paid and $500,000 waived"));
            Assert.That(text, Does.Contain("$250,000 restitution"));
            Assert.That(text, Does.Not.Contain("but the ledger records only"), "a fine half paid and half waived is settled, not half unpaid");
        });
    }

    [Test]
    public async Task TheBrief_SaysWhatItLeavesToTheSite_WhenTheCaseHasMorePassedDeadlinesAndRepeatsThanItLists()
    {
        using var folder = SeedFolder.CopyOf(Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", "atlas"));
        folder.Edit("timeline.json", node =>
        {
            for (var month = 1; month <= 10; month++)
            {
                node.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse($$"""
                    { "code": "DL-2022-{{month:00}}", "kind": "deadline", "deadlineType": "due", "title": "Monthly report {{month}} due", "description": null,
                      "date": "2022-{{month:00}}-15", "alternateDate": null, "alternateNote": null, "status": "met", "obligation": null, "milestone": false,
                      "sources": ["edhp_order_2020"], "confidence": "high" }
                    """));
            }
        });
        folder.Edit("deficiencies.json", node =>
        {
            foreach (var slot in new[] { 11, 12, 13, 14, 15 })
            {
                var item = node.AsArray().Single(d => (string?)d!["survey"] == "EX-2019" && (int)d!["slot"]! == slot)!;
                item["repeats"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "survey": "EX-2014", "slot": 5, "source": "edhp_exam_2019", "note": null }]""");
            }
        });
        using var app = new TestApp(seedDirectory: folder.Path);
        var pdf = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/brief.pdf"));
        var text = string.Join(' ', pdf.AllText.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        var page = (await app.GetDocumentAsync("/brief")).Body!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages, Has.Count.InRange(1, 2));
            // 12 passed deadlines: the newest 8 are listed, the 4 oldest left to the timeline.
            Assert.That(text, Does.Contain("4 earlier passed deadlines are not listed here, to keep the brief to two pages; every deadline is on the timeline:"));
            Assert.That(page, Does.Contain("Monthly report 10 due").And.Not.Contain("Monthly report 2 due"), "the newest are listed");
            Assert.That(page, Does.Contain("3 more findings found before are not listed here"));
            Assert.That(text, Does.Contain("3 more findings found before are not listed here"));
        });
    }

    [Test]
    public async Task TheEdition_ShowsTheRegulatorsOwnNumbers_InItsTable()
    {
        using var app = AppFor();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var page = await app.GetDocumentAsync("/reports/current");
        var row = page.QuerySelectorAll("tr").First(r => r.QuerySelector("a")?.TextContent == "E-10");
        var pdf = ReportPdf.Read(await app.CreateClient().GetByteArrayAsync("/reports/1.pdf"));
        Assert.Multiple(() =>
        {
            Assert.That(row.Squash(), Does.Contain("EDHP no. 2.1"));
            Assert.That(pdf.AllText, Does.Contain("EDHP no. 2.1"));
        });
    }

    [Test]
    public async Task TheList_ShowsTheRegulatorsOwnNumbers()
    {
        using var app = AppFor();
        var row = (await app.GetDocumentAsync("/deficiencies?survey=EX-2019")).QuerySelectorAll("tbody tr")
            .Single(r => r.QuerySelector("td.item-code a")!.TextContent == "E-10");
        Assert.That(row.QuerySelector("td.item-code")!.Squash(), Is.EqualTo("E-10 EDHP no. 2.1"));
    }
}
