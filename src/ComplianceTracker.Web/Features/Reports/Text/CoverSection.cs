using ComplianceTracker.Web.Features.Shared;
using static ComplianceTracker.Web.Features.Reports.Text.Runs;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>The cover: the regulator's count, the key deadline, what changed since the edition before, and the money.</summary>
public static class CoverSection
{
    /// <summary>How many "Since then" lines the cover lists; a long list would push the deadline and the money off it.</summary>
    public const int SinceShown = 8;

    public static ReportCover Build(StatusReport report)
    {
        var blocks = new List<ReportBlock>();
        if (report.Headline is { } h)
        {
            blocks.Add(Headline(report, h));
        }
        if (report.KeyDeadline is { } d)
        {
            blocks.Add(Deadline(d));
        }
        if (report.PreviousEdition is { } previous)
        {
            var since = $"edition {previous} ({Format.Day(report.PreviousAsOfDate!.Value)})";
            blocks.Add(Paragraph(report.Changes.Count == 0
                ? $"Nothing was recorded since {since}."
                : $"Since {since}: {Format.Plural(report.Changes.Count, "change", "changes")} recorded — {ChangeTally(report)}, each listed in the changes section."));
        }
        if (!report.Money.IsEmpty)
        {
            blocks.Add(MoneyBlocks(report));
        }
        var kicker = report.Draft ? "Status report as it stands now" : "Status report · Edition " + report.Edition.ToString(Format.Us);
        return new ReportCover(
            kicker,
            report.Case.Title,
            $"Is {report.Case.Plan} fixing what the {report.Case.Regulator} found? This is the public record as of {Format.Day(report.AsOfDate)}, with the source of every claim.",
            blocks,
            "About this case",
            report.Case.Summary,
            "In this report");
    }

    private static ReportGroupBlock Headline(StatusReport report, ReportHeadline h)
    {
        var blocks = new List<ReportBlock> { new ReportFigureBlock(h.Figure, h.FigureLabel) };
        if (h.BasisTitle is not null)
        {
            blocks.Add(Paragraph([Plain("—"), Strong($"{h.BasisTitle}, {h.BasisPeriod}"), .. Cites(h.Sources)]));
        }
        else if (h.Sources.Count > 0)
        {
            blocks.Add(Paragraph([Plain("Sources:"), .. Cites(h.Sources).Select(r => r with { Glue = false })]));
        }
        if (h.AsOfSentence is not null)
        {
            blocks.Add(Paragraph(h.AsOfSentence));
        }
        if (h.Provenance is { } provenance)
        {
            var best = h.Sources.Count > 0 ? report.Sources.FirstOrDefault(x => x.Number == h.Sources[0]) : null;
            var line = new List<ReportRun> { new(provenance.Short + ".", RunStyle.Provenance) { Caution = provenance.NeedsCaution } };
            if (best is not null)
            {
                line.Add(Plain($"Best source [{best.Number}]: {best.Publisher}, “{best.Title}”."));
            }
            blocks.Add(new ReportParagraphBlock(line, ParagraphKind.Small));
        }
        if (h.Counts is not null)
        {
            blocks.Add(Paragraph(h.Counts, ParagraphKind.Note));
        }
        if (h.Total > 0)
        {
            blocks.Add(UnitChart(h));
        }
        if (h.BasisNote is not null)
        {
            blocks.Add(Paragraph(h.BasisNote, ParagraphKind.Note));
        }
        foreach (var since in h.Since.Take(SinceShown))
        {
            blocks.Add(Paragraph("Since then: " + since, ParagraphKind.Small));
        }
        if (h.Since.Count > SinceShown)
        {
            blocks.Add(Paragraph($"…and {(h.Since.Count - SinceShown).ToString("N0", Format.Us)} more individual assessments since; the deficiency table gives each item's latest.", ParagraphKind.Note));
        }
        return new ReportGroupBlock("headline-figure", blocks);
    }

    private static ReportUnitChartBlock UnitChart(ReportHeadline h)
    {
        var certain = h.ByStatus.Sum(s => s.Count.Min);
        var uncertain = Math.Max(0, h.Total - certain);
        var alt = $"Chart, one square per deficiency: {h.Figure} {h.FigureLabel}: "
            + string.Join(", ", h.ByStatus.Select(s => $"{s.Label} {s.Count}"))
            + (uncertain > 0 ? $", status uncertain {uncertain.ToString("N0", Format.Us)}." : ".");
        var legend = h.ByStatus.Select(s => new ReportKey($"{s.Label} {s.Count}", s.Code)).ToList();
        if (uncertain > 0)
        {
            legend.Add(new ReportKey("status uncertain", "uncertain"));
        }
        return new ReportUnitChartBlock(h, alt, legend,
            h.BasisTitle is null ? "One square per deficiency." : "One square per deficiency, in no particular order.");
    }

    private static ReportGroupBlock Deadline(ReportDeadline d)
    {
        var standing = d.Standing;
        var blocks = new List<ReportBlock>
        {
            new ReportHeadingBlock($"{d.Occurs} deadline: {standing.Describe()}", Prominent: true, Alert: standing.IsOverdue),
            Paragraph([Link(d.Title, d.Path), Plain("· " + d.StatusLabel), .. Cites(d.Sources)]),
        };
        // The deadline's description is on its own page, one link away: at its length it would push the money off the cover.
        if (!d.KnownToTheDay)
        {
            blocks.Add(Paragraph($"The sources give this date only to the {d.PrecisionName}; days are counted from its last day, {Format.Day(d.DueOn)}.", ParagraphKind.Note));
        }
        return new ReportGroupBlock("key-deadline", blocks);
    }

    /// <summary>"2 status changes, 1 detail edit": what changed since the previous edition, counted by kind.</summary>
    private static string ChangeTally(StatusReport report) => string.Join(", ", report.Changes
        .GroupBy(c => c.Kind)
        .Select(g => Format.Plural(g.Count(), g.Key.ToLowerInvariant(), g.Key.ToLowerInvariant() + "s")));

    private static ReportGroupBlock MoneyBlocks(StatusReport report)
    {
        var m = report.Money;
        var blocks = new List<ReportBlock> { new ReportHeadingBlock("Money", Id: "money") };
        if (m.HasFine)
        {
            var (paidKnown, paidUnknown) = m.Payment;
            var fine = new List<ReportRun> { Strong(m.FineSentence), Plain(paidKnown) };
            if (paidUnknown is not null)
            {
                fine.Add(new ReportRun(paidUnknown, RunStyle.Flag));
            }
            fine.AddRange(Cites(report.MoneySources));
            blocks.Add(new ReportParagraphBlock(fine));
        }
        blocks.AddRange(m.ContingentSentences.Select(s => Paragraph(s)));
        if (m.HasInvestment)
        {
            var (spentKnown, spentUnknown) = m.Spending;
            var investment = new List<ReportRun> { Strong(m.InvestmentSentence) };
            if (spentKnown.Length > 0)
            {
                investment.Add(Plain(spentKnown));
            }
            if (spentUnknown is not null)
            {
                investment.Add(new ReportRun(spentUnknown, RunStyle.Flag));
            }
            if (!m.HasFine)
            {
                investment.AddRange(Cites(report.MoneySources));
            }
            blocks.Add(new ReportParagraphBlock(investment));
        }
        blocks.AddRange(m.OtherSentences.Select(s => Paragraph(s)));
        // The money above and the deadlines' outcomes below are recorded apart: where they contradict, the cover says so.
        foreach (var o in report.Obligations.Where(o => o.Disagreements.Count > 0))
        {
            blocks.Add(new ReportParagraphBlock([
                new ReportRun("The record disagrees with itself:", RunStyle.Alert),
                Link(o.Code, o.Path, RunStyle.Strong),
                Plain(string.Join(" ", o.Disagreements)),
            ]));
        }
        if (m.LatestFigureOn is { } figureOn)
        {
            blocks.Add(Paragraph($"Newest money figure on record: {figureOn}, {Format.Age(figureOn.End, report.AsOfDate)}; no later amount reported.", ParagraphKind.Note));
        }
        blocks.Add(MoneyChart(m));
        return new ReportGroupBlock("money-figures", blocks);
    }

    private static ReportMoneyChartBlock MoneyChart(Settlement.Money m)
    {
        var bars = new List<ReportBar>();
        var described = new List<string>();
        if (m.HasFine)
        {
            bars.Add(new ReportBar(m.Fines.Count == 1 ? "Fine" : "Fines", m.FineTotal,
                [(m.FinePaid ?? 0, "confirmed"), (m.FineDueUnconfirmed, "unconfirmed")],
                $"{Format.Usd(m.FineTotal)}{(m.Fines.Count == 1 ? "" : " in all")}: amount paid {Format.UsdOrUnknown(m.FinePaid)}"));
            described.Add($"{(m.Fines.Count == 1 ? "fine" : "fines")} {Format.Usd(m.FineTotal)}, amount paid {Format.UsdOrUnknown(m.FinePaid)}");
        }
        if (m.HasInvestment)
        {
            bars.Add(new ReportBar("Investment", m.InvestmentCommitted, [(m.InvestmentReported ?? 0, "confirmed")],
                $"{Format.Usd(m.InvestmentCommitted)}: amount spent {Format.UsdOrUnknown(m.InvestmentReported)}"));
            described.Add($"investment {Format.Usd(m.InvestmentCommitted)} committed, amount spent {Format.UsdOrUnknown(m.InvestmentReported)}");
        }
        if (m.HasRestitution)
        {
            bars.Add(new ReportBar("Restitution", m.RestitutionTotal, [(m.RestitutionPaid ?? 0, "confirmed")],
                $"{Format.Usd(m.RestitutionTotal)}: amount paid {Format.UsdOrUnknown(m.RestitutionPaid)}"));
            described.Add($"restitution {Format.Usd(m.RestitutionTotal)} ordered, amount paid {Format.UsdOrUnknown(m.RestitutionPaid)}");
        }
        var alt = "Bar chart of the money on one dollar scale: " + string.Join("; ", described) + ". Only amounts a source confirms count as paid or spent.";
        return new ReportMoneyChartBlock(m, alt, bars,
        [
            new ReportKey("confirmed by a source", "confirmed"),
            new ReportKey("due, payment not confirmed", "unconfirmed"),
            new ReportKey("committed or contingent, nothing confirmed", "committed"),
        ]);
    }
}
