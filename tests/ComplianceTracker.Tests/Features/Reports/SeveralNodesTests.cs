using System.Security.Cryptography;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// Two app nodes on one database and one reports folder, publishing at once: on SQLite two apps on one file, on
/// PostgreSQL two apps on one database, as several machines behind a proxy are (docs/several-machines.md).
/// </summary>
public sealed class SeveralNodesTests
{
    [Test]
    public async Task Publish_NumbersEditionsWithoutGapsOrDuplicates_WhenTwoNodesPublishAtOnce()
    {
        using var a = new TestApp();
        using var b = a.SecondNode();
        var pressed = a.Clock.GetUtcNow();

        // Three presses of "Publish now" on each node, all at the same moment.
        var runs = Enumerable.Range(0, 3).SelectMany(i => new[]
        {
            a.Job().RunAsync("user:Editor A", pressed.AddSeconds(i), CancellationToken.None),
            b.Job().RunAsync("user:Editor B", pressed.AddSeconds(i), CancellationToken.None),
        }).ToList();
        var numbers = await Task.WhenAll(runs);

        Assert.That(numbers.Order(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
        var editions = await b.Editions().ListAsync();
        Assert.That(editions.Select(e => e.Number), Is.EqualTo(new[] { 6, 5, 4, 3, 2, 1 }));
        foreach (var edition in editions)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(a.ReportsDirectory(), edition.FileName));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(edition.Sha256), $"edition {edition.Number}");
        }
        Assert.That(Directory.GetFiles(a.ReportsDirectory()), Has.Length.EqualTo(6), "no temporary or stray files");
    }

    [Test]
    public async Task Run_PublishesOneEdition_WhenBothNodesRunTheSameScheduleOccurrence()
    {
        using var a = new TestApp();
        using var b = a.SecondNode();
        // Monday 30 November 2026, a few seconds after 07:00 in California: the weekly occurrence on both nodes.
        var now = new DateTimeOffset(2026, 11, 30, 15, 0, 5, TimeSpan.Zero);
        a.Clock.SetUtcNow(now);
        b.Clock.SetUtcNow(now);

        var numbers = await Task.WhenAll(
            a.Job().RunAsync(StatusReportJob.WeeklyId, null, CancellationToken.None),
            b.Job().RunAsync(StatusReportJob.WeeklyId, null, CancellationToken.None));

        Assert.That(numbers, Is.EqualTo(new[] { 1, 1 }));
        Assert.That((await a.Editions().ListAsync()).Select(e => e.OccurrenceKey), Is.EqualTo(new[] { "status-report-weekly:2026-11-30T07:00" }));
    }
}
