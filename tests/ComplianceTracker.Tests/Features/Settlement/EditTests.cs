using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Settlement;

public class EditTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> Source(string url) => new()
    {
        ["Input.Source.Title"] = "DMHC enforcement record",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = url,
        ["Input.Source.Kind"] = "regulator-release",
    };

    [Test]
    public async Task Status_Post_RecordsTheStatus_WithHistory()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Source("https://example.org/paid");
        form["Input.Status"] = "met";
        form["Input.EffectiveOn"] = "2023-10-20";
        form["Input.Reason"] = "The enforcement record shows the $40M paid on 20 October 2023.";
        form["Input.Confidence"] = "verified";

        using var response = await client.SubmitAsync("/settlement/O-1a/status", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var term = (await app.GetDocumentAsync("/settlement")).GetElementById("O-1a")!;
        Assert.That(term.QuerySelector(".status")!.Squash(), Is.EqualTo("Met"));
        Assert.That(term.Squash(), Does.Contain("20 October 2023: Unknown → Met"));
    }

    [Test]
    public async Task Ledger_Post_AddsAPayment_AndTheDashboardCountsIt()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Source("https://example.org/payment");
        form["Input.Entry"] = "paid";
        form["Input.Amount"] = "$40,000,000";
        form["Input.On"] = "2023-10";
        form["Input.Confidence"] = "reported";

        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var money = (await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash();
        Assert.That(money, Does.Contain("$40M paid, per sources"));
        var ledger = (await app.GetDocumentAsync("/settlement")).GetElementById("O-1a")!.QuerySelector("table")!.Squash();
        Assert.That(ledger, Does.Contain("Oct 2023").And.Contain("Paid").And.Contain("$40M"));
    }

    [Test]
    public async Task Ledger_Post_ACorrectionStopsTheOldAmountCounting()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Source("https://example.org/payment");
        form["Input.Entry"] = "paid";
        form["Input.Amount"] = "4000000";
        form["Input.On"] = "2023-10-20";
        form["Input.Confidence"] = "reported";
        await client.SubmitAsync("/settlement/O-1a/ledger", form);
        var wrong = (await app.GetDocumentAsync("/settlement")).GetElementById("O-1a")!.QuerySelector("tr[id^=ledger-]")!.Id!["ledger-".Length..];

        form["Input.Amount"] = "40000000";
        form["Input.Corrects"] = wrong;
        form["Input.Note"] = "A zero was missing.";
        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var settlement = await app.GetDocumentAsync("/settlement");
        Assert.That(settlement.GetElementById($"ledger-{wrong}")!.Squash(), Does.Contain("Corrected by"));
        Assert.That((await app.GetDocumentAsync("/")).QuerySelector("[aria-labelledby=money]")!.Squash(), Does.Contain("$40M paid"));
    }

    [TestCase("Input.Amount", "forty million", "Amount must be dollars written")]
    [TestCase("Input.Amount", "$$5", "Amount must be dollars written")]
    [TestCase("Input.Amount", "12,50", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1,23,456", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1,234,56", "Amount must be dollars written")]
    [TestCase("Input.Amount", "12.345", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1.", "Amount must be dollars written")]
    [TestCase("Input.Amount", ".5", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1,234.5.6", "Amount must be dollars written")]
    [TestCase("Input.Amount", "12,50.5", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1,000,000,000,000.01", "Amount must be dollars written")]
    [TestCase("Input.Amount", "-5", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1 000", "Amount must be dollars written")]
    [TestCase("Input.Amount", "$ 5", "Amount must be dollars written")]
    [TestCase("Input.Amount", "5$", "Amount must be dollars written")]
    [TestCase("Input.Amount", "１２", "Amount must be dollars written")]
    [TestCase("Input.Amount", "99999999999999999999999", "Amount must be dollars written")]
    [TestCase("Input.Amount", "1,000,000,000,001", "Amount must be dollars written")]
    [TestCase("Input.Amount", ",123", "Amount must be dollars written")]
    [TestCase("Input.Amount", "123,", "Amount must be dollars written")]
    [TestCase("Input.On", "2023-13", "Date must be written yyyy-MM-dd")]
    [TestCase("Input.On", "2031-01-01", "Date cannot be in the future")]
    [TestCase("Input.Entry", "stolen", "Entry: choose one from the list")]
    public async Task Ledger_Post_RefusesBadInput_NamingTheField(string field, string value, string message)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Source("https://example.org/payment");
        form["Input.Entry"] = "paid";
        form["Input.Amount"] = "40000000";
        form["Input.On"] = "2023-10-20";
        form["Input.Confidence"] = "reported";
        form[field] = value;

        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(message));
    }

    [TestCase("1234567", 1_234_567)]
    [TestCase("1,234,567", 1_234_567)]
    [TestCase("$1,234,567", 1_234_567)]
    [TestCase(" $5 ", 5)]
    [TestCase("1,000,000,000,000", 1_000_000_000_000d)]
    [TestCase("1234.56", 1234.56)]
    [TestCase("1,234.56", 1234.56)]
    [TestCase("$1,234.5", 1234.5)]
    [TestCase("40,000,000.05", 40_000_000.05)]
    [TestCase("0.01", 0.01)]
    public async Task Ledger_Post_AcceptsOneClearMoneyFormat(string typed, decimal stored)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = Source("https://example.org/payment-" + stored);
        form["Input.Entry"] = "paid";
        form["Input.Amount"] = typed;
        form["Input.On"] = "2023-10-20";
        form["Input.Confidence"] = "reported";

        using var response = await client.SubmitAsync("/settlement/O-1a/ledger", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await using var connection = await app.Database.OpenAsync();
        // Kept as whole cents, never a float.
        Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT AmountCents FROM LedgerEntries ORDER BY Id DESC LIMIT 1"), Is.EqualTo((long)(stored * 100)));
    }

    [Test]
    public async Task Status_Get_Answers404_ForAnUnknownTerm()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.GetAsync("/settlement/O-99/status");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
