using System.Net;
using System.Xml.Linq;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Shared;
using Dapper;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>Text is text: forms refuse control characters naming the field, store NFC; feeds, CSVs and PDFs replace what is already stored.</summary>
public class PlainTextTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    [TestCase("bell\u0007", "U+0007", TestName = "{m}(bell U+0007)")]
    [TestCase("\u001B[31mred", "U+001B", TestName = "{m}(U+001B [31mred)")]
    [TestCase("nul\0", "U+0000", TestName = "{m}(nul U+0000)")]
    [TestCase("x\u0085y", "U+0085", TestName = "{m}(x U+0085 y)")]
    [TestCase("x\uFFFE", "U+FFFE", TestName = "{m}(x U+FFFE)")]
    [TestCase("x\uFFFF", "U+FFFF", TestName = "{m}(x U+FFFF)")]
    public void FirstBadCharacter_NamesIt(string text, string expected)
    {
        Assert.That(PlainText.FirstBadCharacter(text), Is.EqualTo(expected));
        Assert.That(PlainText.FirstBadCharacter(PlainText.ForOutput(text)), Is.Null, "the replaced text is text");
        Assert.That(PlainText.ForOutput(text), Does.Contain("\uFFFD"));
    }

    // Lone surrogates cannot be written in an attribute (the compiler stores them as U+FFFD), so they are built here.
    [TestCase(0xD800, "lone high")]
    [TestCase(0xDC00, "lone low")]
    public void FirstBadCharacter_NamesALoneSurrogate(int code, string words)
    {
        var text = words + (char)code + "end";
        var reversed = words + (char)0xDC00 + (char)0xD800;
        Assert.That(PlainText.FirstBadCharacter(text), Is.EqualTo($"U+{code:X4}"));
        Assert.That(PlainText.FirstBadCharacter(reversed), Is.EqualTo("U+DC00"));
        Assert.That(PlainText.ForOutput(text), Is.EqualTo(words + "\uFFFDend"));
    }

    [TestCase("line\nbreak\r\nand\ttab")]
    [TestCase("emoji \U0001F600 pair")]
    [TestCase("Kaiser Permanente — “quoted” ʻokina")]
    public void ForOutput_KeepsText(string text)
    {
        Assert.That(PlainText.FirstBadCharacter(text), Is.Null);
        Assert.That(PlainText.ForOutput(text), Is.SameAs(text));
    }

    private static Dictionary<string, string> NewSource(string url) => new()
    {
        ["Input.Source.Title"] = "Letter",
        ["Input.Source.Publisher"] = "DMHC",
        ["Input.Source.Url"] = url,
        ["Input.Source.Kind"] = "regulator-release",
    };

    [TestCase("Input.Title", "Title", "bell\u0007", TestName = "{m}(Title, bell U+0007)")]
    [TestCase("Input.Description", "Description", "esc\u001B[2J", TestName = "{m}(Description, esc U+001B [2J)")]
    [TestCase("Input.Title", "Title", "x\uFFFF", TestName = "{m}(Title, x U+FFFF)")]
    [TestCase("Input.Source.Title", "New source title", "start\u0001", TestName = "{m}(New source title, start U+0001)")]
    public async Task Form_RefusesAControlCharacter_NamingTheField_AndKeepsTheRest(string field, string label, string value)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = new Dictionary<string, string>(NewSource("https://example.org/control"))
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "A deadline",
            ["Input.Date"] = "2027-01",
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "inferred",
            ["Input.Description"] = "Kept as typed",
        };
        form[field] = value;
        using var response = await client.SubmitAsync("/timeline/new", form);
        var page = await TestApp.ParseAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.QuerySelector(".error-summary")?.Squash(), Does.Contain($"{label} cannot contain U+"));
        Assert.That(page.QuerySelector("[name='Input.Date']")!.GetAttribute("value"), Is.EqualTo("2027-01"), "what was typed is kept");
        await using var connection = await app.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TimelineItems WHERE Code LIKE 'DL-2027-01%'"), Is.Zero);
    }

    /// <summary>
    /// A NUL is refused like any other control character: the form again, the field named, what was typed kept (the NUL
    /// shown as U+FFFD, which a browser can hold in a field), nothing written. Before, ASP.NET Core's form reader refused
    /// the whole body and the editor got the bare 400 page with everything typed lost.
    /// </summary>
    [Test]
    public async Task Form_RefusesANul_NamingTheField_AndKeepsTheRest()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = new Dictionary<string, string>(NewSource("https://example.org/nul"))
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "nul\0 in the title",
            ["Input.Date"] = "2027-01",
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "inferred",
            ["Input.Description"] = "Kept as typed",
        };
        using var response = await client.SubmitAsync("/timeline/new", form);
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the form's answer to any refused field");
            Assert.That(page.QuerySelector("main form[method=post]"), Is.Not.Null, "the form again, not the error page");
            Assert.That(page.QuerySelector(".error-summary")?.Squash(), Does.Contain("Title cannot contain U+0000"));
            Assert.That(page.QuerySelector("[name='Input.Title']")!.GetAttribute("value"), Is.EqualTo("nul\uFFFD in the title"), "typed text kept, the NUL shown safely");
            Assert.That(page.QuerySelector("[name='Input.Description']")!.TextContent.Trim(), Is.EqualTo("Kept as typed"));
            Assert.That(page.QuerySelector("[name='Input.Date']")!.GetAttribute("value"), Is.EqualTo("2027-01"));
        });
        await using var connection = await app.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TimelineItems WHERE Code LIKE 'DL-2027-01%'"), Is.Zero);
    }

    /// <summary>The same on the form editors use most, where the NUL sits in a text area (pasted from a PDF, say).</summary>
    [Test]
    public async Task Form_RefusesANulInAssessmentReason_AndSavesNothing()
    {
        using var client = await app.SignedInClientAsync("Editor");
        await using var connection = await app.Database.OpenAsync();
        var before = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM StatusChanges");
        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = "union:not-corrected",
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = "pasted\0 from a PDF",
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = "Union letter",
            ["Input.Source.Publisher"] = "NUHW",
            ["Input.Source.Url"] = "https://example.org/union-letter-nul",
            ["Input.Source.PublishedOn"] = "2026-11-20",
            ["Input.Source.Kind"] = "union-release",
        });
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")?.Squash(), Does.Contain("cannot contain U+0000"));
            Assert.That(page.QuerySelector("[name='Input.Reason']")!.TextContent.Trim(), Is.EqualTo("pasted\uFFFD from a PDF"));
        });
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM StatusChanges"), Is.EqualTo(before), "nothing saved");
    }

    [Test]
    public async Task Form_StoresNfc_WhenTypedDecomposed()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = new Dictionary<string, string>(NewSource("https://example.org/nfc"))
        {
            ["Input.Kind"] = "deadline",
            ["Input.DeadlineType"] = "due",
            ["Input.Title"] = "Cafe\u0301 deadline",
            ["Input.Date"] = "2027-01",
            ["Input.Status"] = "open",
            ["Input.Confidence"] = "inferred",
        };
        using var response = await client.SubmitAsync("/timeline/new", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await using var connection = await app.Database.OpenAsync();
        var title = await connection.ExecuteScalarAsync<string>("SELECT Title FROM TimelineItems WHERE Code = 'DL-2027-01'");
        Assert.That(title, Is.EqualTo("Caf\u00E9 deadline"));
    }

    /// <summary>Rows stored before the forms refused such characters (or written by hand) are replaced on the way out.</summary>
    private async Task StoreControlCharactersAsync()
    {
        await using var connection = await app.Database.OpenAsync();
        const string bad = "Bell\u0007 escape\u001B[2J nonchar\uFFFF end";
        await connection.ExecuteAsync("UPDATE StatusChanges SET Reason = @bad WHERE Id = (SELECT MAX(Id) FROM StatusChanges)", new { bad });
        await connection.ExecuteAsync("UPDATE Obligations SET Title = @bad WHERE Id = (SELECT MIN(Id) FROM Obligations)", new { bad });
        await connection.ExecuteAsync("UPDATE Sources SET Title = @bad WHERE Id = (SELECT MIN(Id) FROM Sources)", new { bad });
    }

    [TestCase("/changes.atom")]
    [TestCase("/data/status-changes.csv")]
    [TestCase("/data/obligations.csv")]
    [TestCase("/data/sources.csv")]
    [TestCase("/api/v1/status-changes")]
    [TestCase("/api/v1/obligations")]
    [TestCase("/changes")]
    [TestCase("/settlement")]
    [TestCase("/reports/current")]
    public async Task StoredControlCharacters_AreReplaced_NeverA500(string url)
    {
        await StoreControlCharactersAsync();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        if (url is "/changes.atom")
        {
            var feed = XDocument.Parse(body);
            Assert.That(feed.Root!.Name.LocalName, Is.EqualTo("feed"));
            Assert.That(body, Does.Contain("Bell\uFFFD escape\uFFFD[2J"));
        }
        if (url.EndsWith(".csv", StringComparison.Ordinal))
        {
            // Ordinal: a culture-aware search ignores control characters and would find them anywhere.
            Assert.That(body.IndexOf('\u0007', StringComparison.Ordinal), Is.EqualTo(-1));
            Assert.That(body.IndexOf('\u001B', StringComparison.Ordinal), Is.EqualTo(-1));
            Assert.That(body, Does.Contain("Bell\uFFFD escape\uFFFD[2J"));
        }
    }

    [Test]
    public async Task StoredControlCharacters_Publish_AndTheEditionShowsThemReplaced()
    {
        await StoreControlCharactersAsync();
        var number = await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        var edition = await app.Editions().FindAsync(number);
        var pdf = ReportPdf.Read(await File.ReadAllBytesAsync(Path.Combine(app.ReportsDirectory(), edition!.FileName)));
        Assert.That(pdf.AllText, Does.Contain("Bell"));
        Assert.That(pdf.AllText.IndexOf('\u0007', StringComparison.Ordinal), Is.EqualTo(-1));
    }
}
