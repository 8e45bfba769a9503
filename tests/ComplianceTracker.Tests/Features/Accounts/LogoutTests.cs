using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features.Accounts;

public class LogoutTests
{
    [Test]
    public async Task Post_SignsOutAndGoesHome()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync();

        using var response = await client.SubmitAsync("/", new Dictionary<string, string>(), "header form#sign-out-form");
        using var after = await client.GetAsync("/account/password");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out");
        });
    }

    [Test]
    public async Task Post_Answers400AndKeepsTheSession_WithoutAnAntiforgeryToken()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync();

        using var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        using var after = await client.GetAsync("/account/password");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in");
        });
    }

    [Test]
    public async Task Get_ShowsAButtonAndDoesNotSignOut()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync();

        using var response = await client.GetAsync("/account/logout");
        var page = await TestApp.ParseAsync(response);
        using var after = await client.GetAsync("/account/password");

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("main form#sign-out button")!.Squash(), Is.EqualTo("Sign out"));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
