using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>The numbered list of every source the report cites.</summary>
public static class SourcesSection
{
    public static ReportSection Build(StatusReport report)
    {
        var blocks = new List<ReportBlock>
        {
            Paragraph(
                Plain("The numbers in brackets throughout this report refer to these sources. Each one is also listed, with every item that cites it, at"),
                Link(report.Link("/sources"), "/sources"),
                new ReportRun(".") { Glue = true }),
        };
        if (report.Sources.Count == 0)
        {
            blocks.Add(Empty("This report cites no sources."));
            return new ReportSection("sources", "Sources", blocks);
        }
        blocks.Add(new ReportListBlock(report.Sources.Select(s => new ReportListItem($"[{s.Number}]",
        [
            Plain(s.Publisher + ","),
            string.IsNullOrEmpty(s.Url) ? Strong(s.Title) : Link(s.Title, s.Url, RunStyle.Strong),
            new ReportRun(", " + (s.Published ?? "date not given") + ".") { Glue = true },
            Plain(s.Standing + ".") with { Break = true },
            string.IsNullOrEmpty(s.Url) ? new ReportRun("No address on record.", RunStyle.Unknown) { Break = true } : Link(s.Url, s.Url, RunStyle.Note) with { Break = true },
            .. s.Archived.Select(a => Link($"Archived copy, {a.Format}, retrieved {a.Retrieved}, SHA-256 {a.Sha256}", report.Link(a.Path), RunStyle.Note) with { Break = true }),
        ], "source-" + s.Number, s.Number)).ToList(), Numbered: true, Small: true));
        return new ReportSection("sources", "Sources", blocks);
    }
}
