using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Admin;

public class AccountsTests
{
    private const string Page = "/admin/accounts";
    private const string CreateForm = "form#create-account";

    [Test]
    public async Task Get_RedirectsToSignIn_WhenAnonymous()
    {
        using var app = new TestApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(Page);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.PathAndQuery, Is.EqualTo("/account/login?ReturnUrl=%2Fadmin%2Faccounts"));
        });
    }

    [Test]
    public async Task Get_SendsAnEditorToTheDeniedPage()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Editor");

        using var response = await client.GetAsync(Page);
        using var denied = await client.GetAsync(response.Headers.Location);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/denied"));
            Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await TestApp.ParseAsync(denied)).QuerySelector("h1")!.Squash(), Is.EqualTo("Not allowed"));
        });
    }

    [Test]
    public async Task Post_ChangesNothing_WhenAnEditorPostsTheCreateForm()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Editor");
        // An Editor cannot open the page, so take a valid token from a form the Editor can open.
        using var own = await client.GetAsync("/account/password");
        var token = (await TestApp.ParseAsync(own)).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var fields = CreateFields("sneaky@example.org");
        fields["__RequestVerificationToken"] = token;

        using var response = await client.PostAsync(Page + "?handler=Create", new FormUrlEncodedContent(fields));

        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/denied"));
            Assert.That(await Store(app).FindByEmailAsync("sneaky@example.org"), Is.Null);
        });
    }

    [Test]
    public async Task Get_ListsEveryAccount_ForAnAdmin()
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor", "editor@example.org");
        using var client = await app.SignedInClientAsync("Admin", "admin@example.org");

        var page = await GetPageAsync(client);
        var rows = page.QuerySelectorAll("#accounts tbody tr").Select(r => r.Squash()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(2));
            Assert.That(rows[0], Does.StartWith("admin@example.org Test Admin Admin Active You"));
            Assert.That(rows[1], Does.StartWith("editor@example.org Test Editor Editor Active Disable"));
            Assert.That(page.QuerySelector($"#account-{editor.Id} form button")!.Squash(), Does.StartWith("Disable"));
        });
    }

    [Test]
    public async Task PostCreate_CreatesAnAccountThatCanSignIn()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin", "admin@example.org");

        using var response = await client.SubmitAsync(Page, CreateFields("new.editor@example.org"), CreateForm);
        var page = await GetPageAsync(client);
        var created = await Store(app).FindByEmailAsync("new.editor@example.org");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page.QuerySelector("[role=status]")!.Squash(), Does.StartWith("Created Editor account new.editor@example.org."));
            Assert.That(created!.DisplayName, Is.EqualTo("New Editor"));
            Assert.That(created.Role, Is.EqualTo("Editor"));
            Assert.That(created.CreatedBy, Is.EqualTo("admin@example.org"));
            Assert.That(created.CreatedAt, Is.EqualTo(app.Clock.GetUtcNow()));
            Assert.That(created.PasswordHash, Does.Not.Contain("a long initial password"));
            using var newcomer = await app.SignInAsync("new.editor@example.org", "a long initial password");
            Assert.That((await newcomer.GetAsync("/account/password")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("Input.Email", "", "Email is required.")]
    [TestCase("Input.Email", "no-at-sign.example.org", "Email must be an address like name@example.org.")]
    [TestCase("Input.Email", "two@@example.org", "Email must be an address like name@example.org.")]
    [TestCase("Input.DisplayName", "", "Name is required.")]
    [TestCase("Input.Role", "Owner", "Role must be Editor or Admin.")]
    [TestCase("Input.Password", "", "Initial password is required.")]
    [TestCase("Input.Password", "eleven char", "Initial password must be at least 12 characters.")]
    public async Task PostCreate_NamesTheFieldAndKeepsInput_WhenAFieldIsWrong(string field, string value, string message)
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");
        var fields = CreateFields("kept@example.org");
        fields[field] = value;

        using var response = await client.SubmitAsync(Page, fields, CreateForm);
        var page = await TestApp.ParseAsync(response);
        var form = page.QuerySelector<IHtmlFormElement>(CreateForm)!;

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.QuerySelector($"[data-valmsg-for='{field}']")!.Squash(), Is.EqualTo(message));
            Assert.That(page.QuerySelector(".form-errors")!.Squash(), Does.Contain(message));
            Assert.That(form.QuerySelector<IHtmlInputElement>("#Input_Email")!.Value, Is.EqualTo(fields["Input.Email"]));
            Assert.That(form.QuerySelector<IHtmlInputElement>("#Input_DisplayName")!.Value, Is.EqualTo(fields["Input.DisplayName"]));
            Assert.That(form.QuerySelector<IHtmlInputElement>("#Input_Password")!.Value, Is.Empty, "the password is not sent back");
            Assert.That((await Store(app).ListAsync()).Select(a => a.Email), Does.Not.Contain(fields["Input.Email"]));
        });
    }

    [Test]
    public async Task PostCreate_ListsEveryProblemInTheFormsOrder_LinkedToItsField()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");

        using var response = await client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Input.Email"] = "bad-address",
            ["Input.DisplayName"] = "",
            ["Input.Role"] = "Editor",
            ["Input.Password"] = "short",
        }, CreateForm);
        var links = (await TestApp.ParseAsync(response)).QuerySelectorAll(".form-errors li a");

        Assert.Multiple(() =>
        {
            Assert.That(links.Select(a => a.GetAttribute("href")), Is.EqualTo(new[] { "#Input_Email", "#Input_DisplayName", "#Input_Password" }));
            Assert.That(links.Select(a => a.Squash()), Is.EqualTo(new[]
            {
                "Email must be an address like name@example.org.",
                "Name is required.",
                "Initial password must be at least 12 characters.",
            }));
        });
    }

    [TestCase("Input.Email", 255, "Email must be at most 254 characters.")]
    [TestCase("Input.DisplayName", 101, "Name must be at most 100 characters.")]
    [TestCase("Input.Password", 201, "Initial password must be at most 200 characters.")]
    public async Task PostCreate_NamesTheField_WhenAValueIsTooLong(string field, int length, string message)
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");
        var fields = CreateFields("long@example.org");
        fields[field] = field == "Input.Email" ? new string('a', length - "@example.org".Length) + "@example.org" : new string('a', length);

        using var response = await client.SubmitAsync(Page, fields, CreateForm);
        var page = await TestApp.ParseAsync(response);

        Assert.That(page.QuerySelector($"[data-valmsg-for='{field}']")!.Squash(), Is.EqualTo(message));
    }

    [Test]
    public async Task PostCreate_SaysTheEmailIsTaken_WhenItDiffersOnlyInCase()
    {
        using var app = new TestApp();
        await app.CreateAccountAsync("Editor", "taken@example.org");
        using var client = await app.SignedInClientAsync("Admin");

        using var response = await client.SubmitAsync(Page, CreateFields("Taken@Example.org"), CreateForm);
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(page.QuerySelector("[data-valmsg-for='Input.Email']")!.Squash(), Is.EqualTo("Email is already used by another account."));
            Assert.That(await Store(app).ListAsync(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task PostCreate_Answers400AndCreatesNothing_WithoutAnAntiforgeryToken()
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");

        using var response = await client.PostAsync(Page + "?handler=Create", new FormUrlEncodedContent(CreateFields("forged@example.org")));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Store(app).FindByEmailAsync("forged@example.org"), Is.Null);
        });
    }

    [Test]
    public async Task PostDisable_SignsTheAccountOutAndKeepsItOut_UntilEnabled()
    {
        using var app = new TestApp();
        var editor = await app.CreateAccountAsync("Editor");
        using var editorClient = await app.SignInAsync(editor.Email, TestAccounts.Password);
        using var admin = await app.SignedInClientAsync("Admin");

        using var disable = await admin.SubmitAsync(Page, new Dictionary<string, string>(), $"#account-{editor.Id} form");
        var listed = await GetPageAsync(admin);
        using var editorNext = await editorClient.GetAsync("/account/password");
        var disabled = await Store(app).FindAsync(editor.Id);
        using var enable = await admin.SubmitAsync(Page, new Dictionary<string, string>(), $"#account-{editor.Id} form");
        var enabled = await Store(app).FindAsync(editor.Id);

        Assert.Multiple(() =>
        {
            Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(listed.QuerySelector("[role=status]")!.Squash(), Does.StartWith($"Disabled {editor.Email}"));
            Assert.That(listed.QuerySelector($"#account-{editor.Id}")!.Squash(), Does.Contain("Disabled").And.Contain("Enable"));
            Assert.That(disabled!.IsDisabled, Is.True);
            Assert.That(editorNext.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the open session ends at its next request");
            Assert.That(enabled!.IsDisabled, Is.False);
        });
        using var again = await app.SignInAsync(editor.Email, TestAccounts.Password);
    }

    [Test]
    public async Task PostDisable_Refuses_WhenAnAdminDisablesThemself()
    {
        using var app = new TestApp();
        var admin = await app.CreateAccountAsync("Admin");
        using var client = await app.SignInAsync(admin.Email, TestAccounts.Password);
        using var page = await client.GetAsync(Page);
        var token = (await TestApp.ParseAsync(page)).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

        using var response = await client.PostAsync($"{Page}?handler=Disable&id={admin.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        var answer = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(answer.QuerySelector("[role=alert]")!.Squash(), Does.StartWith("You cannot disable your own account"));
            Assert.That((await Store(app).FindAsync(admin.Id))!.IsDisabled, Is.False);
            Assert.That((await client.GetAsync(Page)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in");
        });
    }

    [TestCase("abc")]
    [TestCase("99999")]
    [TestCase("-1")]
    [TestCase("99999999999999999999999")]
    public async Task PostDisable_Answers404_ForAnUnknownId(string id)
    {
        using var app = new TestApp();
        using var client = await app.SignedInClientAsync("Admin");
        using var page = await client.GetAsync(Page);
        var token = (await TestApp.ParseAsync(page)).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

        using var response = await client.PostAsync($"{Page}?handler=Disable&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static AccountStore Store(TestApp app) => app.Services.GetRequiredService<AccountStore>();

    private static Dictionary<string, string> CreateFields(string email) => new()
    {
        ["Input.Email"] = email,
        ["Input.DisplayName"] = "New Editor",
        ["Input.Role"] = "Editor",
        ["Input.Password"] = "a long initial password",
    };

    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Page);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await TestApp.ParseAsync(response);
    }
}
