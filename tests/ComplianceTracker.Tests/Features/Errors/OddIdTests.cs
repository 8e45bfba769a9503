using System.Net;
using System.Text.RegularExpressions;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Errors;

/// <summary>Every route with a parameter, walked with ids of the wrong shape: each answers 4xx, never a server error.</summary>
public partial class OddIdTests
{
    // Not numbers, too large for 32 or 64 bits, negative, zero, a dot, a right-to-left mark, a path-looking value.
    private static readonly string[] OddValues = ["abc", "99999999999", "99999999999999999999999", "-1", "0", ".", "%E2%80%AE", "..%2Fkeys", "D-9999"];

    private static IReadOnlyList<string> Templates(TestApp app) => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
        .Where(t => t.Contains('{', StringComparison.Ordinal) && !t.Contains("{*", StringComparison.Ordinal) && !t.Contains("{**", StringComparison.Ordinal))
        .Where(t => !t.TrimStart('/').StartsWith("hangfire", StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    [Test]
    public async Task EveryRouteWithAnId_AnswersClientError_ForIdsOfTheWrongShape()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Storage"] = "SQLite" });
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var editor = await app.SignedInClientAsync("Admin");
        var templates = Templates(app);
        Assert.That(templates, Does.Contain("/reports/publish/{jobId}").And.Contain("/changes/withdraw/{type}/{id:long}"), "the walk sees the routes");

        var failures = new List<string>();
        foreach (var template in templates)
        {
            foreach (var value in OddValues)
            {
                var path = "/" + Parameter().Replace(template.TrimStart('/'), value);
                foreach (var (who, client) in new[] { ("anonymous", anonymous), ("admin", editor) })
                {
                    using var response = await client.GetAsync(path);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{who} GET {path} ({template}): {(int)response.StatusCode}");
                    }
                }
            }
        }
        TestContext.Out.WriteLine($"{templates.Count} route templates, {OddValues.Length} values each, anonymous and signed in.");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task PublishStatus_AnswersNotFound_ForAnIdTheJobStorageCannotRead()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:Storage"] = "SQLite" });
        using var editor = await app.SignedInClientAsync("Editor");
        foreach (var id in new[] { "abc", "99999999999" })
        {
            using var page = await editor.GetAsync($"/reports/publish/{id}");
            using var progress = await editor.GetAsync($"/reports/publish/{id}?handler=Progress");
            Assert.Multiple(() =>
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), id);
                Assert.That(progress.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), id);
            });
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
