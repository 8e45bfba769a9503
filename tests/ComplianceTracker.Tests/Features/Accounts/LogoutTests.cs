using System.Net;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

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

    /// <summary>Signs in by hand, without a cookie jar, and returns the sign-in cookie as a browser would send it.</summary>
    private static async Task<string> SignInCookieAsync(TestApp app, string email)
    {
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var form = await raw.GetAsync("/account/login");
        var antiforgery = Cookies(form);
        var token = (await TestApp.ParseAsync(form)).QuerySelector("form#sign-in input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(TestAccounts.LoginForm(email, TestAccounts.Password)) { ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var signedIn = await raw.SendAsync(post);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return Cookies(signedIn);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    private static async Task<HttpStatusCode> GetWithCookieAsync(TestApp app, string cookie, string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task Post_EndsTheSessionOnTheServer_SoACopiedCookieStopsWorking()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        var copied = await SignInCookieAsync(app, account.Email);
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);
        Assert.That(await GetWithCookieAsync(app, copied, "/account/password"), Is.EqualTo(HttpStatusCode.OK), "the copy works while signed in");

        using var signOut = await client.SubmitAsync("/", new Dictionary<string, string>(), "header form#sign-out-form");
        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await GetWithCookieAsync(app, copied, "/account/password"), Is.EqualTo(HttpStatusCode.Redirect), "the copied cookie no longer signs anyone in");
        using var again = await app.SignInAsync(account.Email, TestAccounts.Password);
        using var page = await again.GetAsync("/account/password");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "signing in again works");
    }
}
