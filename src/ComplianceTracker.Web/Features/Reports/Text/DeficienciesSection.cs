using ComplianceTracker.Web.Features.Deficiencies;
using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>Each deficiency of the survey with the latest assessment each of the case's assessors has given it.</summary>
public static class DeficienciesSection
{
    public static ReportSection Build(StatusReport report)
    {
        const string title = "The deficiencies";
        var blocks = new List<ReportBlock>
        {
            Paragraph($"The {report.SurveyTitle ?? "survey"}: the latest assessment each side has given for each deficiency. “None” means that side has not assessed the deficiency on its own{(report.Headline?.BasisTitle is null ? "" : $"; the {Shared.Assessors.Label(report.HeadlineAssessor).ToLowerInvariant()}'s aggregate report still counts it in the headline figure")}. What no document on file gives is shown as “not yet in this record”. Codes link to each deficiency's page."),
        };
        if (report.Deficiencies.Count == 0)
        {
            blocks.Add(Empty("No deficiencies are on record for this survey."));
        }
        else
        {
            // The assessors share the width three columns had, so the table keeps its size whoever assesses.
            double[] widths = report.Assessors.Count switch { 1 => [180], 2 => [100, 80], _ => [72, 60, 48] };
            var columns = new List<ReportColumn> { new("Code", 46), new("Deficiency", 148), new("Area", 66) };
            columns.AddRange(report.Assessors.Select((a, i) => new ReportColumn(a.Label, i < widths.Length ? widths[i] : 48)));
            columns.Add(new ReportColumn("Last change", 60));
            var rows = report.Deficiencies.Select(d =>
            {
                var name = new List<ReportRun> { d.Title is null && d.Finding is null ? new ReportRun(Deficiency.NotInRecord, RunStyle.Unknown) : Plain(d.DisplayTitle) };
                name.AddRange(Cites(d.Sources));
                if (d.OwnNumber is { } own)
                {
                    name.Add(Note(own) with { Break = true });
                }
                if (d.HasDisagreement)
                {
                    name.Add(new ReportRun("Assessors disagree", RunStyle.Alert) { Break = true });
                }
                if (d.Withdrawn is not null)
                {
                    name.Add(new ReportRun(d.Withdrawn + "; not counted", RunStyle.Alert) { Break = true });
                    name.AddRange(Cites(d.WithdrawnSources));
                }
                List<IReadOnlyList<ReportRun>> cells =
                [
                    [Link(d.Code, d.Path, RunStyle.Strong)],
                    name,
                    [d.Area is null ? new ReportRun(Runs.NotInRecord, RunStyle.Unknown) : Plain(d.Area)],
                ];
                cells.AddRange(report.Assessors.Select(a => a.Role == report.HeadlineAssessor && d.RegulatorCovered is { } covered && d.Statuses.GetValueOrDefault(a.Role) is null
                    ? (IReadOnlyList<ReportRun>)[Note(covered)]
                    : Status(d.Statuses.GetValueOrDefault(a.Role))));
                cells.Add([d.LastChange is null ? Note("None") : Plain(d.LastChange)]);
                return new ReportRow(cells);
            }).ToList();
            blocks.Add(new ReportTableBlock("The deficiencies, with each side's latest assessment", "deficiencies", columns, rows));
        }
        if (report.Repeats.Count > 0)
        {
            blocks.Add(new ReportHeadingBlock("Found before", Id: "found-before"));
            blocks.Add(Paragraph("Where a source ties a deficiency to an earlier finding of the same failure; never by the tracker's own reading."));
            blocks.Add(new ReportListBlock(report.Repeats.Select(r => new ReportListItem("•",
                [Link(r.Code, r.Path, RunStyle.Strong), Plain($"{r.Title}: {r.Sentence}"), .. Cites(r.Sources)])).ToList()));
        }
        return new ReportSection("deficiencies", title, blocks);
    }
}
