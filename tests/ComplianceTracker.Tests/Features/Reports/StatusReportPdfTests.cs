using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

public sealed class StatusReportPdfTests
{
    private TestApp app = null!;
    private StatusReport report = null!;
    private ReportPdf pdf = null!;

    [OneTimeSetUp]
    public async Task RenderSeededEdition()
    {
        app = new TestApp();
        byte[] bytes;
        (report, bytes) = await app.RenderAsync();
        pdf = ReportPdf.Read(bytes);
        // Kept beside the test binaries so CI can show a person the rendered report.
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "status-report-seeded.pdf"), bytes);
    }

    [OneTimeTearDown]
    public void DisposeApp() => app.Dispose();

    [Test]
    public void Render_PutsHeaderAndPageXOfYOnEveryPage()
    {
        Assert.That(pdf.Pages, Has.Count.GreaterThanOrEqualTo(5));
        for (var i = 0; i < pdf.Pages.Count; i++)
        {
            Assert.That(pdf.Pages[i], Does.Contain("ComplianceTracker · Edition 1 · as of 27 November 2026"), $"header on page {i + 1}");
            Assert.That(pdf.Pages[i], Does.Contain($"Page {i + 1} of {pdf.Pages.Count}"), $"footer on page {i + 1}");
        }
    }

    [Test]
    public void Render_ListsEveryDeficiencyCode_WithUnknownDetailsAsNotYetPublic()
    {
        var table = pdf.Section("The deficiencies", "Settlement terms and money");
        for (var n = 1; n <= 20; n++)
        {
            Assert.That(table, Does.Contain($"D-{n:00}"));
        }
        Assert.That(table, Does.Contain("not yet in this record"));
        // Words of one cell and its neighbours interleave line by line, so only a word of the title is looked for.
        Assert.That(table, Does.Contain("D-01 Non-urgent"));
    }

    [Test]
    public void Render_CoverGivesTheDashboardsFigures()
    {
        var cover = pdf.Pages[0];
        Assert.That(cover, Does.Contain("19 of 20"));
        Assert.That(cover, Does.Contain("deficiencies not corrected — DMHC report on the 2022 non-routine survey, March 2025"));
        // 31 October 2025 (the month's last day) to 27 November 2026.
        Assert.That(cover, Does.Contain("October 2025 deadline: ended 392 days ago, outcome unknown"));
        Assert.That(cover, Does.Contain("DMHC's count as of March 2025, 20 months ago; no newer finding on record."));
        Assert.That(cover, Does.Contain("Reported · from a union release."));
        Assert.That(cover, Does.Contain("$50M fine."));
        Assert.That(cover, Does.Contain("amount paid: unknown (no source confirms payment)"));
        Assert.That(cover, Does.Contain("$10M contingent"));
        Assert.That(cover, Does.Contain("$150M investment committed; amount spent: unknown"));
        Assert.That(cover, Does.Not.Contain("$0").And.Not.Contain("verdue"));
    }

    [Test]
    public void Render_SaysFirstEdition_WhenThereIsNoEditionBefore()
    {
        Assert.That(pdf.Section("Changes since the last edition", "The deficiencies"), Does.Contain("First edition:"));
    }

    [Test]
    public void Render_BookmarksEverySection()
    {
        Assert.That(pdf.Bookmarks, Is.EqualTo(new[]
        {
            "Cover", "Changes since the last edition", "The deficiencies", "Settlement terms and money", "Timeline", "Sources", "How to read this report", "Cite this",
        }));
    }

    [Test]
    public void Render_SetsMetadataFromTheModel()
    {
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Is.EqualTo("ComplianceTracker status report, edition 1"));
            Assert.That(pdf.Author, Is.EqualTo("ComplianceTracker"));
            Assert.That(pdf.Subject, Does.Contain("the record as of 27 November 2026"));
            Assert.That(pdf.Created, Is.EqualTo(TestApp.DefaultNow));
        });
    }

    [Test]
    public void Render_LinksItemsToTheirPermalinks()
    {
        Assert.That(pdf.Links, Does.Contain("https://tracker.example.org/deficiencies/D-07"));
        Assert.That(pdf.Links, Does.Contain("https://tracker.example.org/timeline#DL-CONSULTATION-END"));
        Assert.That(pdf.Links, Has.Some.StartsWith("https://tracker.example.org/settlement#O-1"));
        Assert.That(pdf.Links, Has.None.Contain("localhost"));
    }

    [Test]
    public void Render_NumbersTheSourcesTheRowsCite()
    {
        var sources = pdf.Section("Sources", "How to read this report");
        Assert.That(report.Sources, Is.Not.Empty);
        for (var n = 1; n <= report.Sources.Count; n++)
        {
            Assert.That(sources, Does.Contain($"[{n}]"));
        }
        Assert.That(pdf.Pages[0], Does.Match(@"\[1[,–]"), "the cover cites its figures");
    }

    [Test]
    public void Render_GivesPassedDeadlinesTheOutcomeASourceGives_NeverOverdueWhenUnknown()
    {
        var timeline = pdf.Section("Timeline", "Sources");
        Assert.That(timeline, Does.Contain("End of the two-year consultation period"));
        // Cells wrap, and PdfPig reads wrapped cells line by line across the row.
        Assert.That(timeline, Does.Contain("ended 392 days ago, outcome"));
        Assert.That(timeline, Does.Contain("passed 1,133 days ago,"));
        Assert.That(timeline, Does.Not.Contain("verdue by"));
    }

    [Test]
    public void Render_OpensTheTimelineWithTheKeyMilestones_SoTheSettlementIsNeverLeftOut()
    {
        var timeline = pdf.Section("Timeline", "Sources");
        var milestones = timeline.IndexOf("Key milestones", StringComparison.Ordinal);
        var window = timeline.IndexOf("The last twelve months", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            // The edition is dated 27 November 2026: both lie outside its twelve months either side.
            Assert.That(milestones, Is.GreaterThanOrEqualTo(0).And.LessThan(window));
            Assert.That(timeline[milestones..window], Does.Contain("$200 million DMHC–Kaiser settlement").And.Contain("DMHC report on the 2022 non-routine survey: 19 of 20"));
            Assert.That(timeline[milestones..window], Does.Contain("$40 million of the fine due"), "every deadline is a milestone");
        });
    }

    [Test]
    public void Render_MarksEveryInferredOrSecondaryStatusInItsCell()
    {
        var table = pdf.Section("The deficiencies", "Settlement terms and money");
        // D-01's regulator status is inferred from a union account: its cell says so, as the page does.
        Assert.That(table, Does.Contain("Inferred · from a").And.Contain("union release"));
        var method = pdf.Section("How to read this report", "Editions");
        Assert.That(method, Does.Not.Contain("guesswork"));
        Assert.That(method, Does.Match(@"\d+ (is|are) inferred"));
    }

    [Test]
    public void Render_GivesByteIdenticalFiles_WhenTheSameModelIsRenderedTwice()
    {
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var first = StatusReportPdf.Render(report, fonts.Family).Bytes;
        var second = StatusReportPdf.Render(report, fonts.Family).Bytes;
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Is.EqualTo(pdf.Bytes));
    }

    [Test]
    public void Render_RepeatsTableHeader_WhenTableBreaksAcrossPages()
    {
        var many = Enumerable.Range(1, 90).Select(n => report.Deficiencies[0] with { Code = $"X-{n:000}" }).ToList();
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var long_ = ReportPdf.Read(StatusReportPdf.Render(report with { Deficiencies = many }, fonts.Family).Bytes);
        var pagesWithRows = long_.Pages.Where(p => p.Contains("X-0", StringComparison.Ordinal)).ToList();
        Assert.That(pagesWithRows, Has.Count.GreaterThan(1));
        Assert.That(pagesWithRows, Has.All.Matches<string>(p => ReportPdf.InOrder(p, "Code", "Deficiency", "Area", "Regulator", "Health", "Union", "Last")));
        for (var n = 1; n <= 90; n++)
        {
            // A row is never split: each code sits on exactly one page.
            Assert.That(long_.Pages.Count(p => p.Contains($"X-{n:000}", StringComparison.Ordinal)), Is.EqualTo(1), $"X-{n:000}");
        }
    }

    [Test]
    public void Render_RefusesAFamilyThatDoesNotShipWithTheApp()
    {
        // Once a family missing here fell back to whatever the machine had; now nothing is set in a font the app lacks.
        Assert.That(() => StatusReportPdf.Render(report, "Liberation Sans"), Throws.InvalidOperationException.With.Message.Contains("Liberation Sans"));
    }

    [Test]
    public async Task Render_GivesTheSameBytes_WhenReportsFontFamilyIsStillSet()
    {
        // The setting is gone (docs/reports.md): a configuration that still names a family changes nothing.
        using var configured = new TestApp(settings: new Dictionary<string, string?> { ["Reports:FontFamily"] = "Liberation Sans" });
        var (_, bytes) = await configured.RenderAsync();
        Assert.That(bytes, Is.EqualTo(pdf.Bytes));
    }
}
