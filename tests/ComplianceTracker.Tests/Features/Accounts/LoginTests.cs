using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Accounts;

public class LoginTests
{
    private const string WrongPassword = "not the right password";

    [Test]
    public async Task Post_SignsInAndGoesHome_WhenEmailAndPasswordAreRight()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync(email: "editor@example.org");
        using var client = NewClient(app);

        using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm("Editor@Example.org", TestAccounts.Password), "form#sign-in");
        using var home = await client.GetAsync("/");
        var header = (await TestApp.ParseAsync(home)).QuerySelector("header .account-area")!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
            Assert.That(header.Squash(), Does.Contain(account.DisplayName).And.Contain("Change password").And.Contain("Sign out"));
            Assert.That(header.QuerySelector("a[href='/admin/accounts']"), Is.Null, "an Editor gets no Accounts link");
        });
    }

    [Test]
    public async Task Get_ShowsSignInLinkOnly_WhenAnonymous()
    {
        using var app = new TestApp();
        var header = (await app.GetDocumentAsync("/")).QuerySelector("header .account-area")!;
        Assert.Multiple(() =>
        {
            Assert.That(header.QuerySelector("a[href='/account/login']")!.Squash(), Is.EqualTo("Sign in"));
            Assert.That(header.QuerySelector("form"), Is.Null);
        });
    }

    [Test]
    public async Task Get_ShowsAccountsLink_WhenSignedInAsAdmin()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");
        using var home = await client.GetAsync("/");
        var header = (await TestApp.ParseAsync(home)).QuerySelector("header .account-area")!;
        Assert.That(header.QuerySelector("a[href='/admin/accounts']")!.Squash(), Is.EqualTo("Accounts"));
    }

    [TestCase("/admin/accounts", "/admin/accounts")]
    [TestCase("https://evil.example/", "/")]
    [TestCase("//evil.example/", "/")]
    public async Task Post_RedirectsToReturnUrl_OnlyWhenItIsLocal(string returnUrl, string expected)
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync("Admin");
        using var client = NewClient(app);

        using var response = await client.SubmitAsync(
            "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in");

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(expected));
    }

    [Test]
    public async Task Post_SaysEmailOrPasswordIsWrong_WhenThePasswordIsWrong()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);

        var page = await SignInPageAsync(client, account.Email, WrongPassword);

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("[role=alert]")!.Squash(), Is.EqualTo(LoginModel.RefusedMessage));
            Assert.That(page.QuerySelector<IHtmlInputElement>("#Input_Email")!.Value, Is.EqualTo(account.Email), "email kept");
            Assert.That(page.QuerySelector<IHtmlInputElement>("#Input_Password")!.Value, Is.Empty, "password not sent back");
        });
    }

    [Test]
    public async Task Post_SaysTheSameAsForAWrongPassword_WhenTheEmailHasNoAccount()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);

        var known = await SignInPageAsync(client, account.Email, WrongPassword);
        var unknown = await SignInPageAsync(client, "nobody@example.org", WrongPassword);

        Assert.That(unknown.QuerySelector("main")!.Squash(), Is.EqualTo(known.QuerySelector("main")!.Squash()));
    }

    [TestCase("", "", "Input.Email", "Email is required.")]
    [TestCase("not-an-address", "x", "Input.Email", "Email must be an address like name@example.org.")]
    [TestCase("Someone <a@example.org>", "x", "Input.Email", "Email must be an address like name@example.org.")]
    [TestCase("a@example.org", "", "Input.Password", "Password is required.")]
    public async Task Post_NamesTheField_WhenInputIsMissingOrMalformed(string email, string password, string field, string message)
    {
        using var app = new TestApp();
        using var client = NewClient(app);

        var page = await SignInPageAsync(client, email, password);

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector($"[data-valmsg-for='{field}']")!.Squash(), Is.EqualTo(message));
            Assert.That(page.QuerySelector(".form-errors")!.Squash(), Does.Contain(message));
            Assert.That(page.QuerySelector<IHtmlInputElement>("#Input_Email")!.Value, Is.EqualTo(email), "input kept");
        });
    }

    [Test]
    public async Task Post_NeverAnswers500_ForOddInput()
    {
        using var app = new TestApp();
        await app.CreateAccountAsync(email: "editor@example.org");
        using var client = NewClient(app);
        string[][] inputs =
        [
            [new string('a', 5000) + "@example.org", "x"],
            ["editor@example.org", new string('p', 100_000)],
            ["editor@example.org' OR 1=1 --", "' OR 1=1 --"],
            ["<script>alert(1)</script>@example.org", "\0\u202e"],
            ["ëditor@exämple.org", "😀😀😀😀😀😀😀😀😀😀😀😀"],
        ];
        foreach (var input in inputs)
        {
            using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(input[0], input[1]), "form#sign-in");
            Assert.That((int)response.StatusCode, Is.EqualTo(200), input[0][..Math.Min(40, input[0].Length)]);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain("<script>alert(1)"));
            if (input[1].Contains('\0', StringComparison.Ordinal))
            {
                // The form again naming the field, like any other control character (FormNulGuard), not the framework's bare 400.
                var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(body);
                Assert.That(page.QuerySelector("[data-valmsg-for='Input.Password']")!.Squash(), Does.StartWith("Password cannot contain U+0000"));
            }
        }
    }

    [Test]
    public async Task Post_LocksTheAccountForFifteenMinutes_AfterFiveWrongPasswords()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);

        var messages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            messages.Add((await SignInPageAsync(client, account.Email, WrongPassword)).QuerySelector("[role=alert]")!.Squash());
        }
        var withRightPassword = await SignInPageAsync(client, account.Email, TestAccounts.Password);
        var stored = await app.Services.GetRequiredService<AccountStore>().FindAsync(account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(messages, Is.All.EqualTo(LoginModel.RefusedMessage));
            Assert.That(withRightPassword.QuerySelector("[role=alert]")!.Squash(), Is.EqualTo(LoginModel.RefusedMessage), "the right password is refused while locked");
            Assert.That(stored!.LockedUntil, Is.EqualTo(app.Clock.GetUtcNow().AddMinutes(15)));
        });
    }

    [Test]
    public async Task Post_AnswersALockedAccountAsAnUnknownEmail_SoFiveTriesDoNotRevealAnAccount()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);
        const string nobody = "nobody-here@example.org";

        var known = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            known.Add((await SignInPageAsync(client, account.Email, WrongPassword)).QuerySelector("[role=alert]")!.Squash());
            unknown.Add((await SignInPageAsync(client, nobody, WrongPassword)).QuerySelector("[role=alert]")!.Squash());
        }
        var stored = await app.Services.GetRequiredService<AccountStore>().FindAsync(account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(stored!.LockedUntil, Is.Not.Null, "the account is locked");
            Assert.That(known, Is.EqualTo(unknown), "the same answers, try by try");
            Assert.That(known, Is.All.EqualTo(LoginModel.RefusedMessage));
        });
    }

    [Test]
    public async Task Post_SignsIn_WhenFifteenMinutesHavePassedSinceTheLock()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);
        for (var i = 0; i < 5; i++)
        {
            await SignInPageAsync(client, account.Email, WrongPassword);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await SignInPageAsync(client, account.Email, TestAccounts.Password);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in");
        var stored = await app.Services.GetRequiredService<AccountStore>().FindAsync(account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(stillLocked.QuerySelector("[role=alert]")!.Squash(), Is.EqualTo(LoginModel.RefusedMessage));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(stored!.FailedAttempts, Is.Zero);
            Assert.That(stored.LockedUntil, Is.Null);
        });
    }

    [Test]
    public async Task Post_ForgetsWrongPasswords_WhenASignInSucceeds()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);
        for (var i = 0; i < 4; i++)
        {
            await SignInPageAsync(client, account.Email, WrongPassword);
        }
        using var right = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in");
        using var signedIn = await client.GetAsync("/account/password");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the right password after four wrong ones signs in");
        Assert.That(right.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), "and the session works");
        using var other = NewClient(app);

        await SignInPageAsync(other, account.Email, WrongPassword);
        var stored = await app.Services.GetRequiredService<AccountStore>().FindAsync(account.Id);

        Assert.Multiple(() =>
        {
            Assert.That(stored!.FailedAttempts, Is.EqualTo(1), "the count started again");
            Assert.That(stored.LockedUntil, Is.Null);
        });
    }

    [Test]
    public async Task Post_Answers429_WhenOneAddressTriesTooOften()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Accounts:SignInPermitLimit"] = "3" });
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);

        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, WrongPassword), "form#sign-in");
            codes.Add((int)response.StatusCode);
            if (i == 3)
            {
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Too many sign-in attempts"));
            }
        }
        using var form = await client.GetAsync("/account/login");

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.EqualTo(new[] { 200, 200, 200, 429 }));
            Assert.That((int)form.StatusCode, Is.EqualTo(200), "reading the form is not limited");
        });
    }

    [Test]
    public async Task Post_RefusesWithTheUsualMessage_WhenTheAccountIsDisabled()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        await app.Services.GetRequiredService<AccountStore>().SetDisabledAsync(account.Id, true, Account.NewSecurityStamp());
        using var client = NewClient(app);

        var page = await SignInPageAsync(client, account.Email, TestAccounts.Password);

        Assert.That(page.QuerySelector("[role=alert]")!.Squash(), Is.EqualTo(LoginModel.RefusedMessage));
    }

    [Test]
    public async Task Request_IsSignedOut_WhenTheAccountWasDisabledDuringTheSession()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = await app.SignInAsync(account.Email, TestAccounts.Password);
        using var before = await client.GetAsync("/account/password");

        await app.Services.GetRequiredService<AccountStore>().SetDisabledAsync(account.Id, true, Account.NewSecurityStamp());
        using var after = await client.GetAsync("/account/password");
        using var home = await client.GetAsync("/");

        Assert.Multiple(async () =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.Headers.Location?.AbsolutePath, Is.EqualTo("/account/login"));
            Assert.That((await TestApp.ParseAsync(home)).QuerySelector("header .account-area")!.Squash(), Is.EqualTo("Sign in"));
        });
    }

    [Test]
    public async Task Post_Answers400AndSignsNobodyIn_WithoutAnAntiforgeryToken()
    {
        using var app = new TestApp();
        var account = await app.CreateAccountAsync();
        using var client = NewClient(app);

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(TestAccounts.LoginForm(account.Email, TestAccounts.Password)));
        using var after = await client.GetAsync("/account/password");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        });
    }

    private static HttpClient NewClient(TestApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<IHtmlDocument> SignInPageAsync(HttpClient client, string email, string password)
    {
        using var response = await client.SubmitAsync("/account/login", TestAccounts.LoginForm(email, password), "form#sign-in");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form is shown again");
        return await TestApp.ParseAsync(response);
    }
}
