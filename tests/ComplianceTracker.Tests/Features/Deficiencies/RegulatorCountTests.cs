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

    private static (List<Deficiency> Standing, List<Deficiency> Withdrawn) TwentyWithD05Withdrawn()
    {
        var all = Twenty();
        var withdrawn = all.Where(d => d.Id == 5).ToList();
        withdrawn[0].WithdrawnOn = new DateOnly(2025, 6, 1);
        withdrawn[0].WithdrawnPrecision = "month";
        return (all.Except(withdrawn).ToList(), withdrawn);
    }

    [Test]
    public void Compute_WidensToBounds_WhenTheReportCountedAWithdrawnItemWithoutItsStatus()
    {
        // D-05 withdrawn after the report counted it among 19 not corrected and 1 corrected: of the 19 that stand,
        // 18 or 19 are not corrected, 0 or 1 corrected.
        var (standing, withdrawn) = TwentyWithD05Withdrawn();
        var count = RegulatorCount.Compute(standing, new Dictionary<long, StatusChange>(), NineteenOfTwenty(), withdrawn);
        Assert.Multiple(() =>
        {
            Assert.That(count.Total, Is.EqualTo(19));
            Assert.That(count.Found, Is.EqualTo(20));
            Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(18, 19)));
            Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(0, 1)));
            Assert.That(count.Uncorrected, Is.EqualTo(new CountRange(18, 19)));
            Assert.That(count.SummaryDisagrees, Is.Empty, "the report does not disagree with itself");
            Assert.That(count.WithdrawnSentence("ER"), Is.EqualTo("20 deficiencies found; 1 withdrawn by ER (June 2025), 19 stand. ER's “Follow-up report” (March 2025) counts 20, the withdrawn one among them; the figures here count the 19 that stand, as ranges where that count does not say which status the withdrawn one had."));
        });
    }

    [Test]
    public void Compute_StaysExact_WhenTheReportPinsTheWithdrawnItemsStatus()
    {
        // The report's own list gives D-05 as the corrected one: it leaves that share, and the 19 that stand are not corrected.
        var (standing, withdrawn) = TwentyWithD05Withdrawn();
        var latest = new Dictionary<long, StatusChange> { [5] = Regulator(5, "corrected", ReportDay) };
        var count = RegulatorCount.Compute(standing, latest, NineteenOfTwenty(), withdrawn);
        Assert.Multiple(() =>
        {
            Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(19, 19)));
            Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(0, 0)));
            Assert.That(count.WithdrawnSentence("ER"), Does.EndWith("the figures here count the 19 that stand."));
        });
    }

    [Test]
    public void Compute_KeepsACountMadeWithoutTheWithdrawnItem_AsItIs()
    {
        var (standing, withdrawn) = TwentyWithD05Withdrawn();
        var after = NineteenOfTwenty();
        after.Counts = new() { ["not-corrected"] = 18, ["corrected"] = 1 };
        var count = RegulatorCount.Compute(standing, new Dictionary<long, StatusChange>(), after, withdrawn);
        Assert.Multiple(() =>
        {
            Assert.That(count.Of("not-corrected"), Is.EqualTo(new CountRange(18, 18)));
            Assert.That(count.Of("corrected"), Is.EqualTo(new CountRange(1, 1)));
            Assert.That(count.WithdrawnSentence("ER"), Is.EqualTo("20 deficiencies found; 1 withdrawn by ER (June 2025), 19 stand."));
        });
    }

    [Test]
    public void Compute_SaysSo_WhenTheReportsCountMatchesNeitherTheItemsFoundNorThoseThatStand()
    {
        var (standing, withdrawn) = TwentyWithD05Withdrawn();
        var odd = NineteenOfTwenty();
        odd.Counts = new() { ["not-corrected"] = 20, ["corrected"] = 1 };
        var count = RegulatorCount.Compute(standing, new Dictionary<long, StatusChange>(), odd, withdrawn);
        Assert.That(count.WithdrawnSentence("ER"), Is.EqualTo("20 deficiencies found; 1 withdrawn by ER (June 2025), 19 stand. ER's “Follow-up report” (March 2025) counts 21: its count and this record disagree, and its figures are given as it gave them."));
    }
}
