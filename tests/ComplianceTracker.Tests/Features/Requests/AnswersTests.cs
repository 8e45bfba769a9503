using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>
/// What comes back becomes evidence: the agency's records, kept with the request, made a source of the case in one step,
/// cited by a status; and the question the request came from says when it was asked and links to the answer.
/// </summary>
public sealed class AnswersTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static readonly byte[] Report = TestDocuments.Pdf(
        "Department of Managed Health Care. Final report of the 2022 non-routine survey of Kaiser Foundation Health Plan.",
        "Deficiency 3: the plan does not ensure timely access to non-urgent appointments. Status: Corrected.");

    [Test]
    public async Task RecordsReceived_MadeASource_AreCitedByAStatus_AndTheQuestionLinksToTheAnswer()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var id = await editor.DraftAsync();
        await editor.MakePublicAsync(id);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 20, 0, 0, TimeSpan.Zero));
        // A sign-in lasts 8 hours from the last request: a staffer coming back days later signs in again.
        using var later = await app.SignedInClientAsync("Editor");
        await later.RecordOkAsync(id, "sent", "2026-12-09", new Dictionary<string, string> { ["Input.Method"] = "email" });

        // Before the answer: the brief and the dashboard say when it was asked and when the answer is due.
        var brief = await app.GetDocumentAsync("/brief");
        var question = brief.QuerySelectorAll("ol.brief-questions > li").Single(li => li.TextContent.Contains("that this record does not yet describe", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(question.QuerySelector(".asked")!.Squash(), Is.EqualTo($"Asked DMHC on 9 December 2026 (due 19 December 2026). See the request"));
            Assert.That(question.QuerySelector(".asked a")!.GetAttribute("href"), Is.EqualTo($"/requests/{id}"));
            Assert.That(brief.QuerySelector("#asked-h")!.TextContent, Is.EqualTo("Asked and not yet answered"));
        });
        var dashboard = await app.GetDocumentAsync("/");
        Assert.That(dashboard.QuerySelector("#completeness ~ ul .asked")!.Squash(), Does.StartWith("Asked DMHC on 9 December 2026 (due 19 December 2026)."));
        var deficiency = await app.GetDocumentAsync("/deficiencies/D-05");
        Assert.That(deficiency.QuerySelector(".asked")!.Squash(), Does.StartWith("Asked DMHC on 9 December 2026"));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 20, 0, 0, TimeSpan.Zero));
        using var staffer = await app.SignedInClientAsync("Editor");
        await staffer.RecordOkAsync(id, "records-received", "2026-12-15",
            new Dictionary<string, string> { ["Input.FileTitle"] = "DMHC final report on the 2022 non-routine survey", ["Input.FileKind"] = "records", ["Input.Note"] = "The report, with all 20 deficiencies." },
            (Report, "report.pdf", "application/pdf"));

        // Kept for staff only, until it is made a source.
        var manage = await staffer.ManagePageAsync(id);
        var file = manage.QuerySelector("ul.copies li")!;
        var fileHref = file.QuerySelector("a[download]")!.GetAttribute("href")!;
        using (var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            using var hidden = await anonymous.GetAsync(fileHref);
            Assert.That(hidden.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "a request's document is the staff's until it is a source");
        }
        using (var download = await staffer.GetAsync(fileHref))
        {
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(Report));
        }

        // One step: described as a source, the document becomes its archived copy.
        var makeSource = file.QuerySelector("a[href$='/source']")!.GetAttribute("href")!;
        var form = await staffer.PageAsync(makeSource);
        Assert.Multiple(() =>
        {
            Assert.That(((IHtmlInputElement)form.QuerySelector("input[name='Input.Publisher']")!).Value, Is.EqualTo("California Department of Managed Health Care"));
            Assert.That(((IHtmlInputElement)form.QuerySelector("input[name='Input.PublishedOn']")!).Value, Is.EqualTo("2026-12-15"));
            Assert.That(((IHtmlSelectElement)form.QuerySelector("select[name='Input.Kind']")!).Value, Is.EqualTo("regulator-report"));
            Assert.That(((IHtmlSelectElement)form.QuerySelector("select[name='Input.Party']")!).Value, Is.EqualTo("regulator"));
        });
        using (var unchecked_ = await staffer.SubmitAsync(makeSource, new Dictionary<string, string>(), "main form[method=post]"))
        {
            Assert.That(unchecked_.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await TestApp.ParseAsync(unchecked_)).QuerySelector(".error-summary")!.TextContent, Does.Contain("Confirm that the document can be public"));
        }
        using var made = await staffer.SubmitAsync(makeSource, new Dictionary<string, string> { ["Input.Checked"] = "true" }, "main form[method=post]");
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await made.Content.ReadAsStringAsync());
        var sourceKey = made.Headers.Location!.ToString().Split('/')[2];

        var sourcePage = await app.GetDocumentAsync($"/sources/{sourceKey}");
        Assert.Multiple(() =>
        {
            Assert.That(sourcePage.QuerySelector("h1")!.TextContent, Does.Contain("DMHC final report on the 2022 non-routine survey"));
            Assert.That(sourcePage.QuerySelector("ul.copies li")!.Squash(), Does.Contain("Archived copy, PDF"));
            Assert.That(sourcePage.QuerySelector("code.hash")!.TextContent, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Report))));
        });

        // A status cites it, with the passage it rests on.
        using var assess = await staffer.SubmitAsync("/deficiencies/D-03/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = "regulator:corrected",
            ["Input.EffectiveOn"] = "2026-12-15",
            ["Input.Reason"] = "DMHC's final report, received under the Public Records Act, gives deficiency 3 as corrected.",
            ["Input.Confidence"] = "verified",
            ["Input.Source.Search"] = sourceKey,
        });
        Assert.That(assess.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await assess.Content.ReadAsStringAsync());
        var d03 = await app.GetDocumentAsync("/deficiencies/D-03");
        Assert.That(d03.Body!.TextContent, Does.Contain("DMHC final report on the 2022 non-routine survey"));

        // The request's public page and the question lead to the answer.
        var show = await app.GetDocumentAsync($"/requests/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(show.QuerySelector($"a[href='/sources/{sourceKey}']")!.TextContent, Is.EqualTo("DMHC final report on the 2022 non-routine survey"));
            Assert.That(show.QuerySelector("dl.facts")!.Squash(), Does.Contain("Records received 15 December 2026, on time (6 days after it was sent)"));
        });
        var answered = (await app.GetDocumentAsync("/brief")).QuerySelectorAll("ol.brief-questions > li")
            .Single(li => li.TextContent.Contains("that this record does not yet describe", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(answered.QuerySelector(".asked")!.Squash(), Is.EqualTo("Asked DMHC on 9 December 2026; records received 15 December 2026, on time. See the answer"));
            Assert.That(answered.QuerySelector(".asked a")!.GetAttribute("href"), Does.StartWith($"/requests/{id}#entry-"));
        });
        Assert.That((await app.GetDocumentAsync("/brief")).QuerySelector("#asked-h"), Is.Null, "nothing left unanswered");

        await using var connection = await app.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ArchivedCopies WHERE SourceId = (SELECT Id FROM Sources WHERE Key = @sourceKey)", new { sourceKey }), Is.EqualTo(1));
    }
}
