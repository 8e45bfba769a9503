using System.Text.Json;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features;

/// <summary>
/// The "lanai" test case (tests/ComplianceTracker.Tests/Cases/lanai): a $4M fine of three instalments (the first and
/// third due in a year given without its day), half paid and a quarter waived, a maximum further penalty of $1M beside
/// it, and $2M restitution of which $1.2M is reported paid. Each kind of money is named for what it is, and a date
/// given as a year sorts on the day it falls due.
/// </summary>
public sealed class MoneyAndDatesShapeTests
{
    private static TestApp AppFor() => new(seedDirectory: Path.Combine(Repository.Root, "tests", "ComplianceTracker.Tests", "Cases", "lanai"));

    [Test]
    public async Task Money_ACeilingIsNeverAddedToTheFine_RestitutionAndWaivedMoneyAreShown()
    {
        using var app = AppFor();
        var card = (await app.GetDocumentAsync("/")).GetElementById("money")!.ParentElement!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(card, Does.Contain("$4M fine. $2M paid and $1M waived, per sources."));
            Assert.That(card, Does.Not.Contain("separate fines").And.Not.Contain("$5M"));
            Assert.That(card, Does.Contain("$2M restitution ordered; $1.2M reported paid, per sources."));
            Assert.That(card, Does.Contain("Up to $1M (Further penalty if the plan misses its corrective deadlines): a maximum, not a sum owed."));
        });
    }

    [Test]
    public async Task Api_GivesEachKindOfMoneyUnderItsName_AndNoContingentFigureForACaseWithoutOne()
    {
        using var app = AppFor();
        using var client = app.CreateClient();
        var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/summary")).RootElement;
        var kinds = summary.GetProperty("money").EnumerateArray().Select(m => (m.GetProperty("kind").GetString(), m.GetProperty("amountUsd").GetInt64())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("fineUsd").GetInt64(), Is.EqualTo(4_000_000), "the ceiling is not a fine");
            Assert.That(summary.TryGetProperty("contingentUsd", out _), Is.False, "no contingent money: absent, never 0 or null");
            Assert.That(summary.TryGetProperty("investmentCommittedUsd", out _) || summary.TryGetProperty("investmentReportedUsd", out _), Is.False, "no investment: absent");
            Assert.That(summary.GetProperty("finePaidUsd").GetDecimal(), Is.EqualTo(2_000_000m), "a kind the case has keeps its figures");
            Assert.That(kinds, Is.EqualTo(new[] { ("fine", 4_000_000L), ("restitution", 2_000_000L), ("ceiling", 1_000_000L) }));
            var fine = summary.GetProperty("money")[0];
            Assert.That(fine.GetProperty("paidUsd").GetInt64(), Is.EqualTo(2_000_000));
            Assert.That(fine.GetProperty("waivedUsd").GetInt64(), Is.EqualTo(1_000_000));
        });
    }

    [Test]
    public async Task DatesGivenAsAYear_SortOnTheDayTheyFallDue_InTheTimelineTheBriefAndTheApi()
    {
        using var app = AppFor();
        var timeline = await app.GetDocumentAsync("/timeline");
        var order = timeline.QuerySelectorAll("[id^='DL-'], [id^='E-']").Select(e => e.Id).Where(id => id is not null).Distinct().ToList();
        Assert.That(order, Is.EqualTo(new[] { "E-2022-03-01", "DL-INSTALMENT-1", "DL-INSTALMENT-2", "DL-2025-01-31", "DL-INSTALMENT-3" }),
            "2023 falls due on 31 December 2023; 2025 after 31 January 2025");

        var brief = await app.GetDocumentAsync("/brief");
        var passed = brief.QuerySelectorAll("section[aria-labelledby='passed-h'] tbody tr td:nth-child(2) > a:first-child").Select(a => a.TextContent.Trim()).ToList();
        Assert.That(passed, Is.EqualTo(new[] { "First instalment due", "Second instalment due", "Corrective plan due", "Third instalment due" }));

        using var client = app.CreateClient();
        var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/timeline")).RootElement;
        var codes = api.EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.That(codes, Is.EqualTo(new[] { "E-2022-03-01", "DL-INSTALMENT-1", "DL-INSTALMENT-2", "DL-2025-01-31", "DL-INSTALMENT-3" }));
    }

    [Test]
    public async Task TheCasesOwnZoneAndOrigin_ReachTheDateLineTheMenuAndTheHeadings()
    {
        using var app = AppFor();
        var settlement = await app.GetDocumentAsync("/settlement");
        var brief = await app.GetDocumentAsync("/brief");
        Assert.Multiple(() =>
        {
            Assert.That(settlement.QuerySelector("h1")!.Squash(), Is.EqualTo("Terms of the order"));
            Assert.That(settlement.QuerySelector("p.lede")!.Squash(), Does.StartWith("What the order requires"));
            Assert.That(settlement.QuerySelector("nav[aria-label=Main] a[href='/settlement']")!.Squash(), Is.EqualTo("Order"));
            Assert.That(brief.Body!.Squash(), Does.Contain("Dates are in").And.Contain("Honolulu").And.Not.Contain("Pacific Time"));
        });
    }
}
