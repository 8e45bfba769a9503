using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Accessibility;

/// <summary>axe-core finds no serious or critical WCAG 2.1 AA violation on any public page or editor form.</summary>
public sealed class AxeTests : BrowserTest
{
    public static readonly string[] PublicPages =
    [
        "/", "/deficiencies", "/deficiencies/D-01", "/deficiencies/D-09", "/settlement", "/timeline", "/sources", "/brief",
        "/changes", "/data", "/reports", "/reports/current", "/reports/1/changes", "/account/login",
    ];

    public static readonly string[] EditorForms =
    [
        "/deficiencies/D-05/assess", "/deficiencies/D-05/edit", "/settlement/O-1/status", "/settlement/O-1/ledger",
        "/timeline/new", "/timeline/DL-CONSULTATION-END/edit", "/sources/new", "/sources/dmhc_pr_2023/edit",
        "/account/password", "/admin/accounts", "/admin/schedules", "/reports/publish",
    ];

    private string adminEmail = "";

    [OneTimeSetUp]
    public async Task PublishFirstEditionAndAddAdmin()
    {
        await App.WaitForEditionAsync(1);
        adminEmail = (await App.CreateAccountAsync("Admin")).Email;
    }

    [Test]
    public async Task Axe_FindsViolations_OnAPageThatHasThem()
    {
        // Guards the check itself: a page with an unlabelled field and low-contrast text must not pass.
        var page = await NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main>
            <p style="color:#bbb;background:#fff">faint text</p><input type="text"></main></body></html>
            """);
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.That(violations, Has.Some.Contains("color-contrast").And.Some.Contains("label"));
    }

    [TestCaseSource(nameof(PublicPages))]
    public async Task PublicPage_HasNoSeriousViolations(string url)
    {
        var page = await NewPageAsync();
        var response = await page.GotoAsync(url);
        Assert.That(response!.Status, Is.EqualTo(200), url);
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Test]
    public async Task NotFoundPage_HasNoSeriousViolations()
    {
        var page = await NewPageAsync();
        var response = await page.GotoAsync("/deficiencies/D-99");
        Assert.That(response!.Status, Is.EqualTo(404));
        await Axe.AssertNoSeriousViolationsAsync(page);
        await ScreenshotAsync(page, "404");
    }

    [TestCaseSource(nameof(EditorForms))]
    public async Task EditorForm_HasNoSeriousViolations(string url)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, adminEmail);
        var response = await page.GotoAsync(url);
        Assert.That(response!.Status, Is.EqualTo(200), url);
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Test]
    public async Task EditorForm_HasNoSeriousViolations_WhenShowingErrors()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, adminEmail);
        await page.GotoAsync("/deficiencies/D-05/assess");
        var response = await Forms.SubmitAsync(page, "Record assessment");
        Assert.That(response.Status, Is.EqualTo(400));
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page);
        await ScreenshotAsync(page, "assess-errors");
    }

    [Test]
    public async Task AdminPasswordForm_HasNoSeriousViolations_BeforeAndWhenShowingErrors()
    {
        var editor = await App.CreateAccountAsync("Editor");
        var page = await NewPageAsync();
        await SignInAsync(page, adminEmail);
        var response = await page.GotoAsync($"/admin/accounts/{editor.Id}/password");
        Assert.That(response!.Status, Is.EqualTo(200));
        await Axe.AssertNoSeriousViolationsAsync(page);

        // Both long enough for the browser's own checks; only the server sees that they differ.
        await page.Locator("#Input_NewPassword").FillAsync("a brand new long password");
        await page.Locator("#Input_ConfirmPassword").FillAsync("another long password");
        await Forms.SubmitAsync(page, "Set new password");
        await Expect(page.Locator(".form-errors")).ToContainTextAsync("Confirm new password must match the new password.");
        await Axe.AssertNoSeriousViolationsAsync(page);
        await ScreenshotAsync(page, "admin-password-errors");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
