using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;
using ComplianceTracker.Web.Infrastructure.Seed;
using Dapper;

namespace ComplianceTracker.Tests.Features.Evidence;

/// <summary>Passages and archived copies in seed folders and exports: loaded, checked, and carried whole.</summary>
public class SeedEvidenceTests
{
    [Test]
    public async Task Seed_GivesThePassagesOfTheDeadlinesAndTerms_ShownWithTheirSourceUnchecked()
    {
        using var app = new TestApp();
        var count = await app.Database.WithConnectionAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Passages"));
        Assert.That(count, Is.GreaterThanOrEqualTo(100), "the seed's passages are loaded");

        var timeline = await app.GetDocumentAsync("/timeline");
        var deadline = timeline.GetElementById("DL-CONSULTATION-END")!;
        var quote = deadline.QuerySelectorAll("figure.passage").First(f => f.Squash().Contains("expires in October of 2025", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(quote.QuerySelector("figcaption a")!.GetAttribute("href"), Is.EqualTo("/sources/capmain_still_waiting"));
            Assert.That(quote.QuerySelector(".verdict")!.Squash(), Is.EqualTo("No archived copy of the source to check it against yet"));
        });
    }

    [Test]
    public void Seed_PassageOfASourceTheItemDoesNotCite_IsRefusedNamingTheFileAndItem()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.TimelineFileName, timeline =>
        {
            var item = timeline.AsArray().First(t => t!["code"]!.GetValue<string>() == "DL-CONSULTATION-END")!;
            item["passages"] = new JsonArray(new JsonObject { ["source"] = "dmhc_pr_2013", ["text"] = "words" });
        });
        var error = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path))!;
        Assert.That(error.Message, Does.Contain("Seed file timeline.json, item DL-CONSULTATION-END: passage source \"dmhc_pr_2013\" is not one of the item's sources"));
    }

    [Test]
    public async Task Export_CarriesArchivedCopiesAndPassages_IntoANewInstance_ThatServesTheSameBytes()
    {
        using var original = new TestApp();
        using var editor = await original.SignedInClientAsync("Editor");
        var pdf = TestDocuments.Pdf("One.", "Two.", "Kaiser agreed to a systemic overhaul and transformational change.");
        (await ArchiveTests.UploadAsync(editor, "dmhc_pr_2023", pdf, "release.pdf", "application/pdf")).Dispose();

        using var export = SeedFolder.Empty();
        using var output = new StringWriter();
        Assert.That(await ExportCaseCommand.RunAsync(original.Services, ["export-case", "--to", export.Path], output), Is.Zero, output.ToString());
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        Assert.Multiple(() =>
        {
            Assert.That(output.ToString(), Does.Contain("1 archived copies"));
            Assert.That(File.ReadAllBytes(SeedReader.ArchivePath(export.Path, sha)), Is.EqualTo(pdf));
        });

        using var copy = new TestApp(original.Clock.GetUtcNow(), export.Path);
        var page = await copy.GetDocumentAsync("/sources/dmhc_pr_2023");
        var href = page.QuerySelector("ul.copies a[download]")!.GetAttribute("href")!;
        using var anonymous = copy.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That(page.QuerySelector("code.hash")!.TextContent, Is.EqualTo(sha));
            Assert.That(await anonymous.GetByteArrayAsync(href), Is.EqualTo(pdf));
            Assert.That(page.QuerySelector("#passages + ul")!.Squash(), Does.Contain("Quoted from the archived copy, page 3"));
        });
    }

    [Test]
    public void Seed_ArchivedCopyWhoseFileChanged_IsRefused()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        var bytes = "The letter."u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(Path.Combine(folder.Path, SeedReader.ArchiveFolder));
        File.WriteAllBytes(SeedReader.ArchivePath(folder.Path, sha), "The altered letter."u8.ToArray());
        folder.Write(SeedReader.ArchiveFileName, new JsonArray(new JsonObject
        {
            ["source"] = "dmhc_pr_2023",
            ["sha256"] = sha,
            ["bytes"] = bytes.Length,
            ["mediaType"] = "text/plain",
            ["method"] = "upload",
            ["retrievedAt"] = "2026-12-01T10:00:00Z",
            ["addedBy"] = "ana@example.org",
        }));
        var error = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path))!;
        Assert.That(error.Message, Does.Contain($"Seed file archive.json, item copy {sha}: its file has 19 bytes, not the 11 archive.json gives.")
            .And.Contain("its file's SHA-256 is not the one archive.json gives"));
    }
}
