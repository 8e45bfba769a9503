using System.Diagnostics;
using System.Net;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// Two app nodes on one database, as behind a proxy: what one node does, the other honours
/// (docs/several-machines.md). Editions across nodes: Features/Reports/SeveralNodesTests.
/// </summary>
public sealed class SeveralNodesTests
{
    [Test]
    public async Task SignIn_OnOneNode_IsHonouredByTheOther()
    {
        using var a = new TestApp();
        using var b = a.SecondNode();
        var account = await a.CreateAccountAsync("Editor");
        // One browser: the same cookies go to whichever node the proxy picks.
        var jar = new System.Net.CookieContainer();
        using var onA = a.CreateDefaultClient(new CookieContainerHandler(jar));
        using var onB = b.CreateDefaultClient(new CookieContainerHandler(jar));

        using var signIn = await onA.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in");
        using var page = await onB.GetAsync("/account/password");

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in on A");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "B reads A's cookie and lets the editor in");
    }

    [Test]
    public async Task CachedPage_OnOneNode_ShowsAWriteOnTheOther_WithinASecond()
    {
        TestDatabases.RequirePostgres();
        using var a = new TestApp();
        using var b = a.SecondNode();
        using var reader = b.CreateClient();
        Assert.That(await HeadlineAsync(reader), Does.Contain("19 of 20"));
        Assert.That(await HeadlineAsync(reader), Does.Contain("19 of 20"), "now cached on B");

        using var editor = await a.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "DMHC letter says corrected");
        var written = Stopwatch.StartNew();

        string headline;
        do
        {
            headline = await HeadlineAsync(reader);
        }
        while (!headline.Contains("18–19 of 20", StringComparison.Ordinal) && written.Elapsed < TimeSpan.FromSeconds(3));
        Assert.That(headline, Does.Contain("18–19 of 20"));
        Assert.That(written.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)), "B's cache refreshed within about a second");
    }

    private static async Task<string> HeadlineAsync(HttpClient client) =>
        (await TestApp.ParseAsync(await client.GetAsync("/"))).QuerySelector("main")!.Squash();
}
