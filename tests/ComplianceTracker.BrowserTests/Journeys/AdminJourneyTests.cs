using ComplianceTracker.BrowserTests.Support;
using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceTracker.BrowserTests.Journeys;

/// <summary>
/// An administrator manages who may sign in and when editions are made: creates an editor, disables them (and they
/// can no longer sign in), and moves the weekly report, which the background-jobs dashboard then shows.
/// </summary>
public sealed class AdminJourneyTests : BrowserTest
{
    private string adminEmail = "";

    [OneTimeSetUp]
    public async Task CreateTheFirstAdmin() => adminEmail = (await App.CreateAccountAsync("Admin")).Email;

    [Test]
    public async Task Admin_CreatesAndDisablesAnEditor_WhoThenCannotSignIn()
    {
        var admin = await NewPageAsync();
        await SignInAsync(admin, adminEmail);
        await Navigation.FollowAsync(admin.GetByRole(AriaRole.Link, new() { Name = "Accounts" }), @"/admin/accounts");

        const string email = "new.editor@example.org";
        const string password = "a long initial password";
        var form = admin.Locator("form#create-account");
        await form.GetByLabel("Email").FillAsync(email);
        await form.GetByLabel("Name").FillAsync("New Editor");
        await form.GetByLabel("Role").SelectOptionAsync("Editor");
        await form.GetByLabel("Initial password").FillAsync(password);
        await Forms.SubmitAsync(admin, "Create account");
        await Expect(admin.Locator(".form-done")).ToContainTextAsync($"Created Editor account {email}.");
        var row = admin.Locator("#accounts tbody tr", new() { HasText = email });
        await Expect(row.Locator("td[data-label='Role']")).ToHaveTextAsync("Editor");
        await Expect(row.Locator("td[data-label='State']")).ToHaveTextAsync("Active");
        await ScreenshotAsync(admin, "1-created");

        // The new editor signs in, and is signed in.
        var editor = await NewPageAsync();
        await SignInAsync(editor, email, password);
        await Expect(editor.Locator("header .who")).ToHaveTextAsync("New Editor");

        await Navigation.FollowAsync(row.GetByRole(AriaRole.Button, new() { Name = $"Disable {email}" }), @"/admin/accounts");
        await Expect(admin.Locator(".form-done")).ToHaveTextAsync($"Disabled {email}: they are signed out and cannot sign in.");
        await Expect(admin.Locator("#accounts tbody tr", new() { HasText = email }).Locator("td[data-label='State']")).ToHaveTextAsync("Disabled");
        await ScreenshotAsync(admin, "2-disabled");

        // Signed out at their next request, and refused at the sign-in form with the same answer as a wrong password.
        await editor.GotoAsync("/deficiencies/D-05/assess");
        Assert.That(Navigation.PathAndQuery(editor), Does.StartWith("/account/login?"));
        await Expect(editor.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await SignInAsync(editor, email, password);
        Assert.That(new Uri(editor.Url).AbsolutePath, Is.EqualTo("/account/login"));
        await Expect(editor.Locator(".form-errors")).ToHaveTextAsync(LoginModel.RefusedMessage);
        await Expect(editor.Locator("header .who")).ToHaveCountAsync(0);
        await ScreenshotAsync(editor, "3-refused");
    }

    [Test]
    public async Task Admin_ChangesTheWeeklySchedule_AndTheJobsDashboardShowsIt()
    {
        const string cron = "30 6 * * 2";
        var page = await NewPageAsync();
        await SignInAsync(page, adminEmail);
        await page.GotoAsync("/reports");
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Report schedules" }), @"/admin/schedules");

        var weekly = page.GetByRole(AriaRole.Group, new() { Name = "Weekly status report" });
        await weekly.GetByLabel("Cron").FillAsync(cron);
        await ScreenshotAsync(page, "1-schedules");
        await Forms.SubmitAsync(page, "Save schedules");
        await Expect(page.Locator(".saved")).ToHaveTextAsync("Saved the weekly status report schedule; the jobs now run on it.");
        await Expect(weekly.GetByLabel("Cron")).ToHaveValueAsync(cron);
        await ScreenshotAsync(page, "2-saved");

        var jobs = await page.GotoAsync("/jobs/recurring");
        Assert.That(jobs!.Status, Is.EqualTo(200));
        var job = page.Locator("tr", new() { HasText = "status-report-weekly" });
        await Expect(job).ToHaveCountAsync(1);
        await Expect(job).ToContainTextAsync(cron);
        await Expect(page.Locator("tr", new() { HasText = "status-report-monthly" })).ToContainTextAsync("0 7 1 * *");
        await ScreenshotAsync(page, "3-jobs-dashboard");
    }

    [Test]
    public async Task JobsDashboard_RefusesEditors()
    {
        var editor = await App.CreateAccountAsync("Editor");
        var page = await NewPageAsync();
        await SignInAsync(page, editor.Email);
        var response = await page.GotoAsync("/jobs/recurring");
        Assert.That(response!.Status, Is.EqualTo(403));
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/account/denied"));
        await Expect(page.Locator("tr", new() { HasText = "status-report-weekly" })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Hangfire's buttons post from its own script with the antiforgery token it reads from the page; a token the
    /// script cannot find, or a script the page's Content-Security-Policy blocks, leaves a button that does nothing (or
    /// a 400) only a browser shows. So: a real press in Chromium, and the job it queues publishes an edition.
    /// </summary>
    [Test]
    public async Task JobsDashboard_TriggerNow_QueuesTheJob_WhichPublishes_WhenAnAdminPressesIt()
    {
        var page = await NewPageAsync();
        var refused = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Request.Method == "POST" && r.Status >= 400)
            {
                refused.Add($"{r.Status} {r.Url}");
            }
        };
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        await SignInAsync(page, adminEmail);
        var response = await page.GotoAsync("/jobs/recurring");
        Assert.That(response!.Status, Is.EqualTo(200));

        var monthly = page.Locator("tr", new() { HasText = StatusReportJob.MonthlyId });
        var trigger = page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" });
        await Expect(trigger).ToBeDisabledAsync();
        await monthly.Locator("input[type=checkbox]").CheckAsync();
        await Expect(trigger).ToBeEnabledAsync();
        await ScreenshotAsync(page, "1-chosen");

        // The script posts, then reloads the page when the server says it is done.
        var post = await page.RunAndWaitForResponseAsync(() => trigger.ClickAsync(), r => r.Request.Method == "POST" && r.Url.Contains("/jobs/recurring/trigger", StringComparison.Ordinal));
        Assert.That(post.Status, Is.EqualTo(204), "the dashboard accepted the press (not a 400 for a missing antiforgery token)");
        await page.WaitForLoadStateAsync(LoadState.Load);
        await ScreenshotAsync(page, "2-triggered");

        var editions = App.Services.GetRequiredService<EditionStore>();
        var until = DateTime.UtcNow.AddMinutes(1);
        Edition? published = null;
        while (published is null && DateTime.UtcNow < until)
        {
            published = (await editions.ListAsync()).FirstOrDefault(e => e.Trigger == StatusReportJob.MonthlyId);
            await Task.Delay(200);
        }
        Assert.Multiple(() =>
        {
            Assert.That(published, Is.Not.Null, "the triggered monthly job ran and published its edition");
            Assert.That(refused, Is.Empty, "no dashboard post was refused");
            Assert.That(scriptErrors, Is.Empty, "the dashboard's script ran without an error");
        });
    }

    [Test]
    public async Task JobsDashboard_SendsAnonymousReadersToSignIn()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/jobs/recurring");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/account/login"));
        await Expect(page.Locator("tr", new() { HasText = StatusReportJob.WeeklyId })).ToHaveCountAsync(0);
        var post = await page.APIRequest.PostAsync("/jobs/recurring/trigger", new() { Form = page.APIRequest.CreateFormData().Set("jobs[]", StatusReportJob.MonthlyId), MaxRedirects = 0 });
        Assert.That(post.Status, Is.AnyOf(302, 401, 403), "a press without signing in is refused");
    }
}
