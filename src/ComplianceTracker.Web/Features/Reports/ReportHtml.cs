using ComplianceTracker.Web.Features.Reports.Text;
using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Html;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The report's runs as HTML, for <c>_ReportText.cshtml</c>: each style its element and class, every word encoded.
/// Built in code, not markup, so the spaces between runs are exactly the ones the text has (a glued run gets none).
/// </summary>
public static class ReportHtml
{
    public static IHtmlContent Runs(IReadOnlyList<ReportRun> runs)
    {
        var html = new HtmlContentBuilder();
        // A break starts a new line: with any in the runs, each line is a block of its own.
        var lines = new List<List<ReportRun>> { new() };
        foreach (var run in runs)
        {
            if (run.Break && lines[^1].Count > 0)
            {
                lines.Add([]);
            }
            lines[^1].Add(run);
        }
        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            // Lines are blocks on screen; the space keeps their words apart when the text is copied or read as one.
            html.AppendHtml(lines.Count == 1 ? "" : l == 0 ? "<span class=\"line\">" : " <span class=\"line\">");
            for (var i = 0; i < line.Count; i++)
            {
                var run = line[i];
                // A citation is glued to the word before by a no-break space, as the PDF glues it.
                html.AppendHtml(i == 0 ? "" : run.Style == RunStyle.Cite ? "&#160;" : run.Glue ? "" : " ");
                if (run.Href is { } href)
                {
                    html.AppendHtml("<a href=\"").Append(href).AppendHtml(href.StartsWith('/') ? "\">" : "\" rel=\"noopener noreferrer\">");
                    Run(html, run);
                    html.AppendHtml("</a>");
                }
                else
                {
                    Run(html, run);
                }
            }
            html.AppendHtml(lines.Count > 1 ? "</span>" : "");
        }
        return html;
    }

    private static void Run(HtmlContentBuilder html, ReportRun run)
    {
        var (open, close) = run.Style switch
        {
            RunStyle.Strong => ("<strong>", "</strong>"),
            RunStyle.Unknown => ("<span class=\"unknown\">", "</span>"),
            RunStyle.Flag => ("<em class=\"flag\">", "</em>"),
            RunStyle.Alert => ("<strong class=\"flag\">", "</strong>"),
            RunStyle.Note => ("<span class=\"meta\">", "</span>"),
            RunStyle.Provenance => (run.Caution ? "<span class=\"prov prov-caution\">" : "<span class=\"prov\">", "</span>"),
            _ => ("", ""),
        };
        if (run.Style == RunStyle.Status)
        {
            html.AppendHtml("<span class=\"").Append(StatusTones.Css(run.Status)).AppendHtml("\">").Append(run.Text).AppendHtml("</span>");
        }
        else if (run.Style == RunStyle.Cite)
        {
            Cite(html, run.Text);
        }
        else
        {
            html.AppendHtml(open).Append(run.Text).AppendHtml(close);
        }
    }

    /// <summary>
    /// A list of source numbers as a marker glued to the word before by a no-break space, as the PDFs glue theirs:
    /// "[3, 5–7]", the same text <see cref="ReportText.Markers"/> gives both PDFs.
    /// </summary>
    public static IHtmlContent Markers(IReadOnlyList<int> sources)
    {
        var html = new HtmlContentBuilder();
        if (sources.Count > 0)
        {
            html.AppendHtml("&#160;");
            Cite(html, ReportText.Markers(sources));
        }
        return html;
    }

    /// <summary>"[2–5, 9]" as the report's text gives it, each part a link to the first source it names in the sources list.</summary>
    private static void Cite(HtmlContentBuilder html, string markers)
    {
        html.AppendHtml("<span class=\"cite-ref\">[");
        var parts = markers.Trim('[', ']').Split(", ");
        for (var i = 0; i < parts.Length; i++)
        {
            var first = parts[i].Split('–')[0];
            // The accessible name holds the visible text whole, as WCAG's "label in name" asks.
            var label = (parts[i].Contains('–') ? "Sources " : "Source ") + parts[i];
            html.AppendHtml(i == 0 ? "" : ", ")
                .AppendHtml("<a href=\"#source-").Append(first).AppendHtml("\" aria-label=\"").Append(label).AppendHtml("\">")
                .Append(parts[i]).AppendHtml("</a>");
        }
        html.AppendHtml("]</span>");
    }
}
