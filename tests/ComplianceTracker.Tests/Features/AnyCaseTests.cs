using System.Net;
using AngleSharp.Html.Parser;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features;

/// <summary>
/// Two cases written for the tests, of shapes unlike the first (tests/ComplianceTracker.Tests/Cases): "nordmark" has
/// two surveys, no money, no union, no aggregate finding, a key deadline still to come, Unicode names, an item known
/// only by its finding and a very long title; "harbor" has two separate fines and no investment, a union named by the
/// case, and an aggregate finding; "tideway" has a second agency's survey and findings a source ties to earlier ones
/// (RepeatOccasionsTests reads its sentences). Every public page, feed, CSV and API answer reachable from the site, plus the brief
/// and a published edition, is read for server errors, for the first case's words and for figures no source gives.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class AnyCaseTests
{
    /// <summary>Words of the first case (its regulator, plan, union, surveys, dates and amounts) that no other case's page may show.</summary>
    private static readonly string[] FirstCaseWords =
    [
        "DMHC", "Managed Health Care", "Kaiser", "NUHW", "California", "NRS-2022", "DL-CONSULTATION",
        "$50M", "$150M", "$40M", "$10M", "19 of 20", "October 2023", "October 2025", "March 2025", "2025-05-06", "2025-03-24",
    ];

    private const string EmptyTable = "[[empty table]]";

    private static string CaseFolder(string name) => Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", name);

    private static TestApp AppFor(string name) => new(seedDirectory: CaseFolder(name));

    [TestCase("nordmark")]
    [TestCase("harbor")]
    [TestCase("lanai")]
    [TestCase("kestrel")]
    [TestCase("atlas")]
    [TestCase("tideway")]
    public async Task EveryPublicPage_Answers_WithoutTheFirstCasesWordsOrAZeroFigure(string name)
    {
        using var app = AppFor(name);
        // An edition, so the archive, the edition's page and its PDF are crawled too.
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);

        var pages = await CrawlAsync(app);
        var problems = new List<string>();
        foreach (var (url, status, text) in pages)
        {
            if (status >= 500)
            {
                problems.Add($"{url} answered {status}");
            }
            foreach (var word in FirstCaseWords.Where(w => text.Contains(w, StringComparison.Ordinal)))
            {
                problems.Add($"{url} shows \"{word}\": {Around(text, word)}");
            }
            if (text.Contains(EmptyTable, StringComparison.Ordinal))
            {
                problems.Add($"{url} shows a table with no rows instead of saying nothing is on record");
            }
            // One confidence scale on every page (verified, reported, inferred): the research's ratings never show.
            foreach (var rating in new[] { "High confidence", "Medium confidence", "Low confidence" }.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{url} shows the research's rating \"{rating}\" beside the reader's scale: {Around(text, rating)}");
            }
            // "HCIC's “HCIC follow-up report”": a title that names its agency is not given the agency's name again.
            if (System.Text.RegularExpressions.Regex.Match(text, @"\b(\w+)'s “\1\b") is { Success: true } doubled)
            {
                problems.Add($"{url} names the agency twice: {Around(text, doubled.Value)}");
            }
            if (text.Contains("$0", StringComparison.Ordinal) && !text.Contains("$0.", StringComparison.Ordinal))
            {
                problems.Add($"{url} shows \"$0\": {Around(text, "$0")}");
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(pages, Has.Count.GreaterThan(30), "the crawl reached the site's pages, feeds, files and PDFs");
            Assert.That(problems, Is.Empty);
        });
    }

    [Test]
    public async Task ACaseWithoutAUnion_ShowsNoUnionColumnAnywhere()
    {
        using var app = AppFor("nordmark");
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var pages = await CrawlAsync(app);
        var union = pages.Where(p => p.Text.Contains("union", StringComparison.OrdinalIgnoreCase)
            && !p.Url.StartsWith("/openapi", StringComparison.Ordinal)).Select(p => $"{p.Url}: {Around(p.Text, "nion")}").ToList();
        var list = (await app.GetDocumentAsync("/deficiencies")).QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(union, Is.Empty, "no page, file or edition of a case without a union mentions one");
            Assert.That(list, Does.Contain("Regulator").And.Contain("Health plan").And.Contain("Monitor").And.Not.Contain("Union"));
        });
    }

    [Test]
    public async Task ACaseWithoutMoneyOrAggregate_SaysWhatItsHeadlineIsBuiltFrom()
    {
        using var app = AppFor("nordmark");
        var page = await app.GetDocumentAsync("/");
        var headline = page.QuerySelector(".headline")!.Squash();
        Assert.Multiple(() =>
        {
            // A-01 referred to enforcement, A-02 corrected, A-03 not corrected; A-04 and A-05 have no status.
            Assert.That(headline, Does.Contain("2 of 5 deficiencies not corrected"));
            Assert.That(headline, Does.Contain("Added up by this tracker from OHPO's item-by-item assessments, the newest dated February 2021, 5 years ago: 3 of 5 assessed individually, 2 not yet; no aggregate finding of OHPO is on record."));
            Assert.That(headline, Does.Contain("referred to enforcement"), "the headline says what it counts");
            Assert.That(page.QuerySelector("[aria-labelledby=money]"), Is.Null, "no money card for a case without money");
        });
    }

    [Test]
    public async Task ACaseWithNothingAssessed_SaysSoInsteadOfACount()
    {
        using var seed = SeedFolder.Empty();
        foreach (var file in Directory.GetFiles(CaseFolder("nordmark")))
        {
            File.Copy(file, Path.Combine(seed.Path, Path.GetFileName(file)));
        }
        seed.Edit("deficiencies.json", node =>
        {
            foreach (var item in node.AsArray())
            {
                item!["assessments"] = new System.Text.Json.Nodes.JsonArray();
            }
        });
        using var app = new TestApp(seedDirectory: seed.Path);
        var headline = (await app.GetDocumentAsync("/")).QuerySelector(".headline")!.Squash();
        var brief = (await app.GetDocumentAsync("/brief")).Body!.Squash();
        var summary = await app.CreateClient().GetStringAsync("/api/v1/summary");
        Assert.Multiple(() =>
        {
            Assert.That(summary, Does.Contain("\"notCorrected\": null"), "the API gives no count rather than 0");
            Assert.That(headline, Does.Contain("None of the 5 deficiencies on record has a status yet"));
            Assert.That(headline, Does.Not.Contain("0 of 5"));
            Assert.That(brief, Does.Contain("None assessed").And.Not.Contain("0 of 5"));
        });
    }

    [Test]
    public async Task TwoSeparateFines_AreNotSummedIntoOne_AndAContingentOneGivesItsOwnCondition()
    {
        using var app = AppFor("harbor");
        var money = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(money, Does.Contain("2 separate fines: $750,000 (Fine for late claims) and $300,000 (Separate fine for network adequacy)."));
            Assert.That(money, Does.Not.Contain("$1,050,000 fine"));
            Assert.That(money, Does.Contain("$300,000 contingent. Owed only if the next examination finds the network still short."));
            Assert.That(money, Does.Not.Contain("investment"), "a case without an investment shows none");
        });
    }

    [Test]
    public async Task AMonitor_IsAnAssessorLikeAnyOther_ButNotCountedInTheHeadline()
    {
        using var app = AppFor("nordmark");
        var monitor = (await app.GetDocumentAsync("/deficiencies/A-03")).QuerySelector("section.assessment[aria-label=Monitor]")!.Squash();
        var headline = (await app.GetDocumentAsync("/")).QuerySelector(".headline")!.Squash();
        var (_, pdf) = await app.RenderAsync();
        var text = ReportPdf.Read(pdf).AllText;
        Assert.Multiple(() =>
        {
            Assert.That(monitor, Does.Contain("Partly corrected").And.Contain("Verified · the monitor's own document"));
            Assert.That(headline, Does.Contain("2 of 5 deficiencies not corrected"), "the headline counts the regulator's statuses only");
            Assert.That(text, Does.Contain("Independent Access Monitor, in its monitoring reports."), "the edition's legend names the monitor");
        });
    }

    [Test]
    public async Task AnItemWithAFindingButNoTitle_IsShownByItsFinding()
    {
        using var app = AppFor("nordmark");
        var list = (await app.GetDocumentAsync("/deficiencies")).Body!.Squash();
        var item = (await app.GetDocumentAsync("/deficiencies/A-02")).QuerySelector("h1")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(item, Is.EqualTo("A-02: Provider directories listed clinicians who had left."));
            Assert.That(list, Does.Contain("Provider directories listed clinicians who had left."));
        });
    }

    [Test]
    public async Task TheCasesAssessors_AreTheCsvAndApiColumns()
    {
        using var app = AppFor("harbor");
        using var client = app.CreateClient();
        var header = (await client.GetStringAsync("/data/deficiencies.csv")).Split("\r\n")[0];
        var summary = await client.GetStringAsync("/api/v1/summary");
        using var nordmark = AppFor("nordmark");
        var noUnion = (await nordmark.CreateClient().GetStringAsync("/data/deficiencies.csv")).Split("\r\n")[0];
        var nordmarkSummary = await nordmark.CreateClient().GetStringAsync("/api/v1/summary");
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.Contain("regulator_status").And.Contain("plan_status").And.Contain("union_status"));
            Assert.That(summary, Does.Contain("\"name\": \"Coastal Clinicians Guild\""));
            Assert.That(noUnion, Does.Contain("regulator_status").And.Contain("plan_status").And.Contain("monitor_status").And.Not.Contain("union"));
            // No money at all: the figures are absent, neither 0 nor null.
            Assert.That(nordmarkSummary, Does.Not.Contain("fineUsd").And.Not.Contain("finePaidUsd").And.Not.Contain("contingentUsd").And.Not.Contain("investmentCommittedUsd").And.Not.Contain("investmentReportedUsd"));
            Assert.That(nordmarkSummary, Does.Contain("\"money\": []"));
        });
    }

    /// <summary>
    /// Follows every same-site link from the dashboard (and the site's feeds, files and API answers, which pages link
    /// to), reading each answer as a reader would see it: HTML as its text, PDFs as their words, the rest as text.
    /// Forms for editors and sign-in pages are skipped: they are not public.
    /// </summary>
    private static async Task<List<(string Url, int Status, string Text)>> CrawlAsync(TestApp app)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/brief", "/brief.pdf", "/changes.atom", "/calendar.ics", "/data", "/reports", "/reports/current",
            "/api/v1/summary", "/api/v1/deficiencies", "/api/v1/obligations", "/api/v1/timeline", "/api/v1/status-changes", "/api/v1/sources", "/api/v1/changes"]);
        var results = new List<(string, int, string)>();
        var parser = new HtmlParser();
        while (queue.Count > 0 && results.Count < 400)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }
            using var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            string text;
            if (type == "application/pdf")
            {
                text = ReportPdf.Read(await response.Content.ReadAsByteArrayAsync()).AllText;
            }
            else if (type == "text/html")
            {
                var html = await response.Content.ReadAsStringAsync();
                var document = await parser.ParseDocumentAsync(html);
                text = (document.Title ?? "") + " " + (document.Body?.TextContent ?? "");
                // An empty list says there is nothing on record; a table with no rows is marked for the check.
                if (document.QuerySelectorAll("table").Any(t => t.QuerySelectorAll("tbody tr").Length == 0))
                {
                    text += " " + EmptyTable;
                }
                foreach (var href in document.QuerySelectorAll("a[href], link[href]").Select(a => a.GetAttribute("href")!))
                {
                    if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && IsPublic(href))
                    {
                        queue.Enqueue(href.Split('#')[0]);
                    }
                }
            }
            else
            {
                text = await response.Content.ReadAsStringAsync();
            }
            if (status is (int)HttpStatusCode.Redirect or (int)HttpStatusCode.MovedPermanently && response.Headers.Location is { } location && location.OriginalString.StartsWith('/'))
            {
                queue.Enqueue(location.OriginalString);
            }
            results.Add((url, status, text));
        }
        return results;
    }

    private static bool IsPublic(string href) =>
        !href.StartsWith("/account", StringComparison.Ordinal)
        && !href.StartsWith("/admin", StringComparison.Ordinal)
        && !href.StartsWith("/hangfire", StringComparison.Ordinal)
        && !href.Contains("/edit", StringComparison.Ordinal)
        && !href.Contains("/assess", StringComparison.Ordinal)
        && !href.Contains("/new", StringComparison.Ordinal)
        && !href.StartsWith("/reports/publish", StringComparison.Ordinal)
        && !href.StartsWith("/reports/schedules", StringComparison.Ordinal)
        && !href.StartsWith("/css", StringComparison.Ordinal)
        && !href.StartsWith("/js", StringComparison.Ordinal)
        && !href.StartsWith("/favicon", StringComparison.Ordinal);

    private static string Around(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        if (at < 0) at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        var start = Math.Max(0, at - 60);
        return "…" + string.Join(' ', text.Substring(start, Math.Min(text.Length - start, word.Length + 120)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + "…";
    }
}
