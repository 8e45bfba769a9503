using System.Net;
using System.Text;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Commands;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>
/// Private requests, and every requester's address, e-mail and letter, never leave the staff pages: not on a public page,
/// the brief or its PDF, the change log, the feed, the API, a CSV, or a default export.
/// </summary>
public sealed class PrivacyTests
{
    private const string SecretSubject = "Confidential inquiry about a named member";
    private const string SecretRecords = "Every grievance filed by a member we must not name";
    private const string Street = "77 Hidden Lane";
    private const string Email = "staffer.private@example.org";
    private const string PublicSubject = "The report on the 2022 survey";

    private static readonly string[] PublicAddresses =
    [
        "/", "/requests", "/brief", "/brief.pdf", "/deficiencies/D-05", "/timeline", "/changes", "/changes?kind=records-request",
        "/changes.atom", "/api/v1/requests", "/api/v1/changes", "/data/requests.csv", "/data", "/desk",
    ];

    [Test]
    public async Task PrivateRequests_AndRequestersAddresses_AreAbsentFromEveryPublicPageFeedAndFile()
    {
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor", Email);
        var secret = await editor.DraftAsync(values: new Dictionary<string, string>
        {
            ["Input.Subject"] = SecretSubject,
            ["Input.Records"] = SecretRecords,
            ["Input.Letter"] = $"Test Editor\n{Street}\n{Email}\n\nRecords Officer\nDMHC\nSacramento\n\n{SecretRecords}\n",
        });
        var open = await editor.DraftAsync(values: new Dictionary<string, string>
        {
            ["Input.Subject"] = PublicSubject,
            ["Input.Letter"] = $"Test Editor\n{Street}\n{Email}\n\nRecords Officer\nDMHC\nSacramento\n\nThe report, please.\n",
            ["Input.IsPublic"] = "true",
        });
        foreach (var id in new[] { secret, open })
        {
            await editor.RecordOkAsync(id, "sent", "2026-11-20", new Dictionary<string, string> { ["Input.Method"] = "mail", ["Input.ReceivedOn"] = "2026-11-23" });
            await editor.RecordOkAsync(id, "acknowledged", "2026-11-24", new Dictionary<string, string> { ["Input.Note"] = "Receipt confirmed." });
        }
        var drafted = await editor.DraftAsync(values: new Dictionary<string, string> { ["Input.Subject"] = "A public draft not yet sent", ["Input.IsPublic"] = "true" });

        using var reader = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var seen = new StringBuilder();
        foreach (var address in PublicAddresses)
        {
            using var response = await reader.GetAsync(address);
            if (address == "/desk")
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the desk is for staff");
                continue;
            }
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), address);
            var body = address.EndsWith(".pdf", StringComparison.Ordinal)
                ? string.Join(" ", UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync()).GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text))
                : await response.Content.ReadAsStringAsync();
            seen.Append(body);
            Assert.Multiple(() =>
            {
                foreach (var secretWords in new[] { SecretSubject, SecretRecords, Street, Email, "A public draft not yet sent", $"R-{secret}<", $"\"R-{secret}\"" })
                {
                    Assert.That(body, Does.Not.Contain(secretWords), $"{address} holds “{secretWords}”");
                }
            });
        }
        Assert.That(seen.ToString(), Does.Contain(PublicSubject), "the public request is there to be seen");

        foreach (var url in new[] { $"/requests/{secret}", $"/requests/{drafted}" })
        {
            using var hidden = await reader.GetAsync(url);
            Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        }
        var publicPage = await reader.GetStringAsync($"/requests/{open}");
        Assert.That(publicPage, Does.Not.Contain(Street).And.Not.Contain(Email).And.Not.Contain("Test Editor\n"));

        // The export anyone may be given: the public request, without its requester or letter.
        var folder = Path.Combine(app.DataDirectory, "export");
        Assert.That(await ExportCaseCommand.RunAsync(app.Services, ["export-case", "--to", folder], TextWriter.Null), Is.Zero);
        var exported = string.Concat(Directory.GetFiles(folder, "*.json").Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(exported, Does.Contain(PublicSubject));
            foreach (var secretWords in new[] { SecretSubject, SecretRecords, Street, Email, "A public draft not yet sent" })
            {
                Assert.That(exported, Does.Not.Contain(secretWords), $"the export holds “{secretWords}”");
            }
        });
    }
}
