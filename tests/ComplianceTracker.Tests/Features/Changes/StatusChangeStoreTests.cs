using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Changes;

/// <summary>The kept current status (CurrentStatuses) against the rule it stands for, computed from the whole history.</summary>
public class StatusChangeStoreTests
{
    private TestApp app = null!;
    private StatusChangeStore store = null!;

    [SetUp]
    public void Start()
    {
        app = new TestApp();
        store = app.Services.GetRequiredService<StatusChangeStore>();
    }

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task ListLatest_MatchesTheHistory_AfterBackdatedTiedAndCorrectedEntries()
    {
        var d05 = (await app.Services.GetRequiredService<DeficiencyStore>().FindByCodeAsync("D-05"))!.Id;
        var d06 = (await app.Services.GetRequiredService<DeficiencyStore>().FindByCodeAsync("D-06"))!.Id;

        var current = await AddAsync(d05, "union", "not-corrected", new DateOnly(2026, 6, 1));
        // Back-dated: recorded later but effective earlier, so it does not become current.
        await AddAsync(d05, "union", "corrected", new DateOnly(2026, 1, 1));
        Assert.That(await CurrentIdAsync(d05, "union"), Is.EqualTo(current));

        // Same effective day: the later entry wins.
        var tie = await AddAsync(d05, "union", "partly-corrected", new DateOnly(2026, 6, 1));
        Assert.That(await CurrentIdAsync(d05, "union"), Is.EqualTo(tie));

        // Correcting the current entry with an earlier date hands "current" back to the entry before it.
        await AddAsync(d05, "union", "no-evidence", new DateOnly(2025, 1, 1), corrects: tie);
        Assert.That(await CurrentIdAsync(d05, "union"), Is.EqualTo(current));

        // A correction filed on another item still takes the corrected entry out of that item's current status.
        var plan = await AddAsync(d06, "plan", "in-progress", new DateOnly(2026, 7, 1));
        await AddAsync(d05, "plan", "claims-corrected", new DateOnly(2026, 7, 2), corrects: plan);
        Assert.That(await CurrentIdAsync(d06, "plan"), Is.Not.EqualTo(plan));

        var history = await store.ListForTypeAsync("deficiency");
        var expected = history.Where(c => c.CorrectedById is null)
            .GroupBy(c => (c.SubjectId, c.Assessor))
            .Select(g => g.OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).First().Id)
            .Order();
        var latest = await store.ListLatestAsync("deficiency");
        Assert.That(latest.Select(c => c.Id).Order(), Is.EqualTo(expected));
        Assert.That(latest.Select(c => (c.SubjectId, c.Assessor)).Distinct().Count(), Is.EqualTo(latest.Count), "one current entry per item and assessor");
    }

    [Test]
    public async Task ListRecordedBetween_KeepsTheExactBounds_WhateverTheStoredForm()
    {
        var d07 = (await app.Services.GetRequiredService<DeficiencyStore>().FindByCodeAsync("D-07"))!.Id;
        var at = TestApp.DefaultNow.AddHours(1);
        var inside = await AddAsync(d07, "union", "not-corrected", new DateOnly(2026, 11, 1), at);
        await AddAsync(d07, "union", "corrected", new DateOnly(2026, 11, 2), at.AddHours(2));

        var found = await store.ListRecordedBetweenAsync(at.AddTicks(-1), at.AddHours(1));
        Assert.That(found.Select(c => c.Id), Is.EqualTo(new[] { inside }));
        Assert.That(await store.ListRecordedBetweenAsync(at, at.AddHours(1)), Is.Empty, "the lower bound is exclusive");
    }

    private async Task<long?> CurrentIdAsync(long deficiencyId, string assessor) =>
        (await store.ListLatestAsync("deficiency")).SingleOrDefault(c => c.SubjectId == deficiencyId && c.Assessor == assessor)?.Id;

    private Task<long> AddAsync(long deficiencyId, string assessor, string status, DateOnly effective, DateTimeOffset? recordedAt = null, long? corrects = null) =>
        app.Database.WriteAsync((connection, transaction) => StatusChangeStore.InsertAsync(connection, transaction, new StatusChange
        {
            SubjectType = "deficiency",
            SubjectId = deficiencyId,
            Assessor = assessor,
            ToStatus = status,
            EffectiveOn = effective,
            EffectivePrecision = "day",
            RecordedAt = recordedAt ?? app.Clock.GetUtcNow(),
            RecordedBy = "test",
            Reason = "Test entry",
            Confidence = "reported",
            CorrectsId = corrects,
        }));
}
