using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>Every date field of every form takes the years 1900–2100 only, names itself when refusing, and keeps what was typed.</summary>
public class DateBoundsTests
{
    private static TestApp app = null!;
    private static HttpClient editor = null!;

    [OneTimeSetUp]
    public static async Task Start()
    {
        app = new TestApp();
        editor = await app.SignedInClientAsync("Editor");
    }

    [OneTimeTearDown]
    public static void Stop()
    {
        editor.Dispose();
        app.Dispose();
    }

    private static readonly Dictionary<string, string> NewSource = new()
    {
        ["Input.Source.Title"] = "DMHC letter",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = "https://example.org/bounds-letter",
        ["Input.Source.Kind"] = "regulator-release",
    };

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var bad in new[] { "9999-12", "9999-12-31", "0001", "0001-01-01", "1899-12-31", "2101" })
        {
            yield return new TestCaseData("/timeline/new", "Input.Date", bad, "Date must be in the years 1900 to 2100",
                new Dictionary<string, string>(NewSource)
                {
                    ["Input.Kind"] = "deadline",
                    ["Input.DeadlineType"] = "due",
                    ["Input.Title"] = "t",
                    ["Input.Status"] = "open",
                    ["Input.Confidence"] = "inferred"
                })
                .SetName($"Timeline date {bad}");
        }
        yield return new TestCaseData("/timeline/E-2024-08/edit", "Input.AlternateDate", "9999-12", "Other date must be in the years 1900 to 2100",
            new Dictionary<string, string>(NewSource) { ["Input.AlternateNote"] = "n", ["Input.Reason"] = "r" }).SetName("Timeline other date 9999-12");
        yield return new TestCaseData("/deficiencies/D-05/assess", "Input.EffectiveOn", "0001-01-01", "Effective date must be in the years 1900 to 2100",
            new Dictionary<string, string>(NewSource) { ["Input.Assessment"] = "regulator:corrected", ["Input.Reason"] = "r", ["Input.Confidence"] = "verified" })
            .SetName("Assessment effective date 0001-01-01");
        yield return new TestCaseData("/settlement/O-1a/status", "Input.EffectiveOn", "1899-12-31", "Effective date must be in the years 1900 to 2100",
            new Dictionary<string, string>(NewSource) { ["Input.Status"] = "met", ["Input.Reason"] = "r", ["Input.Confidence"] = "verified" })
            .SetName("Settlement status effective date 1899-12-31");
        yield return new TestCaseData("/settlement/O-1a/ledger", "Input.On", "9999", "Date must be in the years 1900 to 2100",
            new Dictionary<string, string>(NewSource) { ["Input.Entry"] = "paid", ["Input.Amount"] = "5", ["Input.Confidence"] = "verified" })
            .SetName("Ledger date 9999");
        yield return new TestCaseData("/sources/new", "Input.PublishedOn", "0001", "Date must be in the years 1900 to 2100",
            new Dictionary<string, string> { ["Input.Title"] = "t", ["Input.Publisher"] = "p", ["Input.Url"] = "https://example.org/bounds", ["Input.Kind"] = "regulator-release" })
            .SetName("Source date 0001");
        yield return new TestCaseData("/timeline/new", "Input.Source.PublishedOn", "9999-12-31", "New source date must be in the years 1900 to 2100",
            new Dictionary<string, string>(NewSource)
            {
                ["Input.Kind"] = "deadline",
                ["Input.DeadlineType"] = "due",
                ["Input.Title"] = "t",
                ["Input.Date"] = "2027-01",
                ["Input.Status"] = "open",
                ["Input.Confidence"] = "inferred"
            })
            .SetName("New source date 9999-12-31");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Form_RefusesADateOutsideTheBounds_NamingTheField_AndKeepsIt(string url, string field, string value, string message, Dictionary<string, string> rest)
    {
        var form = new Dictionary<string, string>(rest) { [field] = value };
        using var response = await editor.SubmitAsync(url, form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the form again, not a redirect or a 500");
        Assert.That(page.QuerySelector(".error-summary")?.Squash(), Does.Contain(message));
        Assert.That(page.QuerySelector($"[name='{field}']")?.GetAttribute("value"), Is.EqualTo(value));
    }

    [TestCase("1900-01-01")]
    [TestCase("2100-12")]
    public async Task Timeline_AcceptsTheBoundsThemselves(string date)
    {
        var form = new Dictionary<string, string>(NewSource)
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "At the bound",
            ["Input.Date"] = date,
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "inferred",
            ["Input.Source.Url"] = "https://example.org/bound-" + date,
        };
        using var response = await editor.SubmitAsync("/timeline/new", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }
}
