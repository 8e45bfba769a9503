using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>"How to read this report": the rules the app applies, each assessor's words, and how editions work.</summary>
public static class MethodologySection
{
    public static ReportSection Build(StatusReport report)
    {
        var blocks = new List<ReportBlock>();
        foreach (var paragraph in report.HowToRead)
        {
            if (paragraph.Heading is not null)
            {
                blocks.Add(new ReportHeadingBlock(paragraph.Heading));
            }
            blocks.Add(Paragraph(paragraph.Text));
        }
        foreach (var v in report.Vocabularies)
        {
            // A vocabulary is short: the PDF keeps it on one page.
            blocks.Add(new ReportGroupBlock(null,
            [
                new ReportHeadingBlock(v.Name),
                new ReportParagraphBlock(v.Given ? [Strong("Given by:"), Plain(v.Who)] : [Plain(v.Who)], ParagraphKind.Small),
                new ReportListBlock(v.Terms.Select(t => new ReportListItem("•", [Strong(t.Label + ":"), Plain(t.Meaning)])).ToList(), Small: true),
            ], KeepTogether: true));
        }
        blocks.Add(new ReportHeadingBlock("Editions"));
        blocks.Add(Paragraph(
            Plain("Editions are numbered 1, 2, 3… and never overwritten. Each is listed with its date, size and SHA-256 fingerprint at"),
            Link(report.Link("/reports"), "/reports"),
            new ReportRun("; the same edition always renders to the same bytes. New editions are made weekly and monthly on a schedule, and whenever an editor publishes one.") { Glue = true }));
        return new ReportSection("methodology", "How to read this report", blocks);
    }
}
