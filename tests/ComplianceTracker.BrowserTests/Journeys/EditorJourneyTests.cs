using ComplianceTracker.BrowserTests.Support;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceTracker.BrowserTests.Journeys;

/// <summary>
/// Union policy staff keep the record: an assessment with a new source shows at once on the public pages; an edit
/// that collides with another is refused with the typed text kept; an edition published now carries the change.
/// </summary>
public sealed class EditorJourneyTests : BrowserTest
{
    private const string Reason = "DMHC's letter of 20 November 2026 finds D-05 corrected.";

    private static readonly Forms.NewSource Letter = new(
        "DMHC letter to Kaiser on D-05, 20 November 2026", "California Department of Managed Health Care",
        "https://example.org/dmhc-letter-d05", "2026-11-20", "regulator-release");

    [OneTimeSetUp]
    public async Task WaitForTheFirstEdition()
    {
        await App.WaitForEditionAsync(1);
        // Edits come an hour after edition 1, so they fall in edition 2's "changes since".
        App.Clock.Advance(TimeSpan.FromHours(1));
    }

    [Test]
    public async Task Editor_RecordsAnAssessment_MeetsAConflict_AndPublishesAnEdition()
    {
        var editor = await App.CreateAccountAsync("Editor");
        var page = await NewPageAsync();
        await SignInAsync(page, editor.Email);
        await Expect(page.Locator("header .who")).ToHaveTextAsync(editor.DisplayName);

        // Record the regulator's new finding with the letter as a new source.
        await page.GotoAsync("/deficiencies/D-05");
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Record an assessment" }), @"/deficiencies/D-05/assess");
        await page.GetByLabel("New status").SelectOptionAsync("regulator:corrected");
        await page.GetByLabel("Effective date").FillAsync("2026-11-20");
        await page.GetByLabel("Reason").FillAsync(Reason);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Verified", Exact = true }).CheckAsync();
        await Forms.FillNewSourceAsync(page, Letter);
        await ScreenshotAsync(page, "1-assess-form");
        var saved = await Forms.SubmitAsync(page, "Record assessment");
        Assert.That(saved.Status, Is.EqualTo(302));

        // The public deficiency page, the dashboard's headline and the change log show it at once.
        Assert.That(Navigation.PathAndQuery(page), Is.EqualTo("/deficiencies/D-05"));
        await Expect(page.Locator(".saved")).ToHaveTextAsync("Assessment recorded.");
        var regulator = page.Locator("section.assessment[aria-label='Regulator']");
        await Expect(regulator.Locator(".status")).ToHaveTextAsync("Corrected");
        await Expect(regulator.GetByRole(AriaRole.Link, new() { Name = Letter.Title })).ToHaveAttributeAsync("href", Letter.Url);
        await Expect(page.Locator("table tbody tr").First).ToContainTextAsync(Reason);
        await ScreenshotAsync(page, "2-deficiency");

        var anonymous = await NewPageAsync();
        await anonymous.GotoAsync("/deficiencies/D-05");
        await Expect(anonymous.Locator("section.assessment[aria-label='Regulator'] .status")).ToHaveTextAsync("Corrected");
        await anonymous.GotoAsync("/");
        await Expect(anonymous.Locator("h2#headline")).ToHaveTextAsync("18\u201319 of 20 deficiencies not corrected");
        await ScreenshotAsync(anonymous, "3-dashboard");
        await anonymous.GotoAsync("/changes");
        var newest = anonymous.Locator("table tbody tr").First;
        await Expect(newest.GetByRole(AriaRole.Link, new() { Name = "D-05 (details not yet in this record)" })).ToHaveAttributeAsync("href", "/deficiencies/D-05");
        await Expect(newest).ToContainTextAsync(Reason);
        await Expect(newest.GetByRole(AriaRole.Link, new() { Name = Letter.Title })).ToBeVisibleAsync();
        await ScreenshotAsync(anonymous, "4-change-log");

        // Two editors open the same deficiency's details; the second to save is told, and keeps what they typed.
        var colleague = await App.CreateAccountAsync("Editor");
        var second = await NewPageAsync();
        await SignInAsync(second, colleague.Email);
        await page.GotoAsync("/deficiencies/D-05/edit");
        await second.GotoAsync("/deficiencies/D-05/edit");
        await FillDetailsAsync(page, "First editor's note: the letter names the access standard.", "First editor's reason.");
        var first = await Forms.SubmitAsync(page, "Save details");
        Assert.That(first.Status, Is.EqualTo(302));
        const string secondNote = "Second editor's note, typed at the same time.";
        await FillDetailsAsync(second, secondNote, "Second editor's reason.");
        var refused = await Forms.SubmitAsync(second, "Save details");
        Assert.That(refused.Status, Is.EqualTo(409));
        var conflict = second.Locator(".conflict");
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict).ToHaveAttributeAsync("role", "alert");
        await Expect(conflict.Locator("h2")).ToHaveTextAsync("Not saved: someone else saved this item while you were editing");
        await Expect(conflict).ToContainTextAsync(editor.DisplayName);
        await Expect(second.GetByLabel("Notes")).ToHaveValueAsync(secondNote);
        await Expect(second.GetByLabel("Reason for the change")).ToHaveValueAsync("Second editor's reason.");
        await ScreenshotAsync(second, "5-conflict");

        // Publish an edition now, and watch the status page follow the job to the end.
        App.Clock.Advance(TimeSpan.FromHours(1));
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }), @"/reports");
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "Publish an edition now" }), @"/reports/publish");
        await Expect(page.Locator("main")).ToContainTextAsync("It will be edition 2");
        // The publish waits for this lock until the status page has loaded. A publish already done when its page is
        // rendered leaves the script out, and the checks below would pass without it ever running.
        var publishing = await App.Services.GetRequiredService<Database>().HoldLockAsync(Database.PublishLockKey);
        var status = page.Locator("#publish-status");
        try
        {
            await Navigation.FollowAsync(page.GetByRole(AriaRole.Button, new() { Name = "Publish an edition now" }), @"/reports/publish/[A-Za-z0-9-]+");
            await Expect(status).ToHaveAttributeAsync("role", "status");
            await Expect(status).ToHaveAttributeAsync("data-done", "false");
            // The script's address is fingerprinted (/js/publish-status.<hash>.js).
            await Expect(page.Locator("script[src^='/js/publish-status.'][src$='.js']")).ToHaveCountAsync(1);
            await page.EvaluateAsync("() => { window.__statusPage = true; }");
            await ScreenshotAsync(page, "6-publishing");
        }
        finally
        {
            await publishing.DisposeAsync();
        }
        await Expect(status).ToContainTextAsync("Published: edition 2.", new() { Timeout = 60_000 });
        Assert.That(await page.EvaluateAsync<bool>("() => window.__statusPage === true"), Is.True, "the script updated the page in place; it was not reloaded");
        await Expect(status.GetByRole(AriaRole.Link, new() { Name = "Open edition 2 (PDF)" })).ToHaveAttributeAsync("href", "/reports/2.pdf");
        await ScreenshotAsync(page, "7-published");

        // The archive has it, and its "changes since" lists the assessment and the saved edit.
        await Navigation.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = "All editions" }), @"/reports");
        var row = page.Locator("tr#edition-2");
        await Expect(row).ToContainTextAsync("Browser Editor");
        await Navigation.FollowAsync(row.GetByRole(AriaRole.Link, new() { Name = "Since edition 1" }), @"/reports/2/changes");
        var changes = page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "D-05", Exact = true }) });
        await Expect(changes.Filter(new() { HasText = Reason })).ToContainTextAsync("Regulator: Corrected");
        await Expect(changes.Filter(new() { HasText = "First editor's reason." })).ToBeVisibleAsync();
        await Expect(page.Locator("ol.sources")).ToContainTextAsync(Letter.Title);
        await ScreenshotAsync(page, "8-changes-since");
    }

    private static async Task FillDetailsAsync(IPage page, string notes, string reason)
    {
        await page.GetByLabel("Notes").FillAsync(notes);
        await page.GetByLabel("Reason for the change").FillAsync(reason);
        // The picker is searched by typing: part of a title is enough when only one source matches.
        await page.GetByLabel("A source on file").FillAsync("Reach Settlement Agreement to Transform");
    }
}
