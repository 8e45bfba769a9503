using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using BriefModel = ComplianceTracker.Web.Features.Brief.BriefQuery;

namespace ComplianceTracker.Tests.Features.Brief;

/// <summary>
/// A passed deadline with no recorded outcome is asked about in words no broader than the record: "no source" only when
/// no source wrote of it from its date on; where another party did (a union's account), it is the regulator's word that
/// is missing.
/// </summary>
public sealed class NoOutcomeTests
{
    private static TimelineItem Deadline(params Source[] sources) => new()
    {
        OccursOn = new DateOnly(2025, 10, 1),
        OccursPrecision = "month",
        Sources = [.. sources],
    };

    private static Source From(string? party, int year, int month, int day) => new() { Party = party, PublishedOn = new DateOnly(year, month, day) };

    [Test]
    public void NoOutcome_SaysNoSource_WhenNothingWasWrittenFromItsDateOn() =>
        Assert.That(BriefModel.NoOutcome(Deadline(From("union", 2023, 10, 30)), "DMHC"), Is.EqualTo("no source on record says what happened."));

    [Test]
    public void NoOutcome_SaysNoRegulatorSource_WhenOnlyAnotherPartyWroteOfIt() =>
        Assert.That(BriefModel.NoOutcome(Deadline(From("regulator", 2023, 10, 12), From("union", 2025, 10, 13)), "DMHC"),
            Is.EqualTo("no DMHC source on record says what happened."));

    [Test]
    public void NoOutcome_ClaimsNoMissingSource_WhenTheRegulatorWroteOfItToo() =>
        Assert.That(BriefModel.NoOutcome(Deadline(From("regulator", 2025, 11, 2)), "DMHC"), Is.EqualTo("the sources on record give no outcome."));

    [Test]
    public async Task TheSeedsConsultationEnd_IsAskedAboutAsTheRegulatorsSilence_NotEverySources()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/brief");
        var question = page.QuerySelectorAll(".brief-questions li").Select(li => li.Squash()).Single(q => q.Contains("consultation period", StringComparison.Ordinal));
        Assert.That(question, Does.Contain("no DMHC source on record says what happened."));
    }
}
