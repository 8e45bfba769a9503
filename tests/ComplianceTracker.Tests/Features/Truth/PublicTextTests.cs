using System.Text.RegularExpressions;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Truth;

/// <summary>
/// A journalist quotes what a reader sees: every public page, the feed, the calendar, the CSVs, the API and a rendered
/// edition are read in full for research notes, tool words, raw keys, and "overdue" where no source says a deadline
/// was missed (none does in the seeded record).
/// </summary>
public partial class PublicTextTests
{
    private static TestApp app = null!;
    private static readonly Dictionary<string, string> Texts = [];

    /// <summary>Words that belong to the research or the tool, never to a reader.</summary>
    private static readonly string[] NotForReaders =
    [
        "title cut off", "cut off in the address", "the research", "research's", "research records", "by seed", "by startup",
        "from seed", "seed file", "regulatorNumber", "statusSource", "(title not evident",
    ];

    [GeneratedRegex(@"\[[a-z][a-z0-9]*_[a-z0-9_]+\]")]
    private static partial Regex RawKey();

    [GeneratedRegex(@"(?i)\boverdue by\b|\bdays? overdue\b|\boverdue from earlier\b")]
    private static partial Regex OverdueClaim();

    [OneTimeSetUp]
    public static async Task ReadEverything()
    {
        app = new TestApp();
        using var client = app.CreateClient();
        var pages = new List<string> { "/", "/deficiencies", "/deficiencies?survey=all", "/settlement", "/timeline", "/timeline?kind=deadline", "/sources", "/changes", "/data", "/reports", "/reports/current", "/brief", "/brief?since=2025-05-06" };
        pages.AddRange(Enumerable.Range(1, 20).Select(n => $"/deficiencies/D-{n:00}"));
        pages.AddRange(Enumerable.Range(1, 4).Select(n => $"/deficiencies/R12-{n:00}"));
        foreach (var page in pages)
        {
            // The visible text only: attributes (ids, anchors) may hold keys, which are addresses, not words.
            Texts[page] = (await app.GetDocumentAsync(page)).Body!.TextContent;
        }
        foreach (var raw in new[] { "/changes.atom", "/calendar.ics", "/calendar.ics?include=events", "/api/v1/summary", "/api/v1/timeline" })
        {
            Texts[raw] = await client.GetStringAsync(raw);
        }
        foreach (var (name, _) in Web.Features.Data.OpenDataEndpoints.Files)
        {
            Texts[$"/data/{name}.csv"] = await client.GetStringAsync($"/data/{name}.csv");
        }
        var (_, pdf) = await app.RenderAsync();
        Texts["edition PDF"] = ReportPdf.Read(pdf).AllText;
    }

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    [Test]
    public void EveryPlace_HoldsNoResearchNoteOrToolWord()
    {
        var found = Texts
            .SelectMany(t => NotForReaders.Where(w => t.Value.Contains(w, StringComparison.OrdinalIgnoreCase)).Select(w => $"{t.Key}: \"{w}\""))
            .ToList();
        Assert.That(found, Is.Empty);
    }

    [Test]
    public void EveryReadablePlace_ShowsNoRawSourceKey()
    {
        // CSVs and the API carry keys in their key columns by design; pages, the feed and the PDF never print one.
        var readable = Texts.Where(t => !t.Key.StartsWith("/data/", StringComparison.Ordinal) && !t.Key.StartsWith("/api/", StringComparison.Ordinal));
        var found = readable.SelectMany(t => RawKey().Matches(t.Value).Select(m => $"{t.Key}: {m.Value}")).ToList();
        Assert.That(found, Is.Empty);
    }

    [Test]
    public void NoPlace_CallsADeadlineOverdue_WhenNoSourceSaysItWasMissed()
    {
        var found = Texts.SelectMany(t => OverdueClaim().Matches(t.Value).Select(m => $"{t.Key}: …{Around(t.Value, m.Index)}…")).ToList();
        Assert.That(found, Is.Empty);
        Assert.That(Texts["/api/v1/timeline"], Does.Not.Contain("\"isOverdue\": true"));
        Assert.That(Texts["/data/timeline.csv"].Split("\r\n").Skip(1).Where(l => l.Contains(",unknown,true,", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void EveryPlace_SaysUnknownMoneyIsUnknown_NeverZero()
    {
        Assert.That(Texts["/"], Does.Not.Contain("$0"));
        Assert.That(Texts["edition PDF"], Does.Not.Contain("$0"));
        Assert.That(Texts["/api/v1/summary"], Does.Contain("\"finePaidUsd\": null").And.Contain("\"investmentReportedUsd\": null"));
    }

    [Test]
    public void TheInferredRegulatorStatus_IsMarkedInferred_EverywhereItIsShown()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Squash(Texts["/deficiencies"]), Does.Contain("Not corrected Inferred · from a union release"));
            Assert.That(Squash(Texts["/deficiencies/D-01"]), Does.Contain("Not corrected Inferred · from a union release"));
            Assert.That(Squash(Texts["/reports/current"]), Does.Contain("Not corrected Inferred · from a union release"));
            Assert.That(Texts["edition PDF"], Does.Contain("Inferred · from a"));
            Assert.That(Texts["/changes.atom"], Does.Contain("Inferred · from a union release"));
            Assert.That(Texts["/data/deficiencies.csv"], Does.Contain(",inferred,secondary,"));
            // The method no longer promises what D-01 contradicts.
            Assert.That(Texts["/reports/current"] + Texts["edition PDF"], Does.Not.Contain("guesswork"));
        });
    }

    [Test]
    public void TheSources_AreTheCasesOwn_WithTheirStanding()
    {
        var sources = Squash(Texts["/sources"]);
        Assert.Multiple(() =>
        {
            foreach (var other in new[] { "Government Accountability Office", "Consent Decree Monitor", "Seattle police", "State Auditor" })
            {
                Assert.That(sources, Does.Not.Contain(other));
            }
            Assert.That(sources, Does.Contain("Primary document (Regulator)").And.Contain("Primary document (Union)").And.Contain("Secondary report"));
            Assert.That(sources, Does.Contain("State says Kaiser has to fix care 'deficiencies'"));
        });
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Around(string text, int index) => Squash(text[Math.Max(0, index - 60)..Math.Min(text.Length, index + 60)]);
}
