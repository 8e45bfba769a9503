using System.Net;
using System.Text.Json;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Data;

/// <summary>The CSV files read back value by value under their headers, and open safely in a spreadsheet.</summary>
public class CsvTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private async Task<string> GetCsvAsync(string name)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/data/{name}.csv");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task SetSourceAsync(string key, string title, string? note)
    {
        await using var connection = await app.Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE Sources SET Title = @title, Note = @note WHERE Key = @key", new { key, title, note });
    }

    /// <summary>
    /// Every CSV column whose name, in camelCase, is a property of the API's JSON holds that property's value for the same
    /// row: a reversed, shifted or mislabelled header row cannot pass.
    /// </summary>
    private async Task<List<Dictionary<string, string>>> AssertAgreesWithApiAsync(string csvName, string apiUrl, int minimumColumns)
    {
        using var client = app.CreateClient();
        var api = JsonDocument.Parse(await client.GetStringAsync(apiUrl)).RootElement.EnumerateArray().ToList();
        var rows = CsvRows.Read(await GetCsvAsync(csvName));
        Assert.That(rows, Has.Count.EqualTo(api.Count));
        var compared = new HashSet<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var (header, value) in rows[i])
            {
                if (!api[i].TryGetProperty(Camel(header), out var json) || json.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                {
                    continue;
                }
                var expected = json.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => json.GetRawText(),
                    _ => json.GetString()!,
                };
                Assert.That(value, Is.EqualTo(expected), $"{csvName}.csv row {i + 1}, column {header}");
                compared.Add(header);
            }
        }
        Assert.That(compared, Has.Count.GreaterThanOrEqualTo(minimumColumns), "columns compared with the API");
        return rows;
    }

    private static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    [Test]
    public async Task Sources_EveryValueSitsUnderItsHeader_AsTheApiGivesIt()
    {
        await SetSourceAsync("fierce_2023", "Kaiser's \"landmark\" deal, ʻokina and café — 50 %", null);
        var text = await GetCsvAsync("sources");
        var rows = await AssertAgreesWithApiAsync("sources", "/api/v1/sources", minimumColumns: 7);

        Assert.That(text.Split("\r\n")[0], Does.StartWith("key,title,publisher,published_on,kind,"));
        var fierce = rows.Single(r => r["key"] == "fierce_2023");
        Assert.That(fierce["title"], Is.EqualTo("Kaiser's \"landmark\" deal, ʻokina and café — 50 %"), "quotes, commas and non-ASCII survive");
        Assert.That(fierce["note"], Is.Empty, "a missing value is an empty field");
        Assert.That(text, Does.Contain("\"Kaiser's \"\"landmark\"\" deal, ʻokina and café — 50 %\""), "quotes are doubled inside a quoted field");
        Assert.That(fierce["published_on"], Is.Empty, "an unknown date is an empty field");
        Assert.That(rows.Single(r => r["key"] == "nuhw_news_2026_02")["published_on"], Is.EqualTo("2026-02-24"), "dates as ISO text at their precision");
    }

    [Test]
    public async Task Timeline_DatesAndNumbers_SitUnderTheirHeaders()
    {
        var rows = await AssertAgreesWithApiAsync("timeline", "/api/v1/timeline", minimumColumns: 8);
        var deadline = rows.Single(r => r["code"] == "DL-CONSULTATION-END");
        Assert.Multiple(() =>
        {
            Assert.That(deadline["kind"], Is.EqualTo("deadline"));
            Assert.That(deadline["date"], Is.EqualTo("2025-10"));
            Assert.That(deadline["precision"], Is.EqualTo("month"));
            Assert.That(deadline["permalink"], Does.EndWith("/timeline#DL-CONSULTATION-END"));
            Assert.That(deadline["alternate_date"], Is.Empty);
        });
    }

    [TestCase("=HYPERLINK(\"http://example.org\",\"click\")")]
    [TestCase("+1+2")]
    [TestCase("-2+3")]
    [TestCase("@SUM(A1:A2)")]
    [TestCase("\tTabbed")]
    [TestCase("\rReturn")]
    public async Task Csv_NeutralisesFormulas_InEveryFreeTextColumn(string formula)
    {
        await using (var connection = await app.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Sources SET Title = @formula, Publisher = @formula, Note = @formula WHERE Key = 'fierce_2023'", new { formula });
            await connection.ExecuteAsync("UPDATE StatusChanges SET Reason = @formula, RecordedBy = @formula WHERE Id = 1", new { formula });
            await connection.ExecuteAsync("UPDATE Obligations SET Title = @formula, Description = @formula, DueNote = @formula, StatusNote = @formula WHERE Code = 'O-1'", new { formula });
            await connection.ExecuteAsync("UPDATE LedgerEntries SET Note = @formula WHERE Id = (SELECT MIN(Id) FROM LedgerEntries)", new { formula });
            await connection.ExecuteAsync("UPDATE TimelineItems SET Title = @formula, AlternateNote = @formula WHERE Code = 'E-2024-08'", new { formula });
            await connection.ExecuteAsync("UPDATE Deficiencies SET Title = @formula, Area = @formula, LegalCitation = @formula, Finding = @formula WHERE Code = 'D-01'", new { formula });
        }
        var checkedCells = 0;
        foreach (var name in new[] { "sources", "status-changes", "obligations", "ledger", "timeline", "deficiencies" })
        {
            foreach (var row in CsvRows.Read(await GetCsvAsync(name)))
            {
                foreach (var (header, value) in row)
                {
                    Assert.That(value, Does.Not.StartWith("=").And.Not.StartWith("+").And.Not.StartWith("-").And.Not.StartWith("@")
                        .And.Not.StartWith("\t").And.Not.StartWith("\r"), $"{name}.csv {header}");
                    if (value == "'" + formula)
                    {
                        checkedCells++;
                    }
                }
            }
        }
        Assert.That(checkedCells, Is.GreaterThanOrEqualTo(15), "the formula was stored in many columns and each came out with an apostrophe");
    }

    [Test]
    public async Task Csv_KeepsNegativeNumbersAsNumbers()
    {
        await using (var connection = await app.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE LedgerEntries SET AmountCents = -500 WHERE Id = (SELECT MIN(Id) FROM LedgerEntries)");
        }
        var rows = CsvRows.Read(await GetCsvAsync("ledger"));
        Assert.That(rows.Select(r => r["amount_usd"]), Has.Member("-5"));
    }
}
