using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>A rendered report read back with PdfPig: each page's words joined by single spaces, as a reader sees them.</summary>
public sealed class ReportPdf
{
    private ReportPdf(byte[] bytes)
    {
        Bytes = bytes;
        using var document = PdfDocument.Open(bytes);
        // PdfPig's page.Text drops the spaces of PDFsharp's output; words keep them apart.
        Pages = document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
        Links = document.GetPages().SelectMany(p => p.GetHyperlinks()).Select(l => l.Uri).OfType<string>().ToList();
        Bookmarks = document.TryGetBookmarks(out var bookmarks) ? bookmarks.GetNodes().Select(n => n.Title).ToList() : [];
        Title = document.Information.Title;
        Subject = document.Information.Subject;
        Author = document.Information.Author;
        Created = document.Information.GetCreatedDateTimeOffset();
    }

    public byte[] Bytes { get; }
    public IReadOnlyList<string> Pages { get; }
    public IReadOnlyList<string> Links { get; }
    public IReadOnlyList<string> Bookmarks { get; }
    public string? Title { get; }
    public string? Subject { get; }
    public string? Author { get; }
    public DateTimeOffset? Created { get; }

    public string AllText => string.Join('\n', Pages);

    public static ReportPdf Read(byte[] bytes) => new(bytes);

    /// <summary>True when the words appear in this order, as a table header does.</summary>
    public static bool InOrder(string text, params string[] words)
    {
        var at = 0;
        foreach (var word in words)
        {
            at = text.IndexOf(word, at, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            at += word.Length;
        }
        return true;
    }

    /// <summary>
    /// The text of a section: from its heading, after the contents list (which names every section: on the cover, or
    /// after the case's summary on the page after it), to the next heading.
    /// </summary>
    public string Section(string heading, string nextHeading)
    {
        var all = string.Join('\n', Pages);
        var contents = all.IndexOf("IN THIS REPORT", StringComparison.Ordinal);
        Assert.That(contents, Is.GreaterThanOrEqualTo(0), "The report has a contents list.");
        // The contents end with the last section's title.
        var body = all[(all.IndexOf("Cite this", contents, StringComparison.Ordinal) + 1)..];
        var start = body.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"No section \"{heading}\" after the cover.");
        var end = body.IndexOf(nextHeading, start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? body[start..] : body[start..end];
    }
}

public static class ReportApp
{
    /// <summary>The model of an edition as the app builds it now, and its rendering in the app's report font.</summary>
    public static async Task<(StatusReport Report, byte[] Pdf)> RenderAsync(this TestApp app, int edition = 1, Edition? previous = null)
    {
        var query = app.Services.GetRequiredService<StatusReportQuery>();
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        var report = await query.BuildAsync(edition, app.Clock.GetUtcNow(), previous);
        return (report, StatusReportPdf.Render(report, fonts.Family).Bytes);
    }

    public static StatusReportJob Job(this TestApp app) => app.Services.GetRequiredService<StatusReportJob>();

    public static EditionStore Editions(this TestApp app) => app.Services.GetRequiredService<EditionStore>();

    public static string ReportsDirectory(this TestApp app) => Path.Combine(app.DataDirectory, "reports");

    /// <summary>Waits for a background job's effect, polling; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, int seconds = 30) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(200);
        }
        throw new AssertionException($"Nothing came within {seconds} seconds.");
    }
}
