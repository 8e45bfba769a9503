using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Deficiencies;

public class IndexTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    private static async Task<List<string>> Codes(string url) =>
        (await app.GetDocumentAsync(url)).QuerySelectorAll("tbody tr td:first-child a").Select(a => a.Squash()).ToList();

    [TestCase("NRS-2022")]
    [TestCase("RS-2012")]
    [TestCase("all")]
    public async Task AreaFilter_OffersOnlyAreasThatHaveItemsInTheSurveyShown(string survey)
    {
        var page = await app.GetDocumentAsync($"/deficiencies?survey={survey}");
        var areas = page.QuerySelectorAll("select[name=area] option").Select(o => o.GetAttribute("value")!).Where(v => v.Length > 0).ToList();
        Assert.That(areas, Is.Not.Empty);
        foreach (var area in areas)
        {
            Assert.That(await Codes($"/deficiencies?survey={survey}&area={Uri.EscapeDataString(area)}"), Is.Not.Empty, $"area {area} in {survey}");
        }
    }

    [Test]
    public async Task RegulatorCell_OfAnItemTheAggregateCountsWithoutItsOwnStatus_SaysSo_InsteadOfNone()
    {
        var page = await app.GetDocumentAsync("/deficiencies?survey=NRS-2022");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("td")!.Squash() == "D-12");
        Assert.That(row.QuerySelector("td[data-label=Regulator]")!.Squash(),
            Is.EqualTo("Counted in DMHC's March 2025 count (19 not corrected and 1 corrected); which is which is not yet in this record"));
    }

    [Test]
    public async Task Get_ListsAllTwentySlotsOfTheSurvey_InOrder()
    {
        var codes = await Codes("/deficiencies?survey=NRS-2022");
        Assert.That(codes, Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"D-{i:00}")));
    }

    [Test]
    public async Task Get_MarksUnidentifiedSlots_AsNotYetPublic()
    {
        var page = await app.GetDocumentAsync("/deficiencies?survey=NRS-2022");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("td")!.Squash() == "D-12");
        Assert.That(row.Squash(), Does.Contain("Details not yet in this record"));
    }

    [Test]
    public async Task Get_ShowsTheCasesSurvey_WhenNoneIsChosen()
    {
        Assert.That(await Codes("/deficiencies"), Has.Count.EqualTo(20).And.All.StartWith("D-"));
        Assert.That(await Codes("/deficiencies?survey=all"), Has.Count.EqualTo(24));
    }

    [Test]
    public async Task Get_FiltersByArea()
    {
        var codes = await Codes("/deficiencies?survey=NRS-2022&area=Access");
        Assert.That(codes, Is.EqualTo(new[] { "D-01", "D-02" }));
    }

    [Test]
    public async Task Get_FiltersByRegulatorStatus()
    {
        Assert.That(await Codes("/deficiencies?survey=all&status=referred-to-enforcement"), Is.EqualTo(new[] { "R12-03", "R12-04" }));
        Assert.That(await Codes("/deficiencies?survey=NRS-2022&status=not-corrected"), Is.EqualTo(new[] { "D-01" }));
    }

    [Test]
    public async Task Get_Sorts_AndReverses()
    {
        var ascending = await Codes("/deficiencies?survey=NRS-2022&sort=number&dir=asc");
        var descending = await Codes("/deficiencies?survey=NRS-2022&sort=number&dir=desc");
        Assert.That(descending, Is.EqualTo(ascending.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task Get_SaysSoAndShowsAll_WhenAFilterValueIsUnknown()
    {
        var page = await app.GetDocumentAsync("/deficiencies?survey=NRS-2022&status=%3Cscript%3E&area=Nowhere&sort=evil");
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelectorAll("tbody tr"), Has.Length.EqualTo(20));
            Assert.That(page.QuerySelectorAll(".notice").Select(n => n.Squash()), Has.Some.Contains("no regulator status \"<script>\""));
            Assert.That(page.QuerySelectorAll("script"), Is.Empty, "typed markup is shown as text");
        });
    }
}
