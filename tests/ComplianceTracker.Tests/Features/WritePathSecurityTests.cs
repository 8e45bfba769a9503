using System.Net;
using System.Reflection;
using ComplianceTracker.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features;

/// <summary>Every form that writes needs an Editor (or Admin), a valid antiforgery token, and nothing else gets through.</summary>
public class WritePathSecurityTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    public static readonly string[] EditPages =
    [
        "/deficiencies/D-05/assess",
        "/deficiencies/D-05/edit",
        "/settlement/O-1a/status",
        "/settlement/O-1a/ledger",
        "/timeline/new",
        "/timeline/E-2024-08/edit",
        "/sources/new",
        "/sources/fierce_2023/edit",
    ];

    private static readonly Dictionary<string, string> Everything = new()
    {
        ["Input.Assessment"] = "regulator:corrected",
        ["Input.Status"] = "met",
        ["Input.EffectiveOn"] = "2026-01-01",
        ["Input.Reason"] = "attempt",
        ["Input.Confidence"] = "verified",
        ["Input.Title"] = "Injected title",
        ["Input.Publisher"] = "x",
        ["Input.Url"] = "https://example.org/injected",
        ["Input.Kind"] = "event",
        ["Input.Date"] = "2026-01-01",
        ["Input.Entry"] = "paid",
        ["Input.Amount"] = "1",
        ["Input.On"] = "2026-01-01",
        ["Input.Source.Title"] = "x",
        ["Input.Source.Publisher"] = "x",
        ["Input.Source.Url"] = "https://example.org/injected-source",
    };

    private static async Task<long[]> WrittenRowsAsync()
    {
        await using var connection = await app.Database.OpenAsync();
        return
        [
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM StatusChanges"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM FieldEdits"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM LedgerEntries"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM TimelineItems"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Sources"),
            await connection.ExecuteScalarAsync<long>("SELECT SUM(Version) FROM Deficiencies") + await connection.ExecuteScalarAsync<long>("SELECT SUM(Version) FROM Obligations"),
        ];
    }

    [TestCaseSource(nameof(EditPages))]
    public async Task Anonymous_IsSentToSignIn_AndChangesNothing(string url)
    {
        var before = await WrittenRowsAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var get = await client.GetAsync(url);
        using var post = await client.PostAsync(url, new FormUrlEncodedContent(Everything));

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(get.Headers.Location!.ToString(), Does.Contain("/account/login"));
        Assert.That((int)post.StatusCode, Is.AnyOf(302, 400));
        Assert.That(await WrittenRowsAsync(), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(EditPages))]
    public async Task Editor_WithoutAntiforgeryToken_ChangesNothing(string url)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var before = await WrittenRowsAsync();

        using var post = await client.PostAsync(url, new FormUrlEncodedContent(Everything));

        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await WrittenRowsAsync(), Is.EqualTo(before));
    }

    [TestCaseSource(nameof(EditPages))]
    public async Task Editor_GetsTheForm(string url)
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var get = await client.GetAsync(url);
        var page = await TestApp.ParseAsync(get);
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]"), Is.Not.Null);
    }

    [TestCaseSource(nameof(EditPages))]
    public async Task Editor_OddValues_NeverGet500(string url)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var odd = Everything.ToDictionary(p => p.Key, p => p.Value);
        odd["Input.Version"] = "not-a-number";
        odd["Input.Corrects"] = "-1";
        odd["Input.Source.ExistingId"] = "99999999";
        odd["Input.Amount"] = "99999999999999999999999";
        odd["Input.Date"] = "0000-00";
        odd["Input.Reason"] = new string('x', 100_000);
        using var response = await client.SubmitAsync(url, odd);
        Assert.That((int)response.StatusCode, Is.LessThan(500));
    }

    /// <summary>Hostile values for every field of every form at once: the answer is the form again (or a conflict), never a 500, never a write.</summary>
    public static IEnumerable<TestCaseData> HostileValues()
    {
        var values = new (string Name, string Value)[]
        {
            ("year 0001", "0001-01-01"),
            ("year 9999", "9999-12-31"),
            ("month 9999-12", "9999-12"),
            ("year 0001 alone", "0001"),
            ("bell", "bell\u0007"),
            ("escape", "\u001B[2J"),
            ("U+FFFF", "x\uFFFF"),
            ("formula", "=HYPERLINK(\"http://example.org\",\"x\")"),
            ("at formula", "@SUM(A1)"),
            ("money $$5", "$$5"),
            ("money 12,50", "12,50"),
            ("cron every minute", "* * * * *"),
            ("cron never", "0 0 30 2 *"),
        };
        foreach (var url in EditPages)
        {
            foreach (var (name, value) in values)
            {
                yield return new TestCaseData(url, value).SetName($"Editor_HostileValue_NeverGet500_NorWrite({url}, {name})");
            }
        }
    }

    [TestCaseSource(nameof(HostileValues))]
    public async Task Editor_HostileValue_NeverGet500_NorWrite(string url, string value)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var hostile = Everything.ToDictionary(p => p.Key, _ => value);
        var before = await WrittenRowsAsync();
        using var response = await client.SubmitAsync(url, hostile);
        Assert.That((int)response.StatusCode, Is.AnyOf(400, 409), "refused with the form");
        Assert.That(await WrittenRowsAsync(), Is.EqualTo(before), "nothing was written");
    }

    [TestCase("* * * * *")]
    [TestCase("0 0 30 2 *")]
    [TestCase("0 7 * * 1\u001B", TestName = "{m}(0 7 * * 1 U+001B)")]
    [TestCase("=1+1")]
    public async Task Admin_HostileSchedule_IsRefused_NeverA500(string cron)
    {
        using var client = await app.SignedInClientAsync("Admin");
        using var response = await client.SubmitAsync("/admin/schedules", new Dictionary<string, string> { ["Input[0].Cron"] = cron });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form again with a message");
        Assert.That((await TestApp.ParseAsync(response)).QuerySelector(".error-summary"), Is.Not.Null);
    }

    [TestCase("/error/99999")]
    [TestCase("/error/204")]
    [TestCase("/error/302")]
    [TestCase("/error/9999999999")]
    [TestCase("/error/abc")]
    public async Task Anyone_OddErrorAddress_IsAPlain404(string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void EveryPageThatAcceptsPosts_RequiresAuthorization_UnlessItSaysOtherwise()
    {
        var pages = typeof(ComplianceTracker.Web.Infrastructure.Database).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            .ToList();

        Assert.That(pages, Is.Not.Empty);
        foreach (var page in pages)
        {
            var authorized = page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any();
            var anonymous = page.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).Any();
            Assert.That(authorized || anonymous, Is.True, $"{page.Name} accepts posts but says nothing about who may post");
        }
    }
}
