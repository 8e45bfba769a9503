using ComplianceTracker.Web.Features.Shared;
using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>Everything recorded since the edition before: status changes, corrections, edits, ledger entries, new items.</summary>
public static class ChangesSection
{
    public static ReportSection Build(StatusReport report)
    {
        var title = report.PreviousEdition is { } previous ? $"Changes since edition {previous}" : "Changes since the last edition";
        var blocks = new List<ReportBlock>();
        const string later = "Each later edition lists here every status change, correction, edit of details, ledger entry and new event or deadline recorded since the edition before it.";
        if (report.PreviousEdition is not { } before)
        {
            blocks.Add(Paragraph((report.Draft
                ? "No edition has been published yet, so nothing is listed as changed: the first edition starts the record. "
                : "First edition: this report starts the record, so nothing is listed as changed. ") + later));
            return new ReportSection("changes", title, blocks);
        }

        var from = $"Everything recorded after edition {before} (as of {Format.Day(report.PreviousAsOfDate!.Value)})";
        if (report.Draft)
        {
            var listed = $"/reports/{before}/changes";
            blocks.Add(Paragraph(
                Plain($"{from} and up to now ({Format.Day(report.AsOfDate)}), oldest first. The next edition will list these, with anything recorded before it is made. What edition {before} itself listed is at"),
                Link(report.Link(listed), listed),
                new ReportRun(".") { Glue = true }));
        }
        else
        {
            var path = $"/reports/{report.Edition}/changes";
            blocks.Add(Paragraph(
                Plain($"{from} and up to this edition (as of {Format.Day(report.AsOfDate)}), oldest first. The same list is on the site:"),
                Link(report.Link(path), path)));
        }
        if (report.Changes.Count == 0)
        {
            blocks.Add(Empty(report.Draft
                ? $"Nothing has been recorded since edition {before}."
                : $"Nothing was recorded between edition {before} and this edition."));
            return new ReportSection("changes", title, blocks);
        }
        var rows = report.Changes.Select(c => new ReportRow(
        [
            [Plain(Format.Day(c.RecordedOn)), Note(Format.RecordedBy(c.RecordedBy)) with { Break = true }],
            [Link(c.ItemCode, c.Path, RunStyle.Strong), TitleOrUnknown(c.ItemTitle) with { Break = true }],
            [Strong(c.Kind), Plain(c.Description) with { Break = true }, .. Provenance(c.Provenance),
                .. (c.StateNote is null ? Array.Empty<ReportRun>() : [new ReportRun(c.StateNote, RunStyle.Provenance) { Break = true, Caution = true }])],
            [Plain(string.IsNullOrWhiteSpace(c.Reason) ? "No reason given." : c.Reason), .. Cites(c.Sources)],
        ])).ToList();
        blocks.Add(new ReportTableBlock(title, "changes",
            [new("Recorded", 62), new("Item", 118), new("What changed", 192), new("Why, and the source", 128)], rows));
        return new ReportSection("changes", title, blocks);
    }
}
