using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>"Cite this": the edition in one paste, with its permanent address, and how to name the page of a figure.</summary>
public static class CiteSection
{
    /// <summary>The citation a reader pastes: the same words on the PDF's last page and on the edition's page.</summary>
    public static string Citation(string caseTitle, int edition, string asOf, string address) =>
        $"ComplianceTracker, \u201C{caseTitle}: status report, edition {edition},\u201D as of {asOf}. {address}";

    public static ReportSection Build(StatusReport report)
    {
        if (report.Draft)
        {
            return new ReportSection("cite", "Cite this", [
                Paragraph(
                    Plain("This is a preview of the next edition, made on request, not an edition: it may change before it is published. Cite a published edition instead, from"),
                    Link(report.Link("/reports"), "/reports"),
                    new ReportRun(".") { Glue = true }),
            ]);
        }
        var address = report.Link($"/reports/{report.Edition}.pdf");
        var asOf = Shared.Format.Day(report.AsOfDate);
        return new ReportSection("cite", "Cite this", [
            Paragraph("Ready to paste:"),
            Paragraph(Strong(Citation(report.Case.Title, report.Edition, asOf, address))),
            Paragraph(
                Plain($"To cite one figure, add the page it is on, as \u201Cedition {report.Edition}, p. 2\u201D. This edition never changes: its size and SHA-256 fingerprint are listed at"),
                Link(report.Link($"/reports/{report.Edition}"), $"/reports/{report.Edition}"),
                new ReportRun(", so a reader can check that a copy is the one cited.") { Glue = true }),
        ]);
    }
}
