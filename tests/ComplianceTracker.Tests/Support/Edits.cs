using System.Net;

namespace ComplianceTracker.Tests.Support;

/// <summary>Records through the real editing forms, for tests that need a change to exist.</summary>
public static class Edits
{
    public static async Task RecordAssessmentAsync(this HttpClient editor, string code, string assessment, string reason, string url = "https://example.org/evidence")
    {
        using var response = await editor.SubmitAsync($"/deficiencies/{code}/assess", new Dictionary<string, string>
        {
            ["Input.Assessment"] = assessment,
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = reason,
            // The source below is the regulator's own letter: "verified" only for the regulator's own status.
            ["Input.Confidence"] = assessment.StartsWith("regulator:", StringComparison.Ordinal) ? "verified" : "reported",
            ["Input.Source.Title"] = "DMHC letter",
            ["Input.Source.Publisher"] = "California Department of Managed Health Care",
            ["Input.Source.Url"] = url,
            ["Input.Source.PublishedOn"] = "2026-11-20",
            ["Input.Source.Kind"] = "regulator-release",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }
}
