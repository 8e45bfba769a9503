using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Features.Shared;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.Pdf.IO;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// Turns a <see cref="StatusReport"/> into PDF bytes: no database, no clock, no files. The same model and typeface give
/// byte-identical output, so an edition's SHA-256 can be checked by rendering it again.
/// </summary>
public static class StatusReportPdf
{
    public static byte[] Render(StatusReport report, string fontFamily)
    {
        var document = new PdfDocument();
        document.Info.Title = report.Title;
        document.Info.Subject = report.Subject;
        document.Info.Author = "ComplianceTracker";
        document.Info.Creator = "ComplianceTracker";
        document.Info.Keywords = $"{report.Case.RegulatorShort}, {report.Case.Plan}, status report, edition {report.Edition}";
        // Dates and identifiers come from the model, never from the clock or a random number.
        document.Info.CreationDate = report.AsOf.UtcDateTime;
        document.Info.ModificationDate = report.AsOf.UtcDateTime;
        var id = DocumentId(report);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
        document.Language = "en-US";
        document.PageMode = PdfPageMode.UseOutlines;
        document.ViewerPreferences.DisplayDocTitle = true;

        PdfLayout.LayOut(document, (d, plan) => new ReportWriter(d, report, fontFamily, plan));
        return PdfFile.Save(document, id, report.Edition.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>How many pages a rendered report has.</summary>
    public static int CountPages(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    /// <summary>The PDF file identifier: 16 bytes from the edition and its as-of instant, as PDFsharp wants them, one char per byte.</summary>
    private static string DocumentId(StatusReport report)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ComplianceTracker|{report.Edition}|{report.AsOf.UtcTicks}")));
        return new string(hash.Take(16).Select(b => (char)b).ToArray());
    }
}

/// <summary>Lays the report out page by page. Coordinates are points from the top-left corner of the page.</summary>
internal sealed class ReportWriter : PdfLayout
{
    private readonly StatusReport report;

    public ReportWriter(PdfDocument document, StatusReport report, string family, LayoutPlan? plan)
        : base(document, family, plan)
    {
        this.report = report;
    }

    protected override void Compose()
    {
        Cover();
        Changes();
        Deficiencies();
        Settlement();
        Timeline();
        Sources();
        Methodology();
    }

    protected override PageFrame Frame => new(
        $"ComplianceTracker · Edition {report.Edition} · as of {Format.Day(report.AsOfDate)}",
        report.Case.RegulatorShort + " · " + ShortPlan(),
        report.Link($"/reports/{report.Edition}.pdf"));

    // ---- sections -------------------------------------------------------------------------------------------------

    private void Cover()
    {
        Bookmark("Cover");
        Paragraph([new Span("STATUS REPORT · EDITION " + report.Edition.ToString(Us), fonts.LabelBold, Accent)]);
        y += 4;
        Heading1([new Span(report.Case.Title, fonts.Title, Ink)], lineFactor: 1.15);
        y += 6;
        var lede = $"Is {report.Case.Plan} fixing what the {report.Case.Regulator} found? This is the public record as of {Format.Day(report.AsOfDate)}, with the source of every claim.";
        Paragraph([new Span(lede, fonts.Lede, Muted)]);
        y += 8;
        Rule(StrongRulePen);
        y += 14;

        if (report.Headline is { } h)
        {
            Paragraph([new Span(h.Figure, fonts.Huge, Accent)], lineFactor: 1.0);
            y += 2;
            var basis = new List<Span> { new(h.FigureLabel, fonts.H2, Ink) };
            if (h.BasisTitle is not null)
            {
                basis.Add(new Span($"— {h.BasisTitle}, {h.BasisPeriod}", fonts.H2Regular, Ink));
            }
            basis.AddRange(Cites(h.Sources, fonts.H2Regular));
            Paragraph(basis);
            if (h.AsOfSentence is not null)
            {
                Paragraph([new Span(h.AsOfSentence, fonts.Body, Ink)]);
            }
            if (h.Provenance is { } provenance)
            {
                var best = h.Sources.Count > 0 ? report.Sources.FirstOrDefault(x => x.Number == h.Sources[0]) : null;
                var line = new List<Span> { new(provenance.Short + ".", fonts.SmallBold, provenance.NeedsCaution ? Accent : Muted) };
                if (best is not null)
                {
                    line.Add(new Span($"Best source [{best.Number}]: {best.Publisher}, “{best.Title}”.", fonts.Small, Ink));
                }
                Paragraph(line);
            }
            if (h.Counts is not null)
            {
                Paragraph([new Span(h.Counts, fonts.Small, Muted)]);
            }
            y += 6;
            UnitChart(h);
            if (h.BasisNote is not null)
            {
                y += 2;
                Paragraph([new Span(h.BasisNote, fonts.SmallItalic, Muted)]);
            }
            // The cover lists a few; a long list would push the deadline and the money off the cover.
            const int sinceShown = 8;
            foreach (var since in h.Since.Take(sinceShown))
            {
                Paragraph([new Span("Since then: " + since, fonts.Small, Ink)]);
            }
            if (h.Since.Count > sinceShown)
            {
                Paragraph([new Span($"…and {(h.Since.Count - sinceShown).ToString("N0", Us)} more individual assessments since; the deficiency table gives each item's latest.", fonts.Small, Muted)]);
            }
            y += 10;
        }

        if (report.KeyDeadline is { } d)
        {
            var standing = d.Standing;
            Paragraph([new Span($"{d.Occurs} deadline: {standing.Describe()}", fonts.H2, standing.IsOverdue ? Accent : Ink)]);
            var line = new List<Span>
            {
                new(d.Title, fonts.Body, LinkBrush, report.Link(d.Path)),
                new("· " + d.StatusLabel, fonts.Body, Ink),
            };
            line.AddRange(Cites(d.Sources, fonts.Body));
            Paragraph(line);
            if (!d.KnownToTheDay)
            {
                Paragraph([new Span($"The sources give this date only to the {d.PrecisionName}; days are counted from its last day, {Format.Day(d.DueOn)}.", fonts.Small, Muted)]);
            }
            y += 10;
        }

        if (report.PreviousEdition is { } previous)
        {
            var changed = report.Changes.Count == 0
                ? $"Nothing was recorded since edition {previous} ({Format.Day(report.PreviousAsOfDate!.Value)})."
                : $"Since edition {previous} ({Format.Day(report.PreviousAsOfDate!.Value)}): {Format.Plural(report.Changes.Count, "change", "changes")} recorded — {ChangeTally()}, each listed in the changes section.";
            Paragraph([new Span(changed, fonts.Body, Ink)]);
            y += 6;
        }

        var m = report.Money;
        if (!m.IsEmpty)
        {
            Heading2("Money");
            if (m.HasFine)
            {
                var (paidKnown, paidUnknown) = m.Payment;
                var fine = new List<Span> { new(m.FineSentence, fonts.BodyBold, Ink), new(paidKnown, fonts.Body, Ink) };
                if (paidUnknown is not null)
                {
                    fine.Add(new Span(paidUnknown, fonts.BodyItalic, Accent));
                }
                fine.AddRange(Cites(report.MoneySources, fonts.Body));
                Paragraph(fine);
            }
            foreach (var contingent in m.ContingentSentences)
            {
                Paragraph([new Span(contingent, fonts.Body, Ink)]);
            }
            if (m.HasInvestment)
            {
                var (spentKnown, spentUnknown) = m.Spending;
                var investment = new List<Span> { new(m.InvestmentSentence, fonts.BodyBold, Ink) };
                if (spentKnown.Length > 0)
                {
                    investment.Add(new Span(spentKnown, fonts.Body, Ink));
                }
                if (spentUnknown is not null)
                {
                    investment.Add(new Span(spentUnknown, fonts.BodyItalic, Accent));
                }
                if (!m.HasFine)
                {
                    investment.AddRange(Cites(report.MoneySources, fonts.Body));
                }
                Paragraph(investment);
            }
            if (m.LatestFigureOn is { } figureOn)
            {
                Paragraph([new Span($"Newest money figure on record: {figureOn}, {Format.Age(figureOn.End, report.AsOfDate)}; no later amount reported.", fonts.Small, Muted)]);
            }
            y += 6;
            MoneyChart(m);
        }

        // The bottom of the cover: the case in brief on the left, the contents (drawn on the last pass, once every
        // section's page is known) on the right. A summary too long for the space moves to the next page.
        y += 16;
        var contentsTop = y;
        var summary = Wrap([new Span(report.Case.Summary, fonts.Small, Ink)], SummaryWidth, 1.3);
        if (y + 14 + summary.Sum(l => l.Height) <= Bottom)
        {
            using (Element(PdfBlockLevelElementTag.Heading2))
            {
                DrawText("ABOUT THIS CASE", fonts.LabelBold, Accent, Left, y + 8);
            }
            y += 14;
            using (Element(PdfBlockLevelElementTag.Paragraph))
            {
                DrawLines(summary, Left);
            }
        }
        else
        {
            summaryOnNextPage = true;
        }
        if (plan is not null)
        {
            Contents(plan.Contents, contentsTop);
        }
    }

    /// <summary>"2 status changes, 1 detail edit": the cover's count of what changed since the previous edition.</summary>
    private string ChangeTally() => string.Join(", ", report.Changes
        .GroupBy(c => c.Kind)
        .Select(g => Format.Plural(g.Count(), g.Key.ToLowerInvariant(), g.Key.ToLowerInvariant() + "s")));

    private const double SummaryWidth = 334;
    private bool summaryOnNextPage;

    private void Changes()
    {
        var title = report.PreviousEdition is { } previous ? $"Changes since edition {previous}" : "Changes since the last edition";
        if (summaryOnNextPage)
        {
            NewPage();
            Heading2("About this case");
            Paragraph([new Span(report.Case.Summary, fonts.Body, Ink)]);
        }
        Section(title, newPage: !summaryOnNextPage);
        if (report.PreviousEdition is null)
        {
            Paragraph([new Span("First edition: this report starts the record, so nothing is listed as changed. Each later edition lists here every status change, correction, edit of details, ledger entry and new event or deadline recorded since the edition before it.", fonts.Body, Ink)]);
            return;
        }
        Paragraph([new Span($"Everything recorded after edition {report.PreviousEdition} (as of {Format.Day(report.PreviousAsOfDate!.Value)}) and up to this edition (as of {Format.Day(report.AsOfDate)}), oldest first. The same list is on the site:", fonts.Body, Ink),
            new Span(report.Link($"/reports/{report.Edition}/changes"), fonts.Body, LinkBrush, report.Link($"/reports/{report.Edition}/changes"))]);
        y += 6;
        if (report.Changes.Count == 0)
        {
            Paragraph([new Span($"Nothing was recorded between edition {report.PreviousEdition} and this edition.", fonts.BodyItalic, Muted)]);
            return;
        }
        var columns = new[] { new Column("Recorded", 62), new Column("Item", 118), new Column("What changed", 192), new Column("Why, and the source", 128) };
        var rows = report.Changes.Select(c => new[]
        {
            new Cell([new Span(c.RecordedOn.ToString("d MMM yyyy", Us), fonts.Table, Ink), new Span(c.RecordedBy, fonts.TableSmall, Muted) { Break = true }]),
            new Cell([new Span(c.ItemCode, fonts.TableBold, LinkBrush, report.Link(c.Path)), TitleOrUnknown(c.ItemTitle, fonts.Table, fonts.TableItalic) with { Break = true }]),
            new Cell([new Span(c.Kind, fonts.TableBold, Ink), new Span(c.Description, fonts.Table, Ink) { Break = true }, .. ProvenanceSpans(c.Provenance)]),
            new Cell([new Span(string.IsNullOrWhiteSpace(c.Reason) ? "No reason given." : c.Reason, fonts.Table, Ink), .. Cites(c.Sources, fonts.Table)]),
        }).ToList();
        Table(columns, rows, title);
    }

    private void Deficiencies()
    {
        Section("The deficiencies");
        var lead = new List<Span>
        {
            new($"The {report.SurveyTitle ?? "survey"}: the latest assessment each side has given for each deficiency. A dash means that side has not assessed the deficiency on its own{(report.Headline?.BasisTitle is null ? "" : "; the regulator's aggregate report still counts it in the total on the cover")}. What no source has made public is printed as “not yet public”. Codes link to each deficiency's page.", fonts.Body, Ink),
        };
        Paragraph(lead);
        y += 6;
        // The assessors share the width three columns had, so the table keeps its size whoever assesses.
        double[] widths = report.Assessors.Count switch { 1 => [180], 2 => [100, 80], _ => [72, 60, 48] };
        var columns = new List<Column> { new("Code", 40), new("Deficiency", 154), new("Area", 66) };
        columns.AddRange(report.Assessors.Select((a, i) => new Column(a.Label, i < widths.Length ? widths[i] : 48)));
        columns.Add(new Column("Last change", 60));
        var rows = report.Deficiencies.Select(d =>
        {
            var title = new List<Span> { TitleOrUnknown(d.Title ?? (d.Finding is null ? null : d.DisplayTitle), fonts.Table, fonts.TableItalic) };
            title.AddRange(Cites(d.Sources, fonts.Table));
            if (d.HasDisagreement)
            {
                title.Add(new Span("Assessors disagree", fonts.TableBold, Accent) { Break = true });
            }
            return new[]
            {
                new Cell([new Span(d.Code, fonts.TableBold, LinkBrush, report.Link(d.Path))]),
                new Cell(title),
                new Cell([d.Area is null ? new Span("not yet public", fonts.TableItalic, Muted) : new Span(d.Area, fonts.Table, Ink)]),
            }
            .Concat(report.Assessors.Select(a => StatusCell(d.Statuses.GetValueOrDefault(a.Role))))
            .Append(new Cell([new Span(d.LastChange ?? "—", fonts.Table, d.LastChange is null ? Muted : Ink)]))
            .ToArray();
        }).ToList();
        Table(columns, rows, "The deficiencies");
        if (report.Repeats.Count > 0)
        {
            Heading2("Found before");
            Paragraph([new Span("Where a source ties a deficiency to an earlier finding of the same failure; never by the tracker's own reading.", fonts.Body, Ink)]);
            using (List())
            {
                foreach (var r in report.Repeats)
                {
                    Numbered("•", [new Span(r.Code, fonts.BodyBold, LinkBrush, report.Link(r.Path)), new Span($"{r.Title}: {r.Sentence}", fonts.Body, Ink), .. Cites(r.Sources, fonts.Body)], indent: 12, after: 2);
                }
            }
        }
    }

    private void Settlement()
    {
        Section("Settlement terms and money");
        Paragraph([new Span("Each term of the settlement, with its amount, due date and status, what the sources say about it, and its money ledger. Only sourced ledger amounts count as paid or spent.", fonts.Body, Ink)]);
        y += 6;
        if (report.Obligations.Count == 0)
        {
            // The web rendering says the same: an empty table would look like a table that failed to print.
            Paragraph([new Span("No settlement terms are on record.", fonts.BodyItalic, Muted)]);
            return;
        }
        var columns = new[] { new Column("Term", 292), new Column("Amount", 62), new Column("Due", 70), new Column("Status", 76) };
        var rows = new List<Cell[]>();
        foreach (var o in report.Obligations)
        {
            var indent = o.Depth * 12.0;
            var term = new List<Span>
            {
                new(o.Code, fonts.TableBold, LinkBrush, report.Link(o.Path)),
                new(o.Title, fonts.TableBold, Ink),
            };
            term.AddRange(Cites(o.Sources, fonts.Table));
            if (o.StatusNote is not null)
            {
                term.Add(new Span(o.StatusNote, fonts.TableSmall, Muted) { Break = true });
            }
            foreach (var l in o.Ledger)
            {
                term.Add(new Span($"Ledger: {l.EntryLabel} {Format.Usd(l.AmountUsd)}, {l.Occurred}{(l.Counts ? "" : " (corrected; no longer counts)")}{(l.Note is null ? "" : ". " + l.Note)}", fonts.TableSmall, Ink) { Break = true });
                term.AddRange(Cites(l.Sources, fonts.TableSmall));
            }
            rows.Add(
            [
                new Cell(term, indent),
                new Cell([new Span(o.AmountUsd is { } a ? Format.Usd(a) : "—", fonts.Table, o.AmountUsd is null ? Muted : Ink)]),
                new Cell([new Span(o.Due ?? "—", fonts.Table, o.Due is null ? Muted : Ink)]),
                new Cell([new Span(o.Status.Label, fonts.TableBold, StatusBrush(o.Status.Code)), .. ProvenanceSpans(o.Status.Provenance)]),
            ]);
        }
        Table(columns, rows, "Settlement terms and money");
    }

    private void Timeline()
    {
        var t = report.Timeline;
        Section("Timeline");
        Paragraph([new Span($"Events and deadlines from {Format.Day(t.From)} to {Format.Day(t.To)}: the twelve months before this edition and the twelve after. A deadline known only to the month or year falls due on the last day of that period. A passed deadline's outcome is what a source says; only a missed one is overdue.", fonts.Body, Ink)]);
        var columns = new[] { new Column("When", 92), new Column("Event or deadline", 278), new Column("Standing", 130) };

        void Group(string title, IReadOnlyList<ReportTimelineItem> items, string none)
        {
            y += 4;
            Heading2(title, keepWith: 50);
            if (items.Count == 0)
            {
                Paragraph([new Span(none, fonts.BodyItalic, Muted)]);
                return;
            }
            Table(columns, items.Select(TimelineRow).ToList(), "Timeline: " + title.ToLowerInvariant());
        }

        if (t.Milestones.Count > 0)
        {
            Group($"Key milestones, {t.Milestones[0].When} to {t.Milestones[^1].When}", t.Milestones, "");
        }
        Group("The last twelve months", t.Past, "Nothing dated in the last twelve months is on record.");
        Group("The next twelve months", t.Coming, "Nothing on record falls in the next twelve months.");
        if (t.NextLater is { } next)
        {
            y += 2;
            Paragraph([new Span("Next deadline after that: ", fonts.Body, Ink), new Span($"{next.When}, {next.Title}", fonts.Body, LinkBrush, report.Link(next.Path)), .. Cites(next.Sources, fonts.Body)]);
        }
        if (t.OverdueEarlier.Count > 0)
        {
            Group("Earlier deadlines: missed, or outcome still unknown", t.OverdueEarlier, "");
        }
    }

    private Cell[] TimelineRow(ReportTimelineItem i)
    {
        var item = new List<Span>
        {
            new(i.IsDeadline ? "Deadline" : "Event", fonts.TableSmall, Muted) { },
            new(i.Title, i.IsDeadline ? fonts.TableBold : fonts.Table, LinkBrush, report.Link(i.Path)) { Break = true },
        };
        item.AddRange(Cites(i.Sources, fonts.Table));
        if (i.Alternate is not null)
        {
            item.Add(new Span("Another source gives " + i.Alternate, fonts.TableSmall, Muted) { Break = true });
        }
        var standing = new List<Span>();
        // A passed deadline's standing already says its outcome; the status word would only repeat it.
        if (i.StatusLabel is { Length: > 0 } status && i.Standing is null)
        {
            standing.Add(new Span(status, fonts.Table, Ink));
        }
        if (i.DaysOverdue is { } overdue)
        {
            standing.Add(new Span("Overdue by " + Format.Plural(overdue, "day", "days"), fonts.TableBold, Accent) { Break = true });
        }
        else if (i.Standing is { } passed)
        {
            standing.Add(new Span(passed, fonts.Table, Ink) { Break = standing.Count > 0 });
        }
        else if (i.DaysLeft is { } left)
        {
            standing.Add(new Span(left == 0 ? "due today" : Format.Plural(left, "day left", "days left"), fonts.Table, Ink) { Break = standing.Count > 0 });
        }
        if (standing.Count == 0)
        {
            standing.Add(new Span("—", fonts.Table, Muted));
        }
        return [new Cell([new Span(i.When, fonts.Table, Ink)]), new Cell(item), new Cell(standing)];
    }

    private void Sources()
    {
        Section("Sources");
        Paragraph([new Span("The numbers in brackets throughout this report refer to these sources. Each one is also listed, with every item that cites it, at ", fonts.Body, Ink),
            new Span(report.Link("/sources"), fonts.Body, LinkBrush, report.Link("/sources")) { Glue = false }, new Span(".", fonts.Body, Ink) { Glue = true }]);
        y += 6;
        if (report.Sources.Count == 0)
        {
            Paragraph([new Span("This edition cites no sources.", fonts.BodyItalic, Muted)]);
            return;
        }
        using var list = List();
        foreach (var s in report.Sources)
        {
            var spans = new List<Span>
            {
                new(s.Publisher + ",", fonts.Small, Ink),
                string.IsNullOrEmpty(s.Url) ? new(s.Title, fonts.SmallBold, Ink) : new(s.Title, fonts.SmallBold, LinkBrush, s.Url),
            };
            if (s.Published is not null)
            {
                spans.Add(new Span(", " + s.Published + ".", fonts.Small, Ink) { Glue = true });
            }
            else
            {
                spans.Add(new Span(", date not given.", fonts.Small, Ink) { Glue = true });
            }
            spans.Add(new Span(s.Standing + ".", fonts.Small, Ink) { Break = true });
            spans.Add(string.IsNullOrEmpty(s.Url) ? new Span("No address on record.", fonts.SmallItalic, Muted) { Break = true } : new Span(s.Url, fonts.Small, Muted, s.Url) { Break = true });
            Numbered($"[{s.Number}]", spans);
        }
    }

    private void Methodology()
    {
        Section("How to read this report");
        foreach (var paragraph in report.HowToRead)
        {
            if (paragraph.Heading is not null)
            {
                Heading2(paragraph.Heading);
            }
            Paragraph([new Span(paragraph.Text, fonts.Body, Ink)]);
            y += 4;
        }
        foreach (var v in report.Vocabularies)
        {
            var block = Wrap([new Span(v.Name, fonts.H2, Ink)], Width).Sum(l => l.Height) + 8
                + Wrap([new Span("Given by: " + v.Who, fonts.Small, Ink)], Width).Sum(l => l.Height)
                + v.Terms.Sum(t => Wrap([new Span(t.Label + ": " + t.Meaning, fonts.Small, Ink)], Width - 12).Sum(l => l.Height) + 1);
            // A vocabulary is short: keep it on one page.
            Space(block + 4);
            Heading2(v.Name, keepWith: 0);
            Paragraph([new Span("Given by:", fonts.SmallBold, Ink), new Span(v.Who, fonts.Small, Ink)]);
            using (List())
            {
                foreach (var term in v.Terms)
                {
                    Numbered("•", [new Span(term.Label + ":", fonts.SmallBold, Ink), new Span(term.Meaning, fonts.Small, Ink)], indent: 12, after: 1);
                }
            }
            y += 4;
        }
        Heading2("Editions");
        Paragraph([new Span("Editions are numbered 1, 2, 3… and never overwritten. Each is listed with its date, size and SHA-256 fingerprint at", fonts.Body, Ink),
            new Span(report.Link("/reports"), fonts.Body, LinkBrush, report.Link("/reports")),
            new Span("; the same edition always renders to the same bytes. New editions are made weekly and monthly on a schedule, and whenever an editor publishes one.", fonts.Body, Ink) { Glue = true }]);
    }

    // ---- charts ---------------------------------------------------------------------------------------------------

    /// <summary>One square per deficiency, coloured by the regulator's status; uncertain ones are outlined only.</summary>
    private void UnitChart(ReportHeadline h)
    {
        // Squares shrink until the chart fits in what is left of the cover, so a survey of thousands stays one chart.
        var available = Math.Min(260, Math.Max(160, Bottom - y - 90));
        double size = 17;
        double gap = 4;
        var perRow = (int)Math.Floor((Width + gap) / (size + gap));
        while (size > 2 && Math.Ceiling(h.Total / (double)perRow) * (size + gap) > available)
        {
            size = Math.Max(2, size * 0.9);
            gap = Math.Max(0.5, size * 0.235);
            perRow = (int)Math.Floor((Width + gap) / (size + gap));
        }
        var squares = new List<(XBrush? Fill, XColor Edge)>();
        foreach (var (code, _, count) in h.ByStatus)
        {
            for (var i = 0; i < count.Min; i++)
            {
                squares.Add((StatusBrush(code), StatusColor(code)));
            }
        }
        while (squares.Count < h.Total)
        {
            squares.Add((null, MutedColor));
        }
        var rows = (int)Math.Ceiling(squares.Count / (double)perRow);
        Space((rows * (size + gap)) + 30);
        var uncertain = squares.Count(s => s.Fill is null);
        var alt = $"Chart, one square per deficiency: {h.Figure} {h.FigureLabel}: "
            + string.Join(", ", h.ByStatus.Select(s => $"{s.Label} {s.Count}"))
            + (uncertain > 0 ? $", status uncertain {uncertain.ToString("N0", Us)}." : ".");
        using var figure = Figure(alt, new XRect(Left, y, Width, (rows * (size + gap)) + 18));
        for (var i = 0; i < squares.Count; i++)
        {
            var x = Left + (i % perRow * (size + gap));
            var top = y + (i / perRow * (size + gap));
            var (fill, edge) = squares[i];
            if (fill is not null)
            {
                DrawBox(null, fill, x, top, size, size);
            }
            else
            {
                DrawBox(new XPen(edge, 1) { DashStyle = XDashStyle.Dot }, null, x + 0.5, top + 0.5, size - 1, size - 1);
            }
        }
        y += rows * (size + gap) + 4;
        var legend = h.ByStatus.Select(s => new Swatch($"{s.Label} {s.Count}", StatusBrush(s.Code), null)).ToList();
        if (squares.Any(s => s.Fill is null))
        {
            legend.Add(new Swatch("status uncertain", null, new XPen(MutedColor, 0.8) { DashStyle = XDashStyle.Dot }));
        }
        Legend(legend, h.BasisTitle is null ? "One square per deficiency." : "One square per deficiency, in no particular order.");
    }

    private sealed record Swatch(string Label, XBrush? Fill, XPen? Edge);

    /// <summary>A row of colour keys: a small square, then its label.</summary>
    private void Legend(IReadOnlyList<Swatch> swatches, string? note = null)
    {
        Space(14);
        var x = Left;
        foreach (var swatch in swatches)
        {
            var width = Measure(swatch.Label, fonts.SmallBold);
            if (x + 12 + width > Right)
            {
                x = Left;
                y += 13;
            }
            var edge = swatch.Edge ?? new XPen(RuleColor, 0.6);
            if (swatch.Fill is null)
            {
                DrawBox(edge, null, x, y + 1, 8, 8);
            }
            else
            {
                DrawBox(edge, swatch.Fill, x, y + 1, 8, 8);
            }
            DrawText(swatch.Label, fonts.SmallBold, Ink, x + 11, y + 8);
            x += 11 + width + 14;
        }
        if (note is not null)
        {
            if (x + Measure(note, fonts.Small) > Right)
            {
                x = Left;
                y += 13;
            }
            DrawText(note, fonts.Small, Muted, x, y + 8);
        }
        y += 14;
    }

    /// <summary>The fine and the investment as horizontal bars on one dollar scale: what was committed against what sources confirm.</summary>
    private void MoneyChart(Dashboard.Money m)
    {
        var scale = Math.Max(Math.Max(m.FineTotal, m.InvestmentCommitted), 1);
        const double labelWidth = 92;
        const double barHeight = 15;
        var barWidth = Width - labelWidth - 150;
        Space(2 * (barHeight + 18) + 36);
        var bars = new List<string>();
        if (m.HasFine)
        {
            bars.Add($"{(m.Fines.Count == 1 ? "fine" : "fines")} {Format.Usd(m.FineTotal)}, amount paid {Format.UsdOrUnknown(m.FinePaid)}");
        }
        if (m.HasInvestment)
        {
            bars.Add($"investment {Format.Usd(m.InvestmentCommitted)} committed, amount spent {Format.UsdOrUnknown(m.InvestmentReported)}");
        }
        var alt = "Bar chart of the money on one dollar scale: " + string.Join("; ", bars) + ". Only amounts a source confirms count as paid or spent.";
        using var figure = Figure(alt, new XRect(Left, y, Width, (bars.Count * (barHeight + 8)) + 28));

        void Bar(string label, IReadOnlyList<(long Amount, XBrush Fill, bool Outline)> parts, long total, string note)
        {
            DrawText(label, fonts.SmallBold, Ink, new XRect(Left, y, labelWidth - 8, barHeight), XStringFormats.CenterLeft);
            var x = Left + labelWidth;
            var full = barWidth * total / scale;
            DrawBox(new XPen(RuleColor, 0.8), Shade, x, y, full, barHeight);
            foreach (var (amount, fill, outline) in parts)
            {
                var w = barWidth * amount / scale;
                if (w <= 0)
                {
                    continue;
                }
                if (outline)
                {
                    DrawBox(new XPen(AccentColor, 0.8), fill, x, y, w, barHeight);
                }
                else
                {
                    DrawBox(null, fill, x, y, w, barHeight);
                }
                x += w;
            }
            DrawText(note, fonts.Small, Ink, new XRect(Left + labelWidth + full + 6, y, PageWidth, barHeight), XStringFormats.CenterLeft);
            y += barHeight + 8;
        }

        var pale = new XSolidBrush(PaleAccentColor);
        if (m.HasFine)
        {
            Bar(m.Fines.Count == 1 ? "Fine" : "Fines", [(m.FinePaid ?? 0, Good, false), (m.FineDueUnconfirmed, pale, true)], m.FineTotal,
                $"{Format.Usd(m.FineTotal)}{(m.Fines.Count == 1 ? "" : " in all")}: amount paid {Format.UsdOrUnknown(m.FinePaid)}");
        }
        if (m.HasInvestment)
        {
            Bar("Investment", [(m.InvestmentReported ?? 0, Good, false)], m.InvestmentCommitted,
                $"{Format.Usd(m.InvestmentCommitted)}: amount spent {Format.UsdOrUnknown(m.InvestmentReported)}");
        }
        Legend(
        [
            new Swatch("confirmed by a source", Good, null),
            new Swatch("due, payment not confirmed", pale, new XPen(AccentColor, 0.8)),
            new Swatch("committed or contingent, nothing confirmed", Shade, null),
        ]);
    }

    // ---- contents -------------------------------------------------------------------------------------------------

    private string ShortPlan() => report.Case.Plan.Split(',')[0];

    /// <summary>
    /// The cover's contents, beside the case summary or on its own at the left when the summary went to the next page:
    /// a TOC whose entries link to their pages. Drawn from the first pass's plan, where the sections are not laid out yet.
    /// </summary>
    private void Contents(IReadOnlyList<(string Title, int Page)> entries, double top)
    {
        var x = summaryOnNextPage ? Left : Left + SummaryWidth + 22;
        var width = summaryOnNextPage ? 240 : Right - x;
        if (top + 14 + (entries.Count * 15) > Bottom)
        {
            return;
        }
        using (Element(PdfBlockLevelElementTag.Heading2))
        {
            DrawText("IN THIS REPORT", fonts.LabelBold, Accent, x, top + 8);
        }
        top += 14;
        using var toc = Element(PdfGroupingElementTag.TableOfContents);
        foreach (var (title, number) in entries)
        {
            using (Element(PdfGroupingElementTag.TableOfContentsItem))
            {
                var target = PdfLinkAnnotation.CreateDocumentLink(new PdfRectangle(new XRect(x, PageHeight - (top + 14), width, 14)), number);
                using (Link(target, $"{title}, page {number.ToString(Us)}"))
                {
                    DrawText(title, fonts.Small, LinkBrush, x, top + 10);
                    DrawText(number.ToString(Us), fonts.Small, Muted, new XRect(x, top, width, 14), XStringFormats.CenterRight);
                }
            }
            using (Artifact())
            {
                DrawRule(RulePen, x, top + 14, x + width, top + 14);
            }
            top += 15;
        }
    }
}
