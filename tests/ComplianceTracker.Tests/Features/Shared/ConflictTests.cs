using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>
/// Two editors open the same form; the first saves. The second's save overwrites nothing: the form comes back (409)
/// with what was saved meanwhile and with what they typed, and saving again from it goes through.
/// </summary>
public class ConflictTests
{
    private static readonly Dictionary<string, string> NewSource = new()
    {
        ["Input.Source.Title"] = "DMHC enforcement record",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = "https://example.org/enforcement-record",
        ["Input.Source.Kind"] = "regulator-release",
    };

    public static IEnumerable<TestCaseData> Forms()
    {
        yield return new TestCaseData("/deficiencies/D-05/edit", With(NewSource, new()
        {
            ["Input.Title"] = "Grievances not resolved within 30 days",
            ["Input.Reason"] = "The union's excerpt lists it.",
        }), "Input.Reason").SetName("DeficiencyDetails");
        yield return new TestCaseData("/settlement/O-1a/status", With(NewSource, new()
        {
            ["Input.Status"] = "met",
            ["Input.EffectiveOn"] = "2023-10-20",
            ["Input.Reason"] = "The enforcement record shows the payment.",
            ["Input.Confidence"] = "verified",
        }), "Input.Reason").SetName("ObligationStatus");
        yield return new TestCaseData("/settlement/O-1a/ledger", With(NewSource, new()
        {
            ["Input.Entry"] = "paid",
            ["Input.Amount"] = "40000000",
            ["Input.On"] = "2023-10-20",
            ["Input.Confidence"] = "reported",
            ["Input.Note"] = "Paid in one sum.",
        }), "Input.Note").SetName("LedgerEntry");
        yield return new TestCaseData("/sources/fierce_2023/edit", new Dictionary<string, string>
        {
            ["Input.PublishedOn"] = "2023-10-12",
            ["Input.Reason"] = "Date read on the article page.",
        }, "Input.Reason").SetName("SourceDescription");
    }

    [TestCaseSource(nameof(Forms))]
    public async Task Post_IsRefusedWithWhatChanged_AndGoesThroughFromTheRefreshedForm(string url, Dictionary<string, string> change, string typedField)
    {
        using var app = new TestApp();
        using var alice = await app.SignedInClientAsync("Editor", "alice@example.org");
        using var bob = await app.SignedInClientAsync("Editor", "bob@example.org");
        var bobsForm = (IHtmlFormElement)(await TestApp.ParseAsync(await bob.GetAsync(url))).QuerySelector("main form[method=post]")!;

        using var first = await alice.SubmitAsync(url, change);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "Alice saves first");

        var bobs = new Dictionary<string, string>(change) { [typedField] = "Bob's words, still here" };
        // Bob's change differs from Alice's, as a second person's would.
        if (bobs.ContainsKey("Input.PublishedOn"))
        {
            bobs["Input.PublishedOn"] = "2023-10-13";
        }
        if (bobs.ContainsKey("Input.Title"))
        {
            bobs["Input.Title"] = "Grievances left unresolved past 30 days";
        }
        using var second = await bob.PostFormAsync(bobsForm, bobs, url);
        var page = await TestApp.ParseAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("What changed meanwhile:").And.Contain("recorded by Test Editor"), "says what was saved meanwhile, and by whom");
            Assert.That(page.QuerySelector($"[name='{typedField}']") switch
            {
                IHtmlTextAreaElement area => area.Value,
                IHtmlInputElement input => input.Value,
                _ => null,
            }, Is.EqualTo("Bob's words, still here"), "keeps what Bob typed");
        });

        var retryForm = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        using var retry = await bob.PostFormAsync(retryForm, new Dictionary<string, string>(), url);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "saving again from the refreshed form goes through");
    }

    private static Dictionary<string, string> With(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Concat(b).ToDictionary(p => p.Key, p => p.Value);
}
