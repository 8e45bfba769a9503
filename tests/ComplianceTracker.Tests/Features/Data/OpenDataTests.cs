using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Support;
using CsvHelper;
using Dapper;

namespace ComplianceTracker.Tests.Features.Data;

public class OpenDataTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    private static async Task<JsonElement> GetJsonAsync(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<int> CountAsync(string sql)
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [TestCase("deficiencies", "SELECT COUNT(*) FROM Deficiencies")]
    [TestCase("obligations", "SELECT COUNT(*) FROM Obligations")]
    [TestCase("ledger", "SELECT COUNT(*) FROM LedgerEntries")]
    [TestCase("timeline", "SELECT COUNT(*) FROM TimelineItems")]
    [TestCase("status-changes", "SELECT COUNT(*) FROM StatusChanges")]
    [TestCase("sources", "SELECT COUNT(*) FROM Sources")]
    public async Task Csv_ParsesBack_WithOneRowPerDatabaseRow(string name, string countSql)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/data/{name}.csv");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentType.CharSet, Is.EqualTo("utf-8"));

        var text = await response.Content.ReadAsStringAsync();
        using var reader = CsvReader.Create(new StringReader(text), new CsvReaderOptions());
        reader.ReadHeader();
        var rows = 0;
        while (reader.Read())
        {
            Assert.That(reader.FieldCount, Is.EqualTo(reader.Headers.Count), $"row {rows + 1} has every column");
            rows++;
        }
        Assert.That(rows, Is.EqualTo(await CountAsync(countSql)));
        Assert.That(text, Does.Contain("\r\n"), "RFC 4180 line ends");
    }

    [Test]
    public async Task Csv_QuotesFieldsWithCommasAndQuotes()
    {
        using var client = app.CreateClient();
        var text = await client.GetStringAsync("/data/sources.csv");
        using var reader = CsvReader.Create(new StringReader(text), new CsvReaderOptions());
        reader.ReadHeader();
        var titles = new List<string>();
        while (reader.Read())
        {
            titles.Add(reader["title"].ToString());
        }
        Assert.That(titles, Has.Some.Contains(","), "a title with a comma survives the round trip");
    }

    [Test]
    public async Task Api_AgreesWithTheDashboard()
    {
        var summary = await GetJsonAsync("/api/v1/summary");
        var page = await app.GetDocumentAsync("/");
        var notCorrected = summary.GetProperty("notCorrected");

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("#headline")!.Squash(), Is.EqualTo($"{notCorrected.GetProperty("min").GetInt32()} of {summary.GetProperty("deficiencies").GetInt32()} deficiencies not corrected"));
            Assert.That(summary.GetProperty("keyDeadline").GetProperty("daysSince").GetInt32(), Is.EqualTo(392));
            Assert.That(summary.GetProperty("keyDeadline").GetProperty("outcome").GetString(), Is.EqualTo("unknown"));
            Assert.That(summary.GetProperty("keyDeadline").GetProperty("isOverdue").GetBoolean(), Is.False);
            Assert.That(page.QuerySelector("#deadline")!.Squash(), Does.Contain("ended 392 days ago, outcome unknown"));
            // No source reports a payment or any spending: unknown is null, never 0.
            Assert.That(summary.GetProperty("finePaidUsd").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(summary.GetProperty("investmentReportedUsd").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(summary.GetProperty("countBasisBasis").GetString(), Is.EqualTo("secondary"));
            Assert.That(summary.GetProperty("fineUsd").GetInt64(), Is.EqualTo(50_000_000));
            Assert.That(summary.GetProperty("investmentCommittedUsd").GetInt64(), Is.EqualTo(150_000_000));
        });
    }

    [Test]
    public async Task Api_AgreesWithTheDeficiencyPage()
    {
        var d01 = (await GetJsonAsync("/api/v1/deficiencies/D-01")).GetProperty("deficiency");
        var page = await app.GetDocumentAsync("/deficiencies/D-01");
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo($"D-01: {d01.GetProperty("title").GetString()}"));
            Assert.That(d01.GetProperty("latest").GetProperty("regulator").GetProperty("label").GetString(), Is.EqualTo("Not corrected"));
            Assert.That(page.QuerySelectorAll(".assessment")[0].Squash(), Does.Contain("Not corrected"));
            Assert.That(d01.GetProperty("permalink").GetString(), Does.EndWith("/deficiencies/D-01"));
        });
        var list = await GetJsonAsync("/api/v1/deficiencies?survey=NRS-2022");
        Assert.That(list.GetArrayLength(), Is.EqualTo((await app.GetDocumentAsync("/deficiencies")).QuerySelectorAll("tbody tr").Length));
    }

    [Test]
    public async Task Api_KeepsDatePrecision_InTheTimeline()
    {
        var deadline = (await GetJsonAsync("/api/v1/timeline?kind=deadline")).EnumerateArray().Single(t => t.GetProperty("code").GetString() == "DL-CONSULTATION-END");
        Assert.That(deadline.GetProperty("date").GetString(), Is.EqualTo("2025-10"));
        Assert.That(deadline.GetProperty("precision").GetString(), Is.EqualTo("month"));
        // Passed, but no source says what happened: an unknown outcome is never "overdue".
        Assert.That(deadline.GetProperty("passed").GetBoolean(), Is.True);
        Assert.That(deadline.GetProperty("outcome").GetString(), Is.EqualTo("unknown"));
        Assert.That(deadline.GetProperty("deadlineType").GetString(), Is.EqualTo("period-end"));
        Assert.That(deadline.GetProperty("isOverdue").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Api_GivesEveryStatusItsConfidenceAndBasis()
    {
        var d01 = (await GetJsonAsync("/api/v1/deficiencies/D-01")).GetProperty("deficiency").GetProperty("latest").GetProperty("regulator");
        var csv = await app.CreateClient().GetStringAsync("/data/deficiencies.csv");
        var header = csv.Split("\r\n")[0].Split(',');
        var row = csv.Split("\r\n").Single(l => l.StartsWith("D-01,", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(d01.GetProperty("confidence").GetString(), Is.EqualTo("inferred"));
            Assert.That(d01.GetProperty("basis").GetString(), Is.EqualTo("secondary"));
            Assert.That(d01.GetProperty("sourceKind").GetString(), Is.EqualTo("union-release"));
            Assert.That(header, Is.SupersetOf(new[] { "regulator_status", "regulator_confidence", "regulator_basis" }));
            Assert.That(row, Does.Contain(",not-corrected,2024,inferred,secondary,"));
        });
    }

    [Test]
    public async Task AnItemCountedOnlyInAnAggregateFinding_SaysSoInTheCsvAndTheApi_NotNone()
    {
        // D-05 has no status of DMHC's own; DMHC's March 2025 count includes it without saying which status it has.
        var d05 = (await GetJsonAsync("/api/v1/deficiencies/D-05")).GetProperty("deficiency");
        var csv = await app.CreateClient().GetStringAsync("/data/deficiencies.csv");
        var lines = csv.Split("\r\n");
        var header = lines[0].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(d05.GetProperty("countedIn").GetString(), Does.StartWith("Counted in DMHC's March 2025 count (19 not corrected and 1 corrected)"));
            Assert.That(Array.IndexOf(header, "counted_in"), Is.GreaterThan(Array.IndexOf(header, "permalink")), "appended after the earlier columns");
            Assert.That(lines.Single(l => l.StartsWith("D-05,", StringComparison.Ordinal)), Does.Contain("Counted in DMHC's March 2025 count"));
        });
    }

    [TestCase("/api/v1/timeline?kind=rumour", "kind \"rumour\"")]
    [TestCase("/api/v1/timeline?year=20x5", "year \"20x5\"")]
    [TestCase("/api/v1/deficiencies?status=fixed", "status \"fixed\"")]
    [TestCase("/api/v1/deficiencies?survey=S-1999", "survey \"S-1999\"")]
    [TestCase("/api/v1/changes?kind=gossip", "kind \"gossip\"")]
    [TestCase("/api/v1/changes?page=-3", "page \"-3\"")]
    [TestCase("/calendar.ics?include=everything", "include \"everything\"")]
    [TestCase("/changes.atom?kind=gossip", "kind \"gossip\"")]
    public async Task Api_Answers400WithAMessage_ForABadQuery(string url, string named)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith(named));
    }

    [TestCase("/api/v1/deficiencies/D-99")]
    [TestCase("/data/passwords.csv")]
    public async Task Api_Answers404_ForUnknownItems(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/api/v1/deficiencies")]
    [TestCase("/data/timeline.csv")]
    [TestCase("/calendar.ics")]
    public async Task Get_Answers304_ForTheSameETag(string url)
    {
        using var client = app.CreateClient();
        using var first = await client.GetAsync(url);
        Assert.That(first.Headers.ETag, Is.Not.Null);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Get_AllowsAnyOrigin()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sources");
        request.Headers.Add("Origin", "https://newsroom.example");
        using var response = await client.SendAsync(request);
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task OpenApi_DescribesTheApi()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "/api/v1/deficiencies", "/api/v1/obligations", "/api/v1/timeline", "/api/v1/status-changes", "/api/v1/sources", "/api/v1/summary" }));
    }

    [Test]
    public async Task OpenApi_DescribesADeficiencysAgencyRepeatsAndPassages()
    {
        var schemas = (await GetJsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var deficiency = schemas.GetProperty("DeficiencyDto").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(deficiency, Is.SupersetOf(new[] { "agency", "occasions", "foundBefore", "repeats", "passages" }));
            Assert.That(schemas.GetProperty("RepeatDto").GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "code", "survey", "surveyTitle", "agency", "source" }));
            Assert.That(schemas.GetProperty("PassageDto").GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "source", "text", "check", "archivedCopySha256" }));
        });
    }

    [Test]
    public async Task Calendar_ParsesBack_WithAllDayDeadlinesAndTheRule()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/calendar.ics");
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/calendar"));
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        var deadline = calendar.Events.Single(e => e.Uid == "DL-CONSULTATION-END@compliancetracker");

        Assert.Multiple(() =>
        {
            Assert.That(calendar.Events.Count, Is.EqualTo(6), "deadlines only");
            Assert.That(deadline.IsAllDay, Is.True);
            Assert.That(deadline.DtStart!.Date, Is.EqualTo(new DateOnly(2025, 10, 31)));
            Assert.That(deadline.Description, Does.Contain("Ended 392 days ago, outcome unknown").And.Contain("known only to the month").And.Contain("/timeline#DL-CONSULTATION-END"));
            Assert.That(deadline.Description, Does.Not.Contain("verdue"));
            Assert.That(deadline.Url!.ToString(), Does.EndWith("/timeline#DL-CONSULTATION-END"));
        });

        var withEvents = Ical.Net.Calendar.Load(await client.GetStringAsync("/calendar.ics?include=events"))!;
        Assert.That(withEvents.Events.Count, Is.EqualTo(await CountAsync("SELECT COUNT(*) FROM TimelineItems")));
    }

    [Test]
    public async Task DataPage_LinksEveryDownload()
    {
        var page = await app.GetDocumentAsync("/data");
        var links = page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(links, Is.SupersetOf(new[] { "/data/deficiencies.csv", "/data/ledger.csv", "/data/status-changes.csv", "/openapi/v1.json", "/changes.atom", "/calendar.ics" }));
    }

    [Test]
    public async Task CiteThis_GivesAReadyToPasteCitationWithThePermalink()
    {
        var page = await app.GetDocumentAsync("/deficiencies/D-07");
        var citation = page.QuerySelector("blockquote.citation")!.Squash();
        Assert.That(citation, Does.StartWith("ComplianceTracker, \u201CD-07: Details not yet in this record.\u201D Record as of 27 November 2026.").And.EndWith("/deficiencies/D-07"));
        var settlement = await app.GetDocumentAsync("/settlement");
        Assert.That(settlement.GetElementById("cite-O-1a")!.Squash(), Does.EndWith("/settlement#O-1a"));
        var timeline = await app.GetDocumentAsync("/timeline");
        var consultation = timeline.GetElementById("cite-DL-CONSULTATION-END")!.Squash();
        Assert.That(consultation, Does.Contain("“End of the two-year consultation period (October 2025).”"));
        Assert.That(consultation, Does.Not.Contain("DL-CONSULTATION-END:"), "no internal code in a citation's title");
    }

    /// <summary>
    /// Anyone can send any Host header; the citations, the feed, the calendar and the API build their permalinks on the
    /// configured public address (Reports:BaseUrl) instead, so a forged host never lands in a "Ready to paste" citation.
    /// </summary>
    [TestCase("/deficiencies/D-07")]
    [TestCase("/timeline")]
    [TestCase("/changes.atom")]
    [TestCase("/calendar.ics")]
    [TestCase("/api/v1/summary")]
    [TestCase("/api/v1/deficiencies")]
    [TestCase("/data/deficiencies.csv")]
    public async Task Permalinks_UseTheConfiguredAddress_NeverTheRequestsHostHeader(string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example";
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(body, Does.Not.Contain("attacker.example"));
            Assert.That(body, Does.Contain("https://tracker.example.org/"));
        });
    }
}
