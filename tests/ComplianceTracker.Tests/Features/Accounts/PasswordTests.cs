using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Accounts;

public class PasswordTests
{
    private const string NewPassword = "a brand new long passphrase";

    [Test]
    public async Task Get_RedirectsToSignIn_WhenAnonymous()
    {
        using var app = new TestApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/account/password");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.PathAndQuery, Is.EqualTo("/account/login?ReturnUrl=%2Faccount%2Fpassword"));
        });
    }

    [Test]
    public async Task Post_ChangesThePassword_AndKeepsThisSessionSignedIn()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);

        using var response = await client.SubmitAsync("/account/password", Form(TestAccounts.Password, NewPassword, NewPassword), "form#change-password");
        var page = await TestApp.ParseAsync(response);
        using var stillIn = await client.GetAsync("/account/password");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector("[role=status]")!.Squash(), Does.StartWith("Your password was changed."));
            Assert.That(stillIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "this session was signed in again");
            Assert.That(await SignInStatusAsync(app, account.Email, TestAccounts.Password), Is.EqualTo(HttpStatusCode.OK), "old password refused");
            Assert.That(await SignInStatusAsync(app, account.Email, NewPassword), Is.EqualTo(HttpStatusCode.Redirect), "new password works");
        });
    }

    [Test]
    public async Task Post_SignsOutOtherSessions_WhenThePasswordChanges()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var laptop = await app.SignInAsync(account.Email, TestAccounts.Password);
        using var phone = await app.SignInAsync(account.Email, TestAccounts.Password);

        using (await laptop.SubmitAsync("/account/password", Form(TestAccounts.Password, NewPassword, NewPassword), "form#change-password"))
        {
        }
        using var response = await phone.GetAsync("/account/password");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [TestCase("", NewPassword, NewPassword, "Input.CurrentPassword", "Current password is required.")]
    [TestCase("wrong current password", NewPassword, NewPassword, "Input.CurrentPassword", "Current password is wrong.")]
    [TestCase(TestAccounts.Password, "too short", "too short", "Input.NewPassword", "New password must be at least 12 characters.")]
    [TestCase(TestAccounts.Password, TestAccounts.Password, TestAccounts.Password, "Input.NewPassword", "New password must differ from the current password.")]
    [TestCase(TestAccounts.Password, NewPassword, "a different passphrase", "Input.ConfirmPassword", "Confirm new password must match the new password.")]
    public async Task Post_NamesTheFieldAndChangesNothing_WhenInputIsWrong(string current, string next, string confirm, string field, string message)
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);

        using var response = await client.SubmitAsync("/account/password", Form(current, next, confirm), "form#change-password");
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector($"[data-valmsg-for='{field}']")!.Squash(), Is.EqualTo(message));
            Assert.That(page.QuerySelectorAll<IHtmlInputElement>("form#change-password input[type=password]").Select(i => i.Value), Is.All.Empty, "passwords are not sent back");
            Assert.That(await SignInStatusAsync(app, account.Email, TestAccounts.Password), Is.EqualTo(HttpStatusCode.Redirect), "password unchanged");
        });
    }

    private static Dictionary<string, string> Form(string current, string next, string confirm) => new()
    {
        ["Input.CurrentPassword"] = current,
        ["Input.NewPassword"] = next,
        ["Input.ConfirmPassword"] = confirm,
    };

    private static async Task<HttpStatusCode> SignInStatusAsync(TestApp app, string email, string password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(email, password), "form#sign-in");
        return response.StatusCode;
    }

    [Test]
    public async Task Post_WrongCurrentPasswords_CountTowardTheLockout_AndThenTheRightOneIsRefusedToo()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.SubmitAsync("/account/password", Form("not the password at all", NewPassword, NewPassword), "form#change-password");
            Assert.That((await TestApp.ParseAsync(wrong)).QuerySelector(".error-summary, [role=alert]")!.Squash(), Does.Contain("Current password is wrong"));
        }
        using var right = await client.SubmitAsync("/account/password", Form(TestAccounts.Password, NewPassword, NewPassword), "form#change-password");
        var page = await TestApp.ParseAsync(right);
        var stored = await app.Services.GetRequiredService<AccountStore>().FindAsync(account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("[role=status]"), Is.Null, "not changed");
            Assert.That(page.Body!.Squash(), Does.Contain("too many wrong passwords"));
            Assert.That(stored!.LockedUntil, Is.GreaterThan(app.Clock.GetUtcNow()), "the account is locked, as after five wrong sign-ins");
            Assert.That(stored.PasswordHash, Is.EqualTo(account.PasswordHash), "the password is unchanged");
        });
        Assert.That(async () => await app.SignInAsync(account.Email, TestAccounts.Password), Throws.InstanceOf<AssertionException>(), "signing in is refused too while locked");
    }

    [Test]
    public async Task Post_Answers429_WhenTheCurrentPasswordIsTriedTooOften()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Accounts:SignInPermitLimit"] = "3" });
        var account = await app.CreateAccountAsync();
        // The sign-in itself is the first of the three attempts this address may make in the window.
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SubmitAsync("/account/password", Form("wrong guess number " + i, NewPassword, NewPassword), "form#change-password");
            codes.Add((int)response.StatusCode);
        }
        Assert.That(codes, Is.EqualTo(new[] { 200, 200, 429 }));
    }
}
