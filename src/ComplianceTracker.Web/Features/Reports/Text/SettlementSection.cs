using ComplianceTracker.Web.Features.Shared;
using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>Each term of the settlement with its amount, due date, status and money ledger.</summary>
public static class SettlementSection
{
    public static ReportSection Build(StatusReport report)
    {
        var origin = report.Case.Origin;
        var title = $"{origin.Terms} and money";
        var blocks = new List<ReportBlock>
        {
            Paragraph($"Each term of the {origin.Noun}, with its amount, due date and status, what the sources say about it, and its money ledger. Only sourced ledger amounts count as paid or spent. Terms that belong to another are indented under it."),
        };
        if (report.Obligations.Count == 0)
        {
            // An empty table would look like a table that failed to print.
            blocks.Add(Empty($"No terms of a {origin.Noun} are on record."));
            return new ReportSection("settlement", title, blocks);
        }
        var rows = report.Obligations.Select(o =>
        {
            var term = new List<ReportRun> { Link(o.Code, o.Path, RunStyle.Strong), Strong(o.Title) };
            term.AddRange(Cites(o.Sources));
            term.Add(Note(o.KindLabel) with { Break = true });
            foreach (var sentence in o.Disagreements)
            {
                term.Add(new ReportRun("The record disagrees: " + sentence, RunStyle.Alert) { Break = true });
            }
            if (o.StatusNote is not null)
            {
                term.Add(Note(o.StatusNote) with { Break = true });
            }
            foreach (var l in o.Ledger)
            {
                term.Add(Note($"Ledger: {l.EntryLabel} {Format.Usd(l.AmountUsd)}, {l.Occurred}{(l.Counts ? "" : " (corrected; no longer counts)")}{(l.Note is null ? "" : ". " + l.Note)}") with { Break = true });
                term.AddRange(Cites(l.Sources));
            }
            return new ReportRow(
            [
                term,
                [o.AmountUsd is { } a ? Plain(Format.Usd(a)) : Note("not given")],
                [o.Due is null ? Note("not given") : Plain(o.Due)],
                Status(o.Status),
            ], o.Depth);
        }).ToList();
        blocks.Add(new ReportTableBlock($"{origin.Terms}, with amount, due date, status and ledger", "settlement",
            [new("Term", 292), new("Amount", 62, Numeric: true), new("Due", 70), new("Status", 76)], rows));
        return new ReportSection("settlement", title, blocks);
    }
}
