using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// The report's "How to read" says no less than its cover about what the headline rests on: where the regulator's count
/// is known only from another party's account, the method text says so too.
/// </summary>
public sealed class ReportMethodTests
{
    [Test]
    public async Task HowToRead_SaysTheHeadlineCountIsKnownFromAUnionRelease_AsTheCoverMarksIt()
    {
        using var app = new TestApp();
        var report = await app.BuildNowAsync(null);
        var text = string.Join(" ", report.HowToRead.Select(p => p.Text));

        Assert.Multiple(() =>
        {
            Assert.That(report.Headline!.Provenance!.NeedsCaution, Is.True, "the seed's headline rests on a union release");
            Assert.That(text, Does.Contain("the regulator's count itself is known from a union release, not from the regulator's own document"));
            Assert.That(text, Does.Not.Contain("made public"));
        });
    }

    [Test]
    public async Task HowToRead_AddsNothing_WhenTheHeadlineNeedsNoCaution()
    {
        using var app = new TestApp();
        var record = (await app.Services.GetRequiredService<CaseStore>().GetAsync())!;
        var text = string.Join(" ", ReportMethod.HowToRead(record, [], [], "Pacific Time").Select(p => p.Text));
        Assert.That(text, Does.Not.Contain("the regulator's count"));
    }
}
