using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;
using ComplianceTracker.Web.Infrastructure.Seed;
using Dapper;

namespace ComplianceTracker.Tests.Features.Settlement;

/// <summary>
/// Money with cents, end to end, on a copy of the checked-in case with a restitution term of $1,234.56 of which a source
/// reports $617.28 paid, and $1,234.50 reported spent of the investment: the pages, the API, the CSVs, the PDF and the
/// export give each exactly, while the case's whole amounts keep their short form ("$50M") and plain integers.
/// </summary>
public sealed class CentsTests
{
    private static SeedFolder CentsSeed()
    {
        var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.ObligationsFileName, obligations =>
        {
            obligations.AsArray().Add(JsonNode.Parse("""
                { "code": "O-9", "parent": null, "kind": "restitution", "title": "Restitution to members", "amountUsd": 1234.56,
                  "status": "unknown", "statusReason": "No source says whether all of it was paid.", "sources": ["dmhc_pr_2023"],
                  "confidence": "high",
                  "ledger": [ { "entry": "paid", "amountUsd": 617.28, "on": "2023-10-12", "source": "dmhc_pr_2023", "confidence": "verified" } ] }
                """));
            var investment = obligations.AsArray().Single(o => (string?)o!["code"] == "O-2")!;
            investment["ledger"]!.AsArray().Add(JsonNode.Parse("""
                { "entry": "reported-spent", "amountUsd": 1234.5, "on": "2023-10-12", "source": "dmhc_pr_2023", "confidence": "verified" }
                """));
        });
        return folder;
    }

    private SeedFolder seed = null!;
    private TestApp app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        seed = CentsSeed();
        app = new TestApp(seedDirectory: seed.Path);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        app.Dispose();
        seed.Dispose();
    }

    [Test]
    public async Task SettlementPage_ShowsAmountsWithCentsExactly_AndWholeMillionsShort()
    {
        var page = await app.GetDocumentAsync("/settlement");
        var term = page.GetElementById("O-9")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(term, Does.Contain("$1,234.56"));
            Assert.That(term, Does.Contain("$617.28"));
            Assert.That(page.GetElementById("O-2")!.Squash(), Does.Contain("$1,234.50"));
            Assert.That(page.GetElementById("O-1")!.Squash(), Does.Contain("$50M"));
        });

        var card = (await app.GetDocumentAsync("/")).GetElementById("money")!.ParentElement!.Squash();
        Assert.That(card, Does.Contain("$1,234.56 restitution ordered; $617.28 reported paid, per sources."));
        Assert.That(card, Does.Contain("$1,234.50 reported spent."));
    }

    [Test]
    public async Task Api_GivesAmountsAsExactDecimalNumbers()
    {
        using var client = app.CreateClient();
        var obligations = JsonDocument.Parse(await client.GetStringAsync("/api/v1/obligations")).RootElement.EnumerateArray().ToList();
        var restitution = obligations.Single(o => o.GetProperty("code").GetString() == "O-9");
        var fine = obligations.Single(o => o.GetProperty("code").GetString() == "O-1");
        var spent = obligations.Single(o => o.GetProperty("code").GetString() == "O-2").GetProperty("ledger").EnumerateArray()
            .Single(l => l.GetProperty("entry").GetString() == "reported-spent");
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/summary")).RootElement;
        var money = summary.GetProperty("money").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "restitution");
        Assert.Multiple(() =>
        {
            Assert.That(restitution.GetProperty("amountUsd").GetRawText(), Is.EqualTo("1234.56"));
            Assert.That(restitution.GetProperty("ledger")[0].GetProperty("amountUsd").GetRawText(), Is.EqualTo("617.28"));
            Assert.That(spent.GetProperty("amountUsd").GetRawText(), Is.EqualTo("1234.5"));
            Assert.That(fine.GetProperty("amountUsd").GetRawText(), Is.EqualTo("50000000"), "a whole amount stays an integer");
            Assert.That(money.GetProperty("amountUsd").GetRawText(), Is.EqualTo("1234.56"));
            Assert.That(money.GetProperty("paidUsd").GetRawText(), Is.EqualTo("617.28"));
            Assert.That(summary.GetProperty("investmentReportedUsd").GetRawText(), Is.EqualTo("1234.5"));
        });
    }

    [Test]
    public async Task Csv_GivesAmountsAsExactDecimalNumbers()
    {
        using var client = app.CreateClient();
        var obligations = CsvRows.Read(await client.GetStringAsync("/data/obligations.csv"));
        var ledger = CsvRows.Read(await client.GetStringAsync("/data/ledger.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(obligations.Single(r => r["code"] == "O-9")["amount_usd"], Is.EqualTo("1234.56"));
            Assert.That(obligations.Single(r => r["code"] == "O-1")["amount_usd"], Is.EqualTo("50000000"));
            Assert.That(ledger.Single(r => r["obligation"] == "O-9")["amount_usd"], Is.EqualTo("617.28"));
            Assert.That(ledger.Single(r => r["obligation"] == "O-2" && r["entry"] == "reported-spent")["amount_usd"], Is.EqualTo("1234.5"));
        });
    }

    [Test]
    public async Task Report_ShowsTheCents()
    {
        Assert.That(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        var edition = (await app.Editions().ListAsync())[0];
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), edition.FileName)));
        Assert.That(pdf.AllText, Does.Contain("$1,234.56").And.Contain("$617.28").And.Contain("$1,234.50"));
    }

    [Test]
    public async Task Export_WritesCentsExactly_AndWholeAmountsAsIntegers_AndRoundTrips()
    {
        using var first = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", first.Path], TextWriter.Null), Is.Zero);
        var text = File.ReadAllText(Path.Combine(first.Path, SeedReader.ObligationsFileName));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\"amountUsd\": 1234.56,"));
            Assert.That(text, Does.Contain("\"amountUsd\": 617.28,"));
            Assert.That(text, Does.Contain("\"amountUsd\": 1234.5,"));
            Assert.That(text, Does.Contain("\"amountUsd\": 50000000,"));
            Assert.That(text, Does.Not.Contain("50000000.0").And.Not.Contain("1234.560"));
        });

        using var copy = new TestApp(app.Clock.GetUtcNow(), first.Path);
        Assert.That((await copy.GetDocumentAsync("/settlement")).GetElementById("O-9")!.Squash(), Does.Contain("$1,234.56").And.Contain("$617.28"));
        using var again = SeedFolder.Empty();
        Assert.That(await ExportCaseCommand.RunAsync(copy.Services, ["export-case", "--to", again.Path], TextWriter.Null), Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(again.Path, SeedReader.ObligationsFileName)), Is.EqualTo(text));
    }

    [Test]
    public async Task Money_SumsCentsExactly()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.ObligationsFileName, obligations => obligations.AsArray().Add(JsonNode.Parse("""
            { "code": "O-9", "parent": null, "kind": "restitution", "title": "Restitution to members", "amountUsd": 0.5,
              "status": "unknown", "statusReason": "No source says whether all of it was paid.", "sources": ["dmhc_pr_2023"],
              "confidence": "high",
              "ledger": [ { "entry": "paid", "amountUsd": 0.1, "on": "2023-10-12", "source": "dmhc_pr_2023", "confidence": "verified" },
                          { "entry": "paid", "amountUsd": 0.2, "on": "2023-10-12", "source": "dmhc_pr_2023", "confidence": "verified" } ] }
            """)));
        using var sums = new TestApp(seedDirectory: folder.Path);
        var card = (await sums.GetDocumentAsync("/")).GetElementById("money")!.ParentElement!.Squash();
        Assert.That(card, Does.Contain("$0.50 restitution ordered; $0.30 reported paid, per sources."));
        Assert.That((await sums.GetDocumentAsync("/settlement")).GetElementById("O-9")!.Squash(), Does.Contain("The ledger records $0.30 paid"));
        using var client = sums.CreateClient();
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/summary")).RootElement;
        var money = summary.GetProperty("money").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "restitution");
        Assert.That(money.GetProperty("paidUsd").GetRawText(), Is.EqualTo("0.3"), "0.1 + 0.2 is 0.3, not 0.30000000000000004");
    }
}

/// <summary>The ledger form takes dollars and cents in one clear form and refuses a fraction of a cent, naming the field.</summary>
public sealed class CentsLedgerFormTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> Form(string amount, string url) => new()
    {
        ["Input.Source.Title"] = "DMHC enforcement record",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = url,
        ["Input.Source.Kind"] = "regulator-release",
        ["Input.Entry"] = "paid",
        ["Input.Amount"] = amount,
        ["Input.On"] = "2023-10-20",
        ["Input.Confidence"] = "reported",
    };

    [Test]
    public async Task Ledger_AcceptsDollarsAndCents_AndShowsThemExactly()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", Form("1,234.56", "https://example.org/cents"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var row = (await app.GetDocumentAsync("/settlement")).GetElementById("O-1a")!.QuerySelector("tr[id^=ledger-]")!.Squash();
        Assert.That(row, Does.Contain("$1,234.56"));
        await using var connection = await app.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT AmountCents FROM LedgerEntries ORDER BY Id DESC LIMIT 1"), Is.EqualTo(123_456));
        Assert.That((await app.GetDocumentAsync("/changes")).Body!.Squash(), Does.Contain("Paid $1,234.56"));
    }

    [Test]
    public async Task Ledger_RefusesAFractionOfACent_NamingAmount_AndKeepsWhatWasTyped()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", Form("12.345", "https://example.org/fraction"));
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Amount must be dollars written 40000000, 40,000,000 or 40,000,000.50"));
        Assert.That(page.QuerySelector("input[name='Input.Amount']")!.GetAttribute("value"), Is.EqualTo("12.345"));
        await using var connection = await app.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM LedgerEntries WHERE ObligationId = (SELECT Id FROM Obligations WHERE Code = 'O-1a')"), Is.Zero);
    }
}
