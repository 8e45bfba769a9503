using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Evidence;

/// <summary>Archived copies on the real app: uploaded and fetched, shown on the source's page, served safely, checked.</summary>
public class ArchiveTests
{
    private const string PressRelease = "dmhc_pr_2023";
    private TestApp app = null!;
    private DocumentServer server = null!;

    [SetUp]
    public async Task Start()
    {
        server = await DocumentServer.StartAsync();
        app = new TestApp(settings: new Dictionary<string, string?>
        {
            // The tests' own document server is on loopback, which the guard refuses unless allow-listed.
            ["Evidence:Fetch:AllowedAddresses:0"] = "127.0.0.1",
            ["Evidence:Fetch:TimeoutSeconds"] = "5",
            ["Evidence:LinkCheckDelaySeconds"] = "0",
        });
    }

    [TearDown]
    public async Task Stop()
    {
        app.Dispose();
        await server.DisposeAsync();
    }

    /// <summary>Posts the evidence page's upload form with a file, as a browser does (multipart, with the antiforgery token).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string sourceKey, byte[] content, string fileName, string contentType)
    {
        var url = $"/sources/{sourceKey}/evidence";
        var page = await TestApp.ParseAsync(await client.GetAsync(url));
        var form = (IHtmlFormElement)page.QuerySelector("form[enctype='multipart/form-data']")!;
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in Forms.Fields(form))
        {
            body.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        body.Add(file, "Input.File", fileName);
        return await client.PostAsync(form.GetAttribute("action"), body);
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] ThreePagePdf(string onPageThree) => TestDocuments.Pdf(
        "DMHC press release. Page one describes the settlement in general terms.",
        "Page two lists the corrective action plan and the timeline agreed by the parties.",
        "Page three: " + onPageThree + " That is the end of the release.");

    [Test]
    public async Task Upload_StoresTheCopy_ShowsItOnTheSourcePage_AndServesTheSameBytesAsADownload()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var pdf = ThreePagePdf("The plan agrees to a systemic overhaul and transformational change of its care.");
        using var response = await UploadAsync(editor, PressRelease, pdf, "release.pdf", "application/pdf");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        var page = await app.GetDocumentAsync($"/sources/{PressRelease}");
        var copy = page.QuerySelector("ul.copies li")!;
        Assert.Multiple(() =>
        {
            Assert.That(copy.Squash(), Does.Contain("Archived copy, PDF, "));
            Assert.That(copy.Squash(), Does.Contain("uploaded 27 November 2026 by"));
            Assert.That(copy.QuerySelector("code.hash")!.TextContent, Is.EqualTo(Hash(pdf)));
        });

        using var anonymous = app.CreateClient();
        var download = copy.QuerySelector("a[download]")!.GetAttribute("href")!;
        using var file = await anonymous.GetAsync(download);
        Assert.Multiple(async () =>
        {
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
            Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(file.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(file.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(file.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("sandbox"));
        });

        var text = await anonymous.GetStringAsync(download + ".txt");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("SHA-256 of the copy: " + Hash(pdf)));
            Assert.That(text, Does.Contain("--- Page 3 of 3 ---"));
            Assert.That(text[text.IndexOf("--- Page 3 of 3 ---", StringComparison.Ordinal)..], Does.Contain("systemic overhaul"));
        });
    }

    [Test]
    public async Task Upload_OfAWebPage_IsServedAsBytesToSave_NeverAsAPageOfTheSite()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var html = Encoding.UTF8.GetBytes("<html><body><script>alert(document.cookie)</script><p>Settlement announced.</p></body></html>");
        using var response = await UploadAsync(editor, PressRelease, html, "release.html", "text/html");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var copyId = response.Headers.Location!.ToString().Split("#copy-")[1];

        using var anonymous = app.CreateClient();
        using var file = await anonymous.GetAsync($"/sources/{PressRelease}/copies/{copyId}");
        Assert.Multiple(() =>
        {
            Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(file.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        });
        var text = await anonymous.GetAsync($"/sources/{PressRelease}/copies/{copyId}.txt");
        var body = await text.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(text.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
            Assert.That(body, Does.Contain("Settlement announced."));
            Assert.That(body, Does.Not.Contain("alert("), "a script is not text a reader reads");
        });
    }

    [Test]
    public async Task Upload_OfAFileThatIsNoDocument_IsRefusedNamingTheField_AndNothingIsStored()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await UploadAsync(editor, PressRelease, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "archive.zip", "application/zip");
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("File “archive.zip” is not a PDF, web page, plain text or image"));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM ArchivedCopies"), Is.Zero);
        });
    }

    [Test]
    public async Task Upload_OverTheConfiguredLimit_IsRefusedWithTheLimit()
    {
        app.Dispose();
        app = new TestApp(settings: new Dictionary<string, string?> { ["Evidence:MaxBytes"] = "2048" });
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await UploadAsync(editor, PressRelease, Encoding.UTF8.GetBytes(new string('a', 5000)), "notes.txt", "text/plain");
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("File is 5 KB, larger than the 2 KB limit"));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM ArchivedCopies"), Is.Zero);
        });
    }

    [Test]
    public async Task Upload_TheSameBytesTwice_StoresOneCopy()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var text = Encoding.UTF8.GetBytes("The same letter.");
        (await UploadAsync(editor, PressRelease, text, "a.txt", "text/plain")).Dispose();
        using var again = await UploadAsync(editor, PressRelease, text, "b.txt", "text/plain");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM ArchivedCopies"), Is.EqualTo(1));
    }

    [Test]
    public async Task Copy_WhoseStoredBytesChanged_IsNotServed()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await UploadAsync(editor, PressRelease, Encoding.UTF8.GetBytes("Original words."), "a.txt", "text/plain");
        var copyId = long.Parse(response.Headers.Location!.ToString().Split("#copy-")[1], System.Globalization.CultureInfo.InvariantCulture);
        await app.Database.WithConnectionAsync(c => c.ExecuteAsync("UPDATE ArchivedCopyContents SET Content = @content WHERE CopyId = @copyId",
            new { content = Encoding.UTF8.GetBytes("Altered words."), copyId }));

        using var anonymous = app.CreateClient();
        using var file = await anonymous.GetAsync($"/sources/{PressRelease}/copies/{copyId}");
        var body = await file.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(body, Does.Contain("no longer match the SHA-256"));
            Assert.That(body, Does.Not.Contain("Altered"));
        });
    }

    [Test]
    public async Task Passage_OnPageThreeOfTheArchivedPdf_IsShownAsQuotedFromPageThree_DespiteQuotesAndSpacing()
    {
        // The seed gives O-3 the passage "systemic overhaul and transformational change" of the regulator's release.
        using var editor = await app.SignedInClientAsync("Editor");
        var pdf = ThreePagePdf("Kaiser commits to a   systemic overhaul and “transformational” change? No: systemic overhaul and transformational change.");
        (await UploadAsync(editor, PressRelease, pdf, "release.pdf", "application/pdf")).Dispose();

        var settlement = await app.GetDocumentAsync("/settlement");
        var term = settlement.GetElementById("O-3")!;
        var quote = term.QuerySelectorAll("figure.passage").Single(f => f.Squash().Contains("systemic overhaul and transformational change", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(quote.QuerySelector(".verdict")!.Squash(), Is.EqualTo("Quoted from the archived copy, page 3"));
            Assert.That(quote.ClassList, Does.Contain("passage-found"));
        });
        var source = await app.GetDocumentAsync($"/sources/{PressRelease}");
        Assert.That(source.QuerySelector("#passages + ul")!.Squash(), Does.Contain("Quoted from the archived copy, page 3"));
    }

    [Test]
    public async Task Passage_AddedByAnEditor_ThatTheCopyDoesNotHold_SaysNotFound_AndGoesOnTheDesk()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        (await UploadAsync(editor, PressRelease, Encoding.UTF8.GetBytes("The settlement requires a corrective action plan."), "r.txt", "text/plain")).Dispose();
        var page = await TestApp.ParseAsync(await editor.GetAsync($"/sources/{PressRelease}/evidence"));
        var choice = ((IHtmlSelectElement)page.QuerySelector("select[name='Input.CitedBy']")!).Options.First(o => o.Value.StartsWith("obligation:", StringComparison.Ordinal));
        var form = (IHtmlFormElement)page.QuerySelector("form[action*='handler=Passage']")!;
        using var added = await editor.PostFormAsync(form, new Dictionary<string, string>
        {
            ["Input.CitedBy"] = choice.Value,
            ["Input.Passage"] = "Kaiser shall pay one billion dollars",
        }, $"/sources/{PressRelease}/evidence");
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await added.Content.ReadAsStringAsync());

        var source = await app.GetDocumentAsync($"/sources/{PressRelease}");
        var quote = source.QuerySelectorAll("figure.passage").Single(f => f.Squash().Contains("one billion", StringComparison.Ordinal));
        Assert.That(quote.QuerySelector(".verdict")!.Squash(), Is.EqualTo("Passage not found in the archived copy"));
        var desk = await TestApp.ParseAsync(await editor.GetAsync("/desk"));
        Assert.That(desk.GetElementById("passages-not-found")!.Squash(), Does.Contain("Kaiser shall pay one billion dollars"));
    }

    [Test]
    public async Task Passage_Empty_IsRefusedNamingTheField_KeepingTheChoice()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await editor.GetAsync($"/sources/{PressRelease}/evidence"));
        var choice = ((IHtmlSelectElement)page.QuerySelector("select[name='Input.CitedBy']")!).Options.Skip(1).First().Value;
        var form = (IHtmlFormElement)page.QuerySelector("form[action*='handler=Passage']")!;
        using var refused = await editor.PostFormAsync(form, new Dictionary<string, string> { ["Input.CitedBy"] = choice, ["Input.Passage"] = "  " }, $"/sources/{PressRelease}/evidence");
        var again = await TestApp.ParseAsync(refused);
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(again.QuerySelector(".error-summary")!.Squash(), Does.Contain("Passage is required"));
            Assert.That(((IHtmlSelectElement)again.QuerySelector("select[name='Input.CitedBy']")!).Value, Is.EqualTo(choice));
        });
    }

    [Test]
    public async Task Fetch_FromTheDocumentsServer_FollowsTheRedirect_AndRecordsWhereItCameFrom()
    {
        var pdf = ThreePagePdf("Fetched words of the release.");
        server.Serve("/files/release.pdf", pdf, "application/pdf");
        server.Redirect("/release", "/files/release.pdf");
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync($"/sources/{PressRelease}/evidence",
            new Dictionary<string, string> { ["Input.Url"] = server.Url("/release") }, "form[action*='handler=Fetch']");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        var copy = (await app.GetDocumentAsync($"/sources/{PressRelease}")).QuerySelector("ul.copies li")!;
        Assert.Multiple(() =>
        {
            Assert.That(copy.Squash(), Does.Contain($"retrieved 27 November 2026 from {server.Url("/files/release.pdf")} (HTTP 200)"));
            Assert.That(copy.QuerySelector("code.hash")!.TextContent, Is.EqualTo(Hash(pdf)));
            Assert.That(server.Requests.Select(r => r.UserAgent).Distinct().Single(), Does.Contain("https://tracker.example.org"));
        });
    }

    [TestCase("http://10.0.0.1/internal/report.pdf", "private")]
    [TestCase("http://169.254.169.254/latest/meta-data/", "metadata")]
    public async Task Fetch_RedirectedToAnAddressOffThePublicInternet_IsRefusedInPlainWords(string target, string word)
    {
        server.Redirect("/moved", target);
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync($"/sources/{PressRelease}/evidence",
            new Dictionary<string, string> { ["Input.Url"] = server.Url("/moved") }, "form[action*='handler=Fetch']");
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Not fetched:").And.Contain(word));
            Assert.That(((IHtmlInputElement)page.QuerySelector("input[name='Input.Url']")!).Value, Is.EqualTo(server.Url("/moved")), "what was typed is kept");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM ArchivedCopies"), Is.Zero);
        });
    }

    [Test]
    public async Task Fetch_OfLoopback_WhenNotAllowListed_IsRefused()
    {
        app.Dispose();
        app = new TestApp();
        server.Serve("/doc.txt", Encoding.UTF8.GetBytes("local"), "text/plain");
        using var editor = await app.SignedInClientAsync("Editor");
        using var response = await editor.SubmitAsync($"/sources/{PressRelease}/evidence",
            new Dictionary<string, string> { ["Input.Url"] = server.Url("/doc.txt") }, "form[action*='handler=Fetch']");
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("loopback"));
            Assert.That(server.Requests, Is.Empty, "the request never left the app");
        });
    }

    [Test]
    public async Task EvidencePage_IsForEditorsOnly_AndItsFormsNeedTheirToken()
    {
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var get = await anonymous.GetAsync($"/sources/{PressRelease}/evidence");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(get.Headers.Location!.ToString(), Does.Contain("/account/login"));

        using var editor = await app.SignedInClientAsync("Editor");
        using var forged = await editor.PostAsync($"/sources/{PressRelease}/evidence?handler=Fetch",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Url"] = server.Url("/x") }));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public async Task SourcePage_OfAnUnknownKey_IsNotFound()
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync("/sources/no_such_source");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private Task<long> CountAsync(string sql) => app.Database.WithConnectionAsync(c => c.ExecuteScalarAsync<long>(sql));
}
