using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>Editions are numbered 1, 2, 3… without gaps, also past the second and when another process takes a number first.</summary>
public sealed class EditionNumberingTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task ThreeEditions_AreNumbered1To3_EachNamingTheOneBefore()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None));
            app.Clock.Advance(TimeSpan.FromDays(7));
        }

        Assert.That(numbers, Is.EqualTo(new[] { 1, 2, 3 }));
        var third = await app.Editions().FindAsync(3);
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), third!.FileName)));
        Assert.That(pdf.AllText, Does.Contain("after edition 2"), "the third edition lists what changed since the second");
        Assert.That((await app.Editions().ListAsync()).Select(e => e.Number), Is.EqualTo(new[] { 3, 2, 1 }));
    }

    [Test]
    public async Task APublisherThatLosesTheRace_TakesTheNextNumber_AndLeavesNoGapOrTemporaryFile()
    {
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(7));
        var publisher = app.Services.GetRequiredService<EditionPublisher>();
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var raced = false;

        // While this publisher renders edition 2, "another process" commits edition 2 first, as a second app on the
        // same database would (this process's own gate keeps two publishers in it from racing).
        var result = await publisher.PublishAsync(new EditionRequest("user:Racer", null), report =>
        {
            if (!raced)
            {
                raced = true;
                using var connection = app.Database.OpenAsync().GetAwaiter().GetResult();
                connection.Execute("""
                    INSERT INTO Editions (Number, AsOf, GeneratedAt, Trigger, OccurrenceKey, FileName, Sha256, Bytes, Pages)
                    SELECT 2, AsOf, GeneratedAt, 'other-process', NULL, 'other-process-edition-2.pdf', Sha256, Bytes, Pages FROM Editions WHERE Number = 1
                    """);
            }
            return StatusReportPdf.Render(report, fonts.Family);
        }, CancellationToken.None);

        Assert.That(raced, Is.True);
        Assert.That(result.Edition.Number, Is.EqualTo(3), "the loser rendered again with the next number");
        Assert.That((await app.Editions().ListAsync()).Select(e => e.Number), Is.EqualTo(new[] { 3, 2, 1 }), "no gap, no number twice");
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), result.Edition.FileName)));
        Assert.That(pdf.AllText, Does.Contain("EDITION 3"));
        Assert.That(Directory.GetFiles(app.ReportsDirectory(), "*.tmp"), Is.Empty, "the lost attempt's file was removed");
    }
}
