using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Changes;

/// <summary>The one versioned save every edit form makes: claim the version, resolve the source, write history, link the source.</summary>
public class HistoryWriterTests
{
    [Test]
    public async Task SaveAsync_StampsTheRowsAndLinksTheSource_WhenTheVersionStands()
    {
        using var app = new TestApp();
        var deficiencies = app.Services.GetRequiredService<DeficiencyStore>();
        var d05 = (await deficiencies.FindByCodeAsync("D-05"))!;

        var conflict = await SaveNoteAsync(app, d05, d05.Version, "Noted from the enforcement record.");

        var after = (await deficiencies.FindByCodeAsync("D-05"))!;
        var edit = (await app.Services.GetRequiredService<FieldEditStore>().ListForItemAsync("deficiency", d05.Id)).First();
        var source = (await app.Services.GetRequiredService<SourceStore>().ListAsync()).SingleOrDefault(s => s.Url == "https://example.org/enforcement-record");
        Assert.Multiple(async () =>
        {
            Assert.That(conflict, Is.Null);
            Assert.That(after.Version, Is.EqualTo(d05.Version + 1));
            Assert.That(edit.NewValue, Is.EqualTo("Noted from the enforcement record."));
            Assert.That(edit.RecordedBy, Is.EqualTo("Test Editor"));
            Assert.That(edit.RecordedAt, Is.EqualTo(app.Clock.GetUtcNow()));
            Assert.That(edit.ResultingVersion, Is.EqualTo(d05.Version + 1));
            Assert.That(source, Is.Not.Null, "the typed source is put on file");
            Assert.That(edit.SourceId, Is.EqualTo(source!.Id));
            Assert.That((await deficiencies.ListSourcesAsync(d05.Id)).Select(s => s.Id), Does.Contain(source.Id), "the item cites the source");
        });
    }

    [Test]
    public async Task SaveAsync_ListsWhatChangedAndWritesNothing_WhenTheVersionMovedOn()
    {
        using var app = new TestApp();
        var deficiencies = app.Services.GetRequiredService<DeficiencyStore>();
        var d05 = (await deficiencies.FindByCodeAsync("D-05"))!;
        Assert.That(await SaveNoteAsync(app, d05, d05.Version, "First editor's note."), Is.Null);
        var sourcesBefore = (await app.Services.GetRequiredService<SourceStore>().ListAsync()).Count;

        // A second editor read the form before the first saved, and types a source that is not on file.
        var conflict = await SaveNoteAsync(app, d05, d05.Version, "Second editor's note.", url: "https://example.org/another-document");

        var edits = await app.Services.GetRequiredService<FieldEditStore>().ListForItemAsync("deficiency", d05.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(conflict, Is.Not.Null, "the save is refused");
            Assert.That(conflict!.Select(c => c.Description), Has.Some.Contains("First editor's note."), "with what the first editor saved");
            Assert.That((await deficiencies.FindByCodeAsync("D-05"))!.Version, Is.EqualTo(d05.Version + 1), "the version is not claimed again");
            Assert.That(edits.Select(e => e.NewValue), Has.None.EqualTo("Second editor's note."), "no history row is written");
            Assert.That((await app.Services.GetRequiredService<SourceStore>().ListAsync()).Count, Is.EqualTo(sourcesBefore), "the typed source is not put on file");
        });
    }

    private static Task<IReadOnlyList<ChangeSince>?> SaveNoteAsync(TestApp app, Deficiency deficiency, int version, string note, string url = "https://example.org/enforcement-record") =>
        app.Database.WriteAsync((connection, transaction) => HistoryWriter.SaveAsync(
            connection, transaction,
            [new VersionedItem("deficiency", deficiency.Id, version, [HistoryWriter.FieldEdit, HistoryWriter.Status])],
            new SourceInput { Title = "DMHC enforcement record", Publisher = "DMHC", Url = url, Kind = "regulator-release", PublishedOn = app.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            app.Clock.GetUtcNow(), "Test Editor",
            _ => Task.FromResult(new HistoryRows
            {
                FieldEdits = { new FieldEdit { ItemType = "deficiency", ItemId = deficiency.Id, Field = "Notes", OldValue = deficiency.Notes, NewValue = note, Reason = "Test." } },
                LinkSourceTo = { ("deficiency", deficiency.Id) },
            })));
}
