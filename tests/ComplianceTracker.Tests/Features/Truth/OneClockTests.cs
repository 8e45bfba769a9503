using System.Xml.Linq;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Truth;

/// <summary>
/// Every date a person reads is the date in the case's time zone of the instant it describes. At 23:30 Pacific time it
/// is already the next day in UTC: a record made then must say the same day everywhere.
/// </summary>
public class OneClockTests
{
    // 07:30 UTC on 2 December 2026 is 23:30 on 1 December in California.
    private static readonly DateTimeOffset LateEvening = new(2026, 12, 2, 7, 30, 0, TimeSpan.Zero);

    [Test]
    public async Task ARecordAndAnEditionMadeAt2330Pacific_SayTheSameDay_Everywhere()
    {
        using var app = new TestApp(LateEvening);
        using var editor = await app.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says D-05 is corrected.");
        var number = await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = (await app.Editions().FindAsync(number))!;
        using var client = app.CreateClient();

        var detail = await app.GetDocumentAsync("/deficiencies/D-05");
        var history = detail.QuerySelector("table tbody tr")!.Squash();
        var historyHeader = detail.QuerySelector("table thead")!.Squash();
        var changes = (await app.GetDocumentAsync("/changes")).QuerySelectorAll("tbody tr").Select(r => r.Squash()).ToList();
        var editions = (await app.GetDocumentAsync("/changes?kind=edition")).QuerySelectorAll("tbody tr").Select(r => r.Squash()).ToList();
        var atom = XDocument.Parse(await client.GetStringAsync("/changes.atom"));
        XNamespace ns = "http://www.w3.org/2005/Atom";
        var assessmentEntry = atom.Descendants(ns + "entry").First(e => ((string?)e.Element(ns + "title"))!.Contains("D-05", StringComparison.Ordinal));
        var csv = (await client.GetStringAsync("/data/status-changes.csv")).Split("\r\n");
        var header = csv[0].Split(',');
        var row = csv.Last(l => l.Contains("D-05", StringComparison.Ordinal)).Split(',');
        var api = await client.GetStringAsync("/api/v1/changes");
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), edition.FileName)));
        var archive = (await app.GetDocumentAsync("/reports")).QuerySelector("tr#edition-" + number)!.Squash();

        Assert.Multiple(() =>
        {
            Assert.That(history, Does.Contain("1 December 2026, 23:30"));
            Assert.That(historyHeader, Does.Contain("Recorded (Pacific Time (Los Angeles))"));
            Assert.That(changes, Has.Some.Contains("D-05").And.Contain("1 December 2026, 23:30"));
            Assert.That(editions, Has.Some.Contains($"Edition {number} published, as of 1 December 2026"));
            Assert.That(editions, Has.None.Contains("2 December 2026"));
            Assert.That(changes, Has.None.Contains("2 December 2026"));
            // Machine formats carry the offset, so the local day can be read from them too.
            Assert.That((string?)assessmentEntry.Element(ns + "updated"), Does.StartWith("2026-12-01T23:30:00").And.EndWith("-08:00"));
            Assert.That(row[Array.IndexOf(header, "recorded_on")], Is.EqualTo("2026-12-01"));
            Assert.That(row[Array.IndexOf(header, "recorded_at")], Does.StartWith("2026-12-01T23:30:00").And.EndWith("-08:00"));
            Assert.That(api, Does.Contain("\"recordedAt\": \"2026-12-01T23:30:00-08:00\""));
            Assert.That(edition.FileName, Does.Contain("2026-12-01"));
            Assert.That(pdf.Pages[0], Does.Contain("as of 1 December 2026").And.Not.Contain("2 December 2026"));
            Assert.That(archive, Does.Contain("1 Dec 2026, 23:30").And.Not.Contain("2 Dec 2026"));
        });
    }
}
