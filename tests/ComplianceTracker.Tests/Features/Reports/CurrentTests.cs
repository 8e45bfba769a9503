using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>/reports/current: the status report as it stands now, from the same model the PDF is rendered from.</summary>
public sealed class CurrentTests
{
    private TestApp app = null!;
    private IHtmlDocument page = null!;
    private StatusReport report = null!;

    /// <summary>One seeded app with no edition yet, read by the tests that only look.</summary>
    [OneTimeSetUp]
    public async Task ReadTheSeededPage()
    {
        app = new TestApp();
        page = await app.GetDocumentAsync("/reports/current");
        report = await app.BuildNowAsync(null);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task Get_AnswersHtml_WhenSignedOut()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/reports/current");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public void Get_SaysItIsNotAPublishedEdition_AndLinksToTheEditions()
    {
        var notice = page.QuerySelector(".report-notice")!;
        Assert.That(notice.Squash(), Does.Contain("Not a published edition").And.Contain("read from the record now"));
        Assert.That(notice.QuerySelector("a[href='/reports']"), Is.Not.Null);
        Assert.That(notice.QuerySelector("a[href='/reports/latest.pdf']"), Is.Not.Null);
        // The notice comes before any of the report's content.
        Assert.That(page.QuerySelector("main .report-notice"), Is.SameAs(page.QuerySelector("main p.notice, main .headline")));
    }

    [Test]
    public void Get_ShowsTheModelsHeadlineAndKeyDeadline_WhenSeeded()
    {
        Assert.That(report.Headline, Is.Not.Null);
        Assert.That(page.QuerySelector("#headline-figure h2")!.Squash(), Is.EqualTo(report.Headline!.Sentence));
        Assert.That(report.Headline.Sentence, Is.EqualTo("19 of 20 deficiencies not corrected"));
        var deadline = report.KeyDeadline!;
        Assert.That(page.QuerySelector("#key-deadline h2")!.Squash(), Is.EqualTo($"{deadline.Occurs} deadline: {deadline.Standing.Describe()}"));
        Assert.That(page.QuerySelector($"#key-deadline a[href='{deadline.Path}']"), Is.Not.Null);
    }

    [Test]
    public void Get_HasOneH1_AndTheSectionsInThePdfsOrder()
    {
        Assert.That(page.QuerySelectorAll("h1"), Has.Length.EqualTo(1));
        var sections = page.QuerySelectorAll("section.report-section").Select(s => (s.Id, s.QuerySelector("h2")!.Squash())).ToList();
        Assert.That(sections, Is.EqualTo(new[]
        {
            ("changes", "Changes since the last edition"),
            ("deficiencies", "The deficiencies"),
            ("settlement", "Settlement terms and money"),
            ("timeline", "Timeline"),
            ("sources", "Sources"),
            ("methodology", "How to read this report"),
            ("cite", "Cite this"),
        }));
        var contents = page.QuerySelectorAll("nav[aria-labelledby='contents'] a").Select(a => a.GetAttribute("href"));
        Assert.That(contents, Is.EqualTo(sections.Select(s => "#" + s.Id)));
    }

    [Test]
    public void Get_SaysNothingChanged_WhenNoEditionIsPublished()
    {
        var changes = page.QuerySelector("section#changes")!;
        Assert.That(changes.Squash(), Does.Contain("No edition has been published yet"));
        Assert.That(changes.QuerySelector("table"), Is.Null);
    }

    [Test]
    public void Get_ListsEveryDeficiency_WhenSeeded()
    {
        var rows = page.QuerySelectorAll("section#deficiencies table tbody tr");
        var codes = rows.Select(r => r.QuerySelector("td")!.Squash()).ToList();

        Assert.That(codes, Is.EqualTo(report.Deficiencies.Select(d => d.Code)));
        Assert.That(codes, Is.EqualTo(Enumerable.Range(1, 20).Select(n => $"D-{n:00}")));
        for (var i = 0; i < rows.Length; i++)
        {
            var d = report.Deficiencies[i];
            Assert.That(rows[i].QuerySelector($"a[href='{d.Path}']"), Is.Not.Null, d.Code);
            // What the record does not hold is said to be so, never filled in.
            Assert.That(rows[i].Children[1].Squash(), Does.StartWith(d.Title ?? "Details not yet in this record"), d.Code);
            Assert.That(rows[i].Children[2].Squash(), Is.EqualTo(d.Area ?? "not yet in this record"), d.Code);
            Assert.That(rows[i].Children[3].Squash(), Is.EqualTo(d.Regulator is { } r ? $"{r.Label} {r.Provenance!.Short}" : d.RegulatorCovered ?? "None"), d.Code);
        }
    }

    [Test]
    public void Get_NumbersEverySourceInTheModelsOrder_AndEveryMarkerFindsOne()
    {
        var items = page.QuerySelectorAll("section#sources ol > li");

        Assert.That(items.Select(li => li.Id), Is.EqualTo(report.Sources.Select(s => $"source-{s.Number}")));
        Assert.That(items.Select(li => li.QuerySelector("strong")!.TextContent), Is.EqualTo(report.Sources.Select(s => s.Title)));
        Assert.That(items.Select(li => li.QuerySelector("a strong") is not null), Is.EqualTo(report.Sources.Select(s => s.Url.Length > 0)), "linked only where an address is on record");
        Assert.That(items.Select(li => li.GetAttribute("value")), Is.EqualTo(report.Sources.Select(s => s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var markers = page.QuerySelectorAll(".cite-ref a[href^='#source-']").Select(a => a.GetAttribute("href")![1..]).Distinct().ToList();
        Assert.That(markers, Is.Not.Empty);
        Assert.That(markers.Where(id => page.GetElementById(id) is null), Is.Empty, "markers without a numbered source");
    }

    [Test]
    public void Get_ShowsEverySettlementTermAndTimelineItem_FromTheModel()
    {
        var terms = page.QuerySelectorAll("section#settlement tbody tr");
        Assert.That(terms.Select(r => r.QuerySelector("a")!.GetAttribute("href")), Is.EqualTo(report.Obligations.Select(o => o.Path)));
        for (var i = 0; i < terms.Length; i++)
        {
            // Terms under another are indented, as the PDF indents them.
            Assert.That(terms[i].QuerySelector("td")!.ClassList, Does.Contain($"depth-{Math.Min(report.Obligations[i].Depth, 3)}"), report.Obligations[i].Code);
        }
        var timeline = page.QuerySelectorAll("section#timeline tbody tr a:not(.cite-ref a)").Select(a => a.GetAttribute("href"));
        var t = report.Timeline;
        Assert.That(timeline, Is.EqualTo(t.Milestones.Concat(t.Past).Concat(t.Coming).Concat(t.OverdueEarlier).Select(i => i.Path)));
        Assert.That(t.Milestones.Select(i => i.Code), Does.Contain("E-2023-10-12").And.Contain("E-2025-03-24"), "every edition lists the settlement and the latest regulator report");
    }

    [Test]
    public void Get_GivesEveryTableACaptionAndHeaderScopes()
    {
        var tables = page.QuerySelectorAll("main table");
        Assert.That(tables, Is.Not.Empty);
        foreach (var table in tables)
        {
            Assert.That(table.QuerySelector("caption")?.Squash(), Is.Not.Empty);
            Assert.That(table.QuerySelectorAll("th").Select(th => th.GetAttribute("scope")), Has.All.EqualTo("col"));
        }
        Assert.That(page.QuerySelectorAll("[style], main script"), Is.Empty, "CSP allows no inline style or script");
    }

    [Test]
    public async Task Archive_LinksToThePage()
    {
        var archive = await app.GetDocumentAsync("/reports");
        Assert.That(archive.QuerySelector("main a[href='/reports/current']")!.Squash(), Is.EqualTo("Read the report as it stands now, as a web page"));
    }

    [Test]
    public async Task Get_ShowsAnAssessment_WhenRecordedSinceTheLatestEdition()
    {
        using var edited = new TestApp();
        await edited.Job().RunAsync("user:Test Editor", edited.Clock.GetUtcNow(), CancellationToken.None);
        edited.Clock.Advance(TimeSpan.FromHours(1));
        using var editor = await edited.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-03", "regulator:corrected", "DMHC letter says D-03 is corrected.");

        var current = await edited.GetDocumentAsync("/reports/current");
        var model = await edited.BuildNowAsync(await edited.Editions().LatestAsync());

        var changes = current.QuerySelector("section#changes")!;
        Assert.That(changes.QuerySelector("h2")!.Squash(), Is.EqualTo("Changes since edition 1"));
        var change = model.Changes.Single();
        var row = changes.QuerySelector("tbody tr")!;
        Assert.That(row.QuerySelector("a[href='/deficiencies/D-03']"), Is.Not.Null);
        Assert.That(row.Squash(), Does.Contain(change.Description).And.Contain("DMHC letter says D-03 is corrected."));
        var marker = row.QuerySelector(".cite-ref a")!.GetAttribute("href")!;
        Assert.That(current.QuerySelector(marker)!.Squash(), Does.Contain("DMHC letter"));
        Assert.That(current.QuerySelector("#headline-figure h2")!.Squash(), Is.EqualTo(model.Headline!.Sentence));
    }

    [Test]
    public async Task Get_EncodesATitle_ThatHoldsMarkup()
    {
        using var edited = new TestApp();
        // After an edition, so the source is cited by a change and listed.
        await edited.Job().RunAsync("user:Test Editor", edited.Clock.GetUtcNow(), CancellationToken.None);
        edited.Clock.Advance(TimeSpan.FromHours(1));
        using var editor = await edited.SignedInClientAsync("Editor");
        const string title = "<script>alert(1)</script> DMHC letter & notes";
        using (var response = await editor.SubmitAsync("/deficiencies/D-05/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = "regulator:corrected",
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = "A <b>letter</b> says so.",
            ["Input.Confidence"] = "verified",
            ["Input.Source.Title"] = title,
            ["Input.Source.Publisher"] = "California Department of Managed Health Care",
            ["Input.Source.Url"] = "https://example.org/letter",
            ["Input.Source.PublishedOn"] = "2026-11-20",
            ["Input.Source.Kind"] = "regulator-release",
        }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using var client = edited.CreateClient();
        var html = await client.GetStringAsync("/reports/current");
        Assert.That(html, Does.Not.Contain("<script>alert(1)"));
        var current = await new HtmlParser().ParseDocumentAsync(html);
        var titles = current.QuerySelectorAll("section#sources ol > li a strong").Select(s => s.TextContent);
        Assert.That(titles, Does.Contain(title));
    }
}

internal static class CurrentReport
{
    /// <summary>The model as the page builds it: the next number, the app's clock, the latest edition.</summary>
    public static Task<StatusReport> BuildNowAsync(this TestApp app, Edition? latest) =>
        app.Services.GetRequiredService<StatusReportQuery>().BuildAsync((latest?.Number ?? 0) + 1, app.Clock.GetUtcNow(), latest);
}
