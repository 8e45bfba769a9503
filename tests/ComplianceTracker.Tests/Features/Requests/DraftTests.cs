using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using UglyToad.PdfPig;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>Drafting a records request from an open question of the brief, on the real app.</summary>
public sealed class DraftTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task Brief_OffersEditorsADraftFromEachOpenQuestion_AndReadersNothing()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var brief = await editor.PageAsync("/brief");
        var links = brief.QuerySelectorAll("ol.brief-questions a[href^='/requests/new?question=']").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(links, Does.Contain("/requests/new?question=undescribed%3ANRS-2022"));
        Assert.That(links, Has.Count.EqualTo(brief.QuerySelectorAll("ol.brief-questions > li").Length), "one link a question");

        var reader = await app.GetDocumentAsync("/brief");
        Assert.That(reader.QuerySelectorAll("a[href^='/requests/new']"), Is.Empty);
    }

    [Test]
    public async Task Draft_FromABriefQuestion_IsWrittenFromTheRecord_AndEveryWordCanBeChanged()
    {
        using var editor = await app.SignedInClientAsync("Editor", "ana@example.org");
        var page = await editor.PageAsync("/requests/new?question=undescribed%3ANRS-2022");
        var form = (IHtmlFormElement)page.QuerySelector("form.request-form")!;
        var fields = Forms.Fields(form);
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("p.notice a")!.TextContent, Does.StartWith("What are the 17 deficiencies of the 2022 non-routine survey of behavioral health services"));
            Assert.That(form.QuerySelector("select[name='Input.AgencyId'] option[selected]")!.TextContent, Does.Contain("DMHC — California Department of Managed Health Care (California Public Records Act)"));
            Assert.That(fields["Input.Subject"], Is.EqualTo("The report on the 2022 non-routine survey of behavioral health services and its 20 deficiencies"));
            Assert.That(fields["Input.Records"], Does.Contain("The report on DMHC's 2022 non-routine survey of behavioral health services of Kaiser Foundation Health Plan, Inc. (begun 16 May 2022), with the list of all 20 deficiencies it found"));
            Assert.That(fields["Input.Records"], Does.Contain("and its status (corrected or not corrected)"));
            Assert.That(fields["Input.ElectronicCopies"], Is.EqualTo("true"));
            Assert.That(fields["Input.RequesterName"], Is.EqualTo("Test Editor"));
            Assert.That(fields["Input.RequesterEmail"], Is.EqualTo("ana@example.org"));
            Assert.That(fields.ContainsKey("Input.IsPublic"), Is.False, "private by default");
            var letter = fields["Input.Letter"];
            Assert.That(letter, Does.Contain("Under the California Public Records Act, I request copies of the following records:"));
            Assert.That(letter, Does.Contain("The agency determines within 10 days of receipt whether the records asked for are disclosable, and says when they will be available (Gov. Code § 7922.535(a))."));
            Assert.That(letter, Does.Contain("by no more than 14 days (Gov. Code § 7922.535(b))."));
            Assert.That(letter, Does.Contain("The agency must help the requester identify records (Gov. Code § 7922.600)."));
            Assert.That(letter, Does.Contain("by e-mail to ana@example.org"));
            Assert.That(letter, Does.Contain("[The agency's records address is not on file: write it here.]"));
            Assert.That(letter, Does.Contain("27 November 2026"));
        });

        // Rewritten from changed fields without saving, then saved with a word of the staffer's own.
        fields["Input.Subject"] = "The 2022 survey report";
        fields["Input.RequesterOrganization"] = "National Union of Healthcare Workers";
        var rewrite = await editor.PostAsync("/requests/new?handler=Rewrite", new FormUrlEncodedContent(fields));
        var rewritten = await TestApp.ParseAsync(rewrite);
        var newLetter = ((IHtmlTextAreaElement)rewritten.QuerySelector("textarea[name='Input.Letter']")!).Value;
        Assert.Multiple(() =>
        {
            Assert.That(rewritten.QuerySelector("p.saved")!.TextContent, Does.Contain("Nothing is saved yet"));
            Assert.That(newLetter, Does.Contain("Re: Request for records under the California Public Records Act: The 2022 survey report"));
            Assert.That(newLetter, Does.Contain("National Union of Healthcare Workers"));
        });
        var id = await editor.DraftAsync(values: new Dictionary<string, string>
        {
            ["Input.Subject"] = "The 2022 survey report",
            ["Input.Letter"] = newLetter.Replace("Thank you.", "Thank you for your help.", StringComparison.Ordinal),
        });

        var manage = await editor.ManagePageAsync(id);
        var text = ((IHtmlTextAreaElement)manage.QuerySelector("#letter-text")!).Value;
        Assert.Multiple(() =>
        {
            Assert.That(manage.QuerySelector("h1")!.TextContent, Is.EqualTo($"R-{id}: The 2022 survey report"));
            Assert.That(text, Does.Contain("Thank you for your help."));
            Assert.That(manage.Body!.TextContent, Does.Contain("Private: staff only"));
        });

        // The same text, as a one-page PDF to print and sign.
        using var pdf = await editor.GetAsync($"/requests/{id}/letter.pdf");
        Assert.That(pdf.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Multiple(() =>
        {
            Assert.That(document.NumberOfPages, Is.EqualTo(1));
            var words = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
            Assert.That(words, Does.Contain("Thank you for your help."));
            Assert.That(words, Does.Contain("7922.535(a)"));
        });
    }

    [Test]
    public async Task Draft_WithBadInput_NamesEachField_AndKeepsWhatWasTyped()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync("/requests/new?question=undescribed%3ANRS-2022", new Dictionary<string, string>
        {
            ["Input.Subject"] = "",
            ["Input.Records"] = "The whole survey file, please.",
            ["Input.RequesterEmail"] = "not an address",
            ["Input.Letter"] = string.Join("\n\n", Enumerable.Repeat("A long paragraph of the letter that goes on and on to fill the page with words.", 120)),
        }, "form.request-form");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestApp.ParseAsync(response);
        var errors = page.QuerySelectorAll(".error-summary li").Select(li => li.TextContent).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Does.Contain("Subject is required: say in a line what the request is about."));
            Assert.That(errors, Does.Contain("Requester's e-mail must be an address such as name@example.org, or left empty."));
            Assert.That(errors.Any(e => e.StartsWith("Letter is too long for one page", StringComparison.Ordinal)), Is.True, string.Join(" | ", errors));
            Assert.That(((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Input.Records']")!).Value, Is.EqualTo("The whole survey file, please."));
            Assert.That(((IHtmlInputElement)page.QuerySelector("input[name='Input.RequesterEmail']")!).Value, Is.EqualTo("not an address"));
        });
    }

    [Test]
    public async Task Drafting_NeedsAnEditor_AndEveryWriteNeedsTheFormsToken()
    {
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { "/requests/new", "/requests/staff", "/requests/agencies" })
        {
            using var get = await anonymous.GetAsync(url);
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
            Assert.That(get.Headers.Location!.ToString(), Does.Contain("/account/login"), url);
        }
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        foreach (var url in new[] { $"/requests/{id}/manage", $"/requests/{id}/letter.pdf", $"/requests/{id}/record" })
        {
            using var get = await anonymous.GetAsync(url);
            Assert.That(get.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized), url);
        }
        // Signed in, but without the form's antiforgery token: refused.
        using var forged = await editor.PostAsync($"/requests/{id}/manage?handler=Visibility", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.IsPublic"] = "true", ["Input.Version"] = "1" }));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await editor.ManagePageAsync(id)).Body!.TextContent, Does.Contain("Private: staff only"));
    }

    [Test]
    public async Task Agencies_NameTheLawAndTheRecordsAddress_WhichTheNextDraftUses()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var page = await editor.PageAsync("/requests/agencies");
        var form = (IHtmlFormElement)page.QuerySelector("section.agency form")!;
        using var bad = await editor.PostFormAsync(form, new Dictionary<string, string> { ["Input.FullName"] = " ", ["Input.LawKey"] = "xx-none" }, "/requests/agencies");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var refused = (await TestApp.ParseAsync(bad)).QuerySelectorAll(".error-summary li").Select(li => li.TextContent).ToList();
        Assert.That(refused, Is.EqualTo(new[] { "Full name is required: the letter is addressed to it.", "Records law: choose one of the laws on file, or none." }));

        using var saved = await editor.PostFormAsync(form, new Dictionary<string, string>
        {
            ["Input.LawKey"] = "us-foia",
            ["Input.RecordsAddress"] = "FOIA Officer\nfoia@agency.example.gov",
        }, "/requests/agencies");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var draft = await editor.PageAsync("/requests/new?question=undescribed%3ANRS-2022");
        var letter = ((IHtmlTextAreaElement)draft.QuerySelector("textarea[name='Input.Letter']")!).Value;
        Assert.Multiple(() =>
        {
            Assert.That(letter, Does.Contain("FOIA Officer\nfoia@agency.example.gov"));
            Assert.That(letter, Does.Not.Contain("not on file"));
            Assert.That(letter, Does.Contain("Under the Freedom of Information Act (5 U.S.C. § 552), I request copies"));
            Assert.That(letter, Does.Contain("within 20 working days of receipt"));
        });

        // A form read before that save is refused: nothing is saved over it.
        using var stale = await editor.PostFormAsync(form, new Dictionary<string, string> { ["Input.LawKey"] = "ca-cpra" }, "/requests/agencies");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task EveryOpenQuestion_OfTheBriefAndTheTimeline_DraftsARequestDescribingItsRecords()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var links = (await editor.PageAsync("/brief")).QuerySelectorAll("a[href^='/requests/new?question=']")
            .Concat((await editor.PageAsync("/timeline")).QuerySelectorAll("a[href^='/requests/new?question=']"))
            .Select(a => a.GetAttribute("href")!).Distinct().ToList();
        Assert.That(links, Does.Contain("/requests/new?question=outcome%3ADL-CONSULTATION-END"), "a passed deadline whose outcome is unknown");
        Assert.Multiple(async () =>
        {
            foreach (var link in links)
            {
                var page = await editor.PageAsync(link);
                var fields = Forms.Fields((IHtmlFormElement)page.QuerySelector("form.request-form")!);
                Assert.That(page.QuerySelector("p.notice a"), Is.Not.Null, $"{link}: drafted from its question");
                Assert.That(fields["Input.Records"], Has.Length.GreaterThan(80), link);
                Assert.That(fields["Input.Subject"], Is.Not.Empty, link);
            }
        });
        var deadline = Forms.Fields((IHtmlFormElement)(await editor.PageAsync("/requests/new?question=outcome%3ADL-CONSULTATION-END")).QuerySelector("form.request-form")!);
        Assert.That(deadline["Input.Records"], Does.StartWith("The records that show what came of “End of the two-year consultation period” (October 2025)"));
        var unknown = await editor.PageAsync("/requests/new?question=outcome%3ANO-SUCH-CODE");
        Assert.That(unknown.QuerySelector("p.notice")!.TextContent, Is.EqualTo("“outcome:NO-SUCH-CODE” names no open question on record, so the draft starts empty."));
    }
}
