using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Sources;

public class IndexTests
{
    [Test]
    public async Task Get_ListsEverySource_WithTheItemsCitingIt()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/sources");
        var dmhc = page.GetElementById("dmhc_pr_2023")!;

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelectorAll("tbody tr"), Has.Length.EqualTo(94));
            // Pages about other trackers are not evidence in this case and are not among its sources.
            Assert.That(page.GetElementById("gao_recs"), Is.Null);
            Assert.That(page.GetElementById("lamonitor")!.Squash(), Does.Contain("a copy of another source on this list"));
            Assert.That(dmhc.Squash(), Does.Contain("Primary document (Regulator)"));
            Assert.That(dmhc.Squash(), Does.Contain("12 Oct 2023").And.Contain("California Department of Managed Health Care"));
            Assert.That(dmhc.QuerySelectorAll("a[href='/settlement#O-1']"), Is.Not.Empty);
            Assert.That(dmhc.QuerySelectorAll("a[href='/timeline#E-2023-10-12']"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Get_SaysUnknown_WhenASourceHasNoDate()
    {
        using var app = new TestApp();
        var page = await app.GetDocumentAsync("/sources?kind=news");
        Assert.That(page.GetElementById("fierce_2023")!.QuerySelector("td[data-label=Date]")!.Squash(), Is.EqualTo("Unknown"));
    }
}
