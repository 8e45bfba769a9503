using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Settlement;

/// <summary>The term status form, as a staffer fills it from a real document.</summary>
public class StatusTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> MetInOctober(string effectiveOn, string sourceDate) => new()
    {
        ["Input.Status"] = "met",
        ["Input.EffectiveOn"] = effectiveOn,
        ["Input.Reason"] = "The enforcement record shows the $40M paid in October 2023.",
        ["Input.Confidence"] = "verified",
        ["Input.Source.Title"] = "DMHC enforcement record",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = "https://example.org/enforcement-" + sourceDate,
        ["Input.Source.PublishedOn"] = sourceDate,
        ["Input.Source.Kind"] = "regulator-release",
    };

    private async Task<int> HistoryCountAsync()
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM StatusChanges sc JOIN Obligations o ON o.Id = sc.SubjectId WHERE sc.SubjectType = 'obligation' AND o.Code = 'O-1a'");
    }

    [TestCase("2023-10", "month", "October 2023", "Oct 2023")]
    [TestCase("2023", "year", "2023", "2023")]
    public async Task Post_KeepsTheDateAtThePrecisionTheSourceGives_AndPagesShowItSo(string typed, string precision, string full, string short_)
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/settlement/O-1a/status", MetInOctober(typed, "2023-10-20"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        await using (var connection = await app.Database.OpenAsync())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT EffectivePrecision FROM StatusChanges ORDER BY Id DESC LIMIT 1"), Is.EqualTo(precision));
        }
        var settlement = await app.GetDocumentAsync("/settlement");
        var term = settlement.GetElementById("O-1a")!.Squash();
        Assert.Multiple(() =>
        {
            Assert.That(term, Does.Contain($"{full}: Unknown → Met").And.Not.Match(@"(?<!\d)1 (October|January) 2023"), "never the first day for a month or year");
            Assert.That(settlement.QuerySelectorAll("td[data-label='Last status change']").Select(td => td.Squash()), Has.Some.EqualTo(short_));
        });
    }

    [Test]
    public async Task Get_PresetsNoConfidence_AndPostWithoutOneIsRefusedNamingTheField()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var get = await TestApp.ParseAsync(await client.GetAsync("/settlement/O-1a/status"));
        Assert.Multiple(() =>
        {
            Assert.That(get.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().Where(r => r.IsChecked), Is.Empty);
            Assert.That(((IHtmlSelectElement)get.QuerySelector("select[name='Input.Source.Kind']")!).Value, Is.Empty, "a new source's kind is not assumed");
        });

        var form = MetInOctober("2023-10-20", "2023-10-20");
        form.Remove("Input.Confidence");
        using var response = await client.SubmitAsync("/settlement/O-1a/status", form);
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_Confidence")!.Squash(), Does.Contain("Confidence is required"));
            Assert.That(page.QuerySelector("[name='Input.EffectiveOn']")!.GetAttribute("value"), Is.EqualTo("2023-10-20"));
            Assert.That(await HistoryCountAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task Post_AsksForConfirmation_WhenTheStatusTakesEffectAfterItsSourceIsDated_AndSavesOnceConfirmed()
    {
        using var client = await app.SignedInClientAsync("Editor");
        // The settlement's announcement of 12 October cannot say the payment due on 21 October was made.
        var form = MetInOctober("2023-10-21", "2023-10-12");

        using var refused = await client.SubmitAsync("/settlement/O-1a/status", form);
        var page = await TestApp.ParseAsync(refused);
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_ConfirmAfterSource_error")!.Squash(), Does.Contain(
                "The source is dated 12 October 2023 but the status takes effect 21 October 2023: a source cannot usually attest to what happened after it was written."));
            Assert.That(((IHtmlInputElement)page.GetElementById("Input_ConfirmAfterSource")!).IsChecked, Is.False);
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Status']")!).Value, Is.EqualTo("met"));
            Assert.That(await HistoryCountAsync(), Is.Zero);
        });

        var returned = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        using var saved = await client.PostFormAsync(returned, new Dictionary<string, string> { ["Input.ConfirmAfterSource"] = "true" }, "/settlement/O-1a/status");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That(await HistoryCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_AsksForConfirmation_WhenAPickedSourceOnFileIsOlderThanTheStatus()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = MetInOctober("2026-11-20", "");
        foreach (var key in form.Keys.Where(k => k.StartsWith("Input.Source.", StringComparison.Ordinal)).ToList())
        {
            form.Remove(key);
        }
        form["Input.Source.Search"] = "Kaiser has to fix care";
        form["Input.Confidence"] = "reported";

        using var refused = await client.SubmitAsync("/settlement/O-1a/status", form);
        var page = await TestApp.ParseAsync(refused);
        Assert.That(page.GetElementById("Input_ConfirmAfterSource_error")!.Squash(), Does.Contain("The source is dated March 2025 but the status takes effect 20 November 2026"));
    }
}
