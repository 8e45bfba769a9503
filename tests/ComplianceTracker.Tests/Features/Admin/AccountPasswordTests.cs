using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Admin;

/// <summary>An Admin gives a new password to someone who cannot sign in.</summary>
public class AccountPasswordTests
{
    private const string NewPassword = "a brand new long password";
    private const string Form = "form#set-password";

    private static string PageOf(long id) => $"/admin/accounts/{id}/password";

    [Test]
    public async Task Post_SetsThePassword_EndsTheirSessions_AndLiftsALock()
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor");
        using var editorSession = await app.SignInAsync(editor.Email, TestAccounts.Password);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await app.CreateClient().SubmitAsync("/account/login", TestAccounts.LoginForm(editor.Email, "not the password at all"), "form#sign-in");
        }
        Assert.That((await Store(app).FindAsync(editor.Id))!.LockedUntil, Is.Not.Null, "locked before");
        using var admin = await app.SignedInClientAsync("Admin");

        using var response = await admin.SubmitAsync(PageOf(editor.Id), Fields(NewPassword, NewPassword), Form);
        using var accounts = await admin.GetAsync("/admin/accounts");
        var listed = await TestApp.ParseAsync(accounts);
        using var oldSession = await editorSession.GetAsync("/account/password");
        var stored = await Store(app).FindAsync(editor.Id);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/admin/accounts"));
            Assert.That(listed.QuerySelector("[role=status]")!.Squash(), Does.StartWith($"Set a new password for {editor.Email}: they are signed out everywhere"));
            Assert.That(oldSession.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "their open session ends at its next request");
            Assert.That(stored!.LockedUntil, Is.Null);
            Assert.That(stored.FailedAttempts, Is.Zero);
        });
        Assert.ThrowsAsync<AssertionException>(() => app.SignInAsync(editor.Email, TestAccounts.Password), "the old password no longer works");
        using var withNew = await app.SignInAsync(editor.Email, NewPassword);
    }

    [TestCase("short", "short", "Input.NewPassword", "New password must be at least 12 characters.")]
    [TestCase("", "", "Input.NewPassword", "New password is required.")]
    [TestCase(NewPassword, "a different long password", "Input.ConfirmPassword", "Confirm new password must match the new password.")]
    public async Task Post_NamesTheFieldAndChangesNothing_WhenThePasswordIsWrong(string password, string confirm, string field, string message)
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor");
        var before = (await Store(app).FindAsync(editor.Id))!;
        using var admin = await app.SignedInClientAsync("Admin");

        using var response = await admin.SubmitAsync(PageOf(editor.Id), Fields(password, confirm), Form);
        var page = await TestApp.ParseAsync(response);
        var after = (await Store(app).FindAsync(editor.Id))!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector($"[data-valmsg-for='{field}']")!.Squash(), Is.EqualTo(message));
            Assert.That(page.QuerySelector(".form-errors")!.Squash(), Does.Contain(message));
            Assert.That(after.PasswordHash, Is.EqualTo(before.PasswordHash));
            Assert.That(after.SecurityStamp, Is.EqualTo(before.SecurityStamp));
        });
    }

    [Test]
    public async Task Get_SendsAnAdminToTheirOwnPasswordPage_WhichAsksForTheCurrentOne()
    {
        using var app = new TestApp();
        var admin = await app.CreateAccountAsync("Admin");
        using var client = await app.SignInAsync(admin.Email, TestAccounts.Password);

        using var response = await client.GetAsync(PageOf(admin.Id));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/account/password"));
        });
    }

    [Test]
    public async Task Post_ChangesNothing_WhenAnEditorPostsTheForm()
    {
        using var app = new TestApp();
        var other = await app.CreateAccountAsync("Editor", "other@example.org");
        var before = (await Store(app).FindAsync(other.Id))!;
        using var editor = await app.SignedInClientAsync("Editor");
        // An Editor cannot open the page, so take a valid token from a form the Editor can open.
        using var own = await editor.GetAsync("/account/password");
        var token = (await TestApp.ParseAsync(own)).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var fields = Fields(NewPassword, NewPassword);
        fields["__RequestVerificationToken"] = token;

        using var get = await editor.GetAsync(PageOf(other.Id));
        using var post = await editor.PostAsync(PageOf(other.Id), new FormUrlEncodedContent(fields));

        Assert.Multiple(async () =>
        {
            Assert.That(get.Headers.Location?.AbsolutePath, Is.EqualTo("/account/denied"));
            Assert.That(post.Headers.Location?.AbsolutePath, Is.EqualTo("/account/denied"));
            Assert.That((await Store(app).FindAsync(other.Id))!.PasswordHash, Is.EqualTo(before.PasswordHash));
        });
    }

    [Test]
    public async Task Post_Answers400AndChangesNothing_WithoutAnAntiforgeryToken()
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor");
        var before = (await Store(app).FindAsync(editor.Id))!;
        using var admin = await app.SignedInClientAsync("Admin");

        using var response = await admin.PostAsync(PageOf(editor.Id), new FormUrlEncodedContent(Fields(NewPassword, NewPassword)));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await Store(app).FindAsync(editor.Id))!.PasswordHash, Is.EqualTo(before.PasswordHash));
        });
    }

    [TestCase("99999")]
    [TestCase("abc")]
    public async Task Get_Answers404_ForAnUnknownAccount(string id)
    {
        using var app = new TestApp();
        using var admin = await app.SignedInClientAsync("Admin");

        using var response = await admin.GetAsync($"/admin/accounts/{id}/password");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AccountsPage_LinksEveryOtherAccountToIt()
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor");
        var admin = await app.CreateAccountAsync("Admin");
        using var client = await app.SignInAsync(admin.Email, TestAccounts.Password);

        using var response = await client.GetAsync("/admin/accounts");
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector($"#account-{editor.Id} a[href='{PageOf(editor.Id)}']")!.Squash(), Is.EqualTo($"Set a new password for {editor.Email}"));
            Assert.That(page.QuerySelector($"#account-{admin.Id} a[href='{PageOf(admin.Id)}']"), Is.Null, "not for oneself");
        });
    }

    private static AccountStore Store(TestApp app) => app.Services.GetRequiredService<AccountStore>();

    private static Dictionary<string, string> Fields(string password, string confirm) => new()
    {
        ["Input.NewPassword"] = password,
        ["Input.ConfirmPassword"] = confirm,
    };
}
