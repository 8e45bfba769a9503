using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// What the reports folder holds when a node starts after a crash, and what start-up makes of it: a committed edition
/// still at its temporary name is moved into place, a file no edition names is removed unless it is some edition's
/// bytes, and stray probe files of the health check are removed.
/// </summary>
public sealed class StartupSweepTests
{
    [Test]
    public async Task Start_MovesACommittedEditionIntoPlace_RemovesOrphansAndProbes_KeepsAnEditionsBytes()
    {
        using var app = new TestApp();
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = (await app.Editions().LatestAsync())!;
        var folder = app.ReportsDirectory();
        var final = Path.Combine(folder, edition.FileName);
        var bytes = await File.ReadAllBytesAsync(final);

        // The process died after the commit, before the move: the file is still under its temporary name.
        var temporary = Path.Combine(folder, $".{edition.FileName}.{Guid.NewGuid():N}.tmp");
        File.Move(final, temporary);
        // A publish interrupted before its commit left a file no row names; another is a copy of edition 1's bytes.
        var orphan = Path.Combine(folder, "compliancetracker-edition-0099-2026-11-27.pdf");
        await File.WriteAllBytesAsync(orphan, [.. "%PDF-1.7 half-written"u8]);
        var copy = Path.Combine(folder, "compliancetracker-edition-0001-copy.pdf");
        await File.WriteAllBytesAsync(copy, bytes);
        var probe = Path.Combine(folder, ".healthz-0123456789abcdef.probe");
        await File.WriteAllBytesAsync(probe, []);

        using var restarted = app.SecondNode();
        using var client = restarted.CreateClient();
        using var pdf = await client.GetAsync($"/reports/{edition.Number}.pdf");

        var placed = File.Exists(final) ? await File.ReadAllBytesAsync(final) : [];
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(final), Is.True, "moved into place");
            Assert.That(placed, Is.EqualTo(bytes));
            Assert.That(File.Exists(temporary), Is.False);
            Assert.That(File.Exists(orphan), Is.False, "an orphan is removed");
            Assert.That(File.Exists(copy), Is.True, "a file with an edition's SHA-256 is never removed");
            Assert.That(File.Exists(probe), Is.False, "a stray probe is removed");
            Assert.That((int)pdf.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Healthz_LeavesNoProbeFileBehind()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/healthz");
        }
        Assert.That(Directory.EnumerateFiles(app.ReportsDirectory(), ".healthz-*"), Is.Empty);
    }
}
