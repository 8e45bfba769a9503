using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;

namespace ComplianceTracker.Tests.Features.Deficiencies;

public class RegulatorCountTests
{
    private static readonly DateOnly ReportDay = new(2025, 3, 24);

    private static List<Deficiency> Twenty() =>
        Enumerable.Range(1, 20).Select(i => new Deficiency { Id = i, Code = $"D-{i:00}", Slot = i }).ToList();

    private static AggregateFinding NineteenOfTwenty() => new()
    {
        Assessor = "regulator",
        EffectiveOn = ReportDay,
        Title = "Follow-up report",
        Counts = new() { ["not-corrected"] = 19, ["corrected"] = 1 },
    };

    private static StatusChange Regulator(long id, string status, DateOnly on) =>
        new() { SubjectType = "deficiency", SubjectId = id, Assessor = "regulator", ToStatus = status, EffectiveOn = on };

    [Test]
    public void Compute_GivesAggregateCounts_WhenNoItemIsAssessedIndividually()
    {
        var count = RegulatorCount.Compute(Twenty(), new Dictionary<long, StatusChange>(), NineteenOfTwenty());
        Assert.Multiple(() =>
        {
            Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(19, 19)));
            Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(1, 1)));
            Assert.That(count.Since, Is.Empty);
        });
    }

    [Test]
    public void Compute_StaysExact_WhenAnIndividualAssessmentBelongsToTheSameReport()
    {
        var latest = new Dictionary<long, StatusChange> { [1] = Regulator(1, "not-corrected", ReportDay) };
        var count = RegulatorCount.Compute(Twenty(), latest, NineteenOfTwenty());
        Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(19, 19)));
    }

    [Test]
    public void Compute_GivesBounds_WhenAnItemIsAssessedAfterTheReport()
    {
        // D-03 found corrected later: it was either the one already corrected (19 stay) or one of the 19 (18 remain).
        var latest = new Dictionary<long, StatusChange> { [3] = Regulator(3, "corrected", new DateOnly(2026, 11, 20)) };
        var count = RegulatorCount.Compute(Twenty(), latest, NineteenOfTwenty());
        Assert.Multiple(() =>
        {
            Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(18, 19)));
            Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(1, 2)));
            Assert.That(count.Since.Select(s => s.Deficiency.Code), Is.EqualTo(new[] { "D-03" }));
            Assert.That(count.Of("not-corrected").ToString(), Is.EqualTo("18–19"));
        });
    }

    [Test]
    public void Compute_IsExact_WhenEveryItemIsAssessedAfterTheReport()
    {
        var later = new DateOnly(2026, 1, 5);
        var latest = Twenty().ToDictionary(d => d.Id, d => Regulator(d.Id, d.Id <= 5 ? "corrected" : "not-corrected", later));
        var count = RegulatorCount.Compute(Twenty(), latest, NineteenOfTwenty());
        Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(15, 15)));
        Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(5, 5)));
    }

    [Test]
    public void Compute_CountsUnassessedItems_WhenThereIsNoAggregate()
    {
        var latest = new Dictionary<long, StatusChange> { [2] = Regulator(2, "not-corrected", ReportDay) };
        var count = RegulatorCount.Compute(Twenty(), latest, null);
        Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(1, 1)));
        Assert.That(count.Of("not-yet-assessed"), Is.EqualTo(new CountRange(19, 19)));
    }
}
