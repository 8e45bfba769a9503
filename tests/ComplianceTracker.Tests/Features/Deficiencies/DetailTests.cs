using System.Net;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Deficiencies;

public class DetailTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    [Test]
    public async Task Get_ShowsFindingAssessmentsAndSources()
    {
        var page = await app.GetDocumentAsync("/deficiencies/D-01");
        var assessments = page.QuerySelectorAll(".assessment").ToDictionary(a => a.QuerySelector("h3")!.Squash(), a => a.Squash());

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Does.StartWith("D-01: Non-urgent"));
            Assert.That(page.QuerySelector("dl.facts")!.Squash(), Does.Contain("Legal citation Not stated in any source found"));
            Assert.That(assessments["Regulator"], Does.Contain("Not corrected").And.Contain("Inferred"));
            Assert.That(assessments["Health plan"], Does.Contain("No individual assessment"));
            Assert.That(assessments["Union"], Does.Contain("No individual assessment"));
            Assert.That(page.QuerySelectorAll("table tbody tr"), Has.Length.EqualTo(1), "history");
            Assert.That(page.QuerySelectorAll("ul.sources li"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Get_ShowsAnUnidentifiedSlot_AsNotYetInThisRecord_WithTheAggregateFinding()
    {
        var page = await app.GetDocumentAsync("/deficiencies/D-09");
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("D-09: Details not yet in this record"));
            Assert.That(page.QuerySelector(".assessment")!.Squash(), Does.Contain("19 not corrected, 1 corrected of 20"));
        });
    }

    [Test]
    public async Task Get_ShowsFullHistory_ForAHistoricalDeficiency()
    {
        var page = await app.GetDocumentAsync("/deficiencies/R12-03");
        var history = page.QuerySelectorAll("table tbody tr").Select(r => r.Squash()).ToList();
        Assert.That(history, Has.Count.EqualTo(2));
        // Cited in 2013 ("found"), then referred to enforcement by DMHC's own 2015 release.
        Assert.That(history[0], Does.Contain("Found → Referred to enforcement").And.Contain("Verified · the regulator's own document"));
        Assert.That(history[1], Does.Contain("Reported · from a news story"));
    }

    [Test]
    public async Task Get_RedirectsABareNumber_ToThePermalink()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/deficiencies/7");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/deficiencies/D-07"));
    }

    [TestCase("/deficiencies/D-21")]
    [TestCase("/deficiencies/21")]
    [TestCase("/deficiencies/D-00")]
    [TestCase("/deficiencies/99999999999999999999")]
    public async Task Get_AnswersAHelpful404_ForAnUnknownNumber(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        var page = await TestApp.ParseAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("Nothing here"));
        Assert.That(page.QuerySelectorAll("main a[href='/deficiencies']"), Is.Not.Empty);
    }
}

/// <summary>An inferred status carries its mark, not only its word: the caution class, and the icon the stylesheet gives it.</summary>
public sealed class InferredMarkTests
{
    [Test]
    public async Task AnInferredStatus_IsMarked_WithTheCautionClassAndIcon_OnTheItemAndInTheList()
    {
        using var app = new TestApp();
        var item = await app.GetDocumentAsync("/deficiencies/D-01");
        var list = await app.GetDocumentAsync("/deficiencies");
        using var client = app.CreateClient();
        var href = item.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var css = await client.GetStringAsync(href);

        var onItem = item.QuerySelectorAll(".prov").Where(p => p.Squash().StartsWith("Inferred", StringComparison.Ordinal)).ToList();
        var inList = list.QuerySelectorAll("tr").First(r => r.Squash().Contains("D-01", StringComparison.Ordinal)).QuerySelectorAll(".prov")
            .Where(p => p.Squash().StartsWith("Inferred", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(onItem, Is.Not.Empty);
            Assert.That(onItem.All(p => p.ClassList.Contains("prov-caution")), Is.True, "every inferred mark on the item page has the caution class");
            Assert.That(inList, Is.Not.Empty);
            Assert.That(inList.All(p => p.ClassList.Contains("prov-caution")), Is.True, "and in the list");
            Assert.That(System.Text.RegularExpressions.Regex.IsMatch(css, @"\.prov-caution::before\s*\{\s*content:\s*""⚠ """), Is.True, "the caution class draws the warning icon");
        });
    }
}
