using System.Net;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features;

/// <summary>
/// Rows stored before the forms had bounds (or written straight to the database) must not take a public page down:
/// dates at the very ends of what DateOnly holds, on items the whole site reads.
/// </summary>
public class StoredExtremesTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static async Task Start()
    {
        app = new TestApp();
        await using var connection = await app.Database.OpenAsync();
        const string insert = """
            INSERT INTO TimelineItems (Code, Kind, Title, OccursOn, OccursPrecision, Status, Confidence, RecordedAt)
            VALUES (@Code, @Kind, @Title, @OccursOn, @OccursPrecision, @Status, 'low', '2026-11-01T00:00:00.0000000+00:00')
            """;
        await connection.ExecuteAsync(insert, new[]
        {
            new { Code = "DL-9999-12", Kind = "deadline", Title = "Far deadline by month", OccursOn = "9999-12-01", OccursPrecision = "month", Status = (string?)"open" },
            new { Code = "DL-9999-12-31", Kind = "deadline", Title = "Last day deadline", OccursOn = "9999-12-31", OccursPrecision = "day", Status = (string?)"open" },
            new { Code = "DL-9999", Kind = "deadline", Title = "Far deadline by year", OccursOn = "9999-01-01", OccursPrecision = "year", Status = (string?)"open" },
            new { Code = "E-0001", Kind = "event", Title = "First year event", OccursOn = "0001-01-01", OccursPrecision = "year", Status = (string?)null },
        });
    }

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    [TestCase("/")]
    [TestCase("/timeline")]
    [TestCase("/reports/current")]
    [TestCase("/api/v1/timeline")]
    [TestCase("/api/v1/summary")]
    [TestCase("/data/timeline.csv")]
    [TestCase("/calendar.ics")]
    [TestCase("/calendar.ics?include=events")]
    public async Task PublicPage_Answers200_AndStillShowsTheOrdinaryItems(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        if (url is "/timeline" or "/api/v1/timeline" or "/data/timeline.csv" or "/calendar.ics?include=events")
        {
            Assert.That(body, Does.Contain("E-2024-08"), "the ordinary items are still there");
            Assert.That(body, Does.Contain("DL-9999-12"), "the far deadline is shown too");
        }
    }

    [Test]
    public void PartialDateEnd_DoesNotOverflow_AtTheLastMonthAndYear()
    {
        Assert.That(new ComplianceTracker.Web.Features.Shared.PartialDate(new DateOnly(9999, 12, 1), ComplianceTracker.Web.Features.Shared.DatePrecision.Month).End,
            Is.EqualTo(DateOnly.MaxValue));
        Assert.That(new ComplianceTracker.Web.Features.Shared.PartialDate(new DateOnly(9999, 1, 1), ComplianceTracker.Web.Features.Shared.DatePrecision.Year).End,
            Is.EqualTo(DateOnly.MaxValue));
    }

    [Test]
    public async Task Publishing_Succeeds_WithTheFarDeadlineOnFile()
    {
        var number = await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.That(number, Is.GreaterThan(0));
    }
}
