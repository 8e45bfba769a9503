using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Features.Shared;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

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

        new ReportWriter(document, report, fontFamily).Write();
        NameFontSubsets(document, report);
        NameAnnotations(document);

        using var stream = new MemoryStream();
        document.Save(stream, false);
        var bytes = stream.ToArray();
        FixXmpIds(bytes, id);
        return bytes;
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

    /// <summary>
    /// PDFsharp tags each embedded font subset with six random letters ("ABCDEF+DejaVu Sans"). The tag only has to differ
    /// between subsets of one file, so it is replaced by one derived from the subset's place in the document.
    /// </summary>
    private static void NameFontSubsets(PdfDocument document, StatusReport report)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var descriptor in document.Internals.GetAllObjects().OfType<PdfFontDescriptor>())
        {
            var old = descriptor.FontName;
            var plus = old.IndexOf('+', StringComparison.Ordinal);
            var baseName = plus >= 0 ? old[(plus + 1)..] : old.TrimStart('/');
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{report.Edition}|{index++}|{baseName}")));
            var tag = new string(hash.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
            var name = "/" + tag + "+" + baseName;
            renamed[old] = name;
            descriptor.FontName = name;
        }
        foreach (var font in document.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            if (font.Elements.GetName("/BaseFont") is { Length: > 0 } baseFont && renamed.TryGetValue(baseFont, out var name))
            {
                font.Elements.SetName("/BaseFont", name);
            }
        }
    }

    /// <summary>
    /// PDFsharp stamps each link annotation with a random name (/NM) and the current time (/M). Both are optional;
    /// the name becomes the link's place in the document and the time is left out.
    /// </summary>
    private static void NameAnnotations(PdfDocument document)
    {
        for (var p = 0; p < document.PageCount; p++)
        {
            var annotations = document.Pages[p].Annotations;
            for (var i = 0; i < annotations.Count; i++)
            {
                var annotation = annotations[i];
                annotation.Elements.SetString("/NM", string.Create(CultureInfo.InvariantCulture, $"link-{p + 1}-{i + 1}"));
                annotation.Elements.Remove("/M");
            }
        }
    }

    /// <summary>
    /// PDFsharp writes the XMP metadata at save time with two fresh GUIDs. They are overwritten in place with ones
    /// derived from the document identifier; both have the same length, so no offset in the file moves.
    /// </summary>
    private static void FixXmpIds(byte[] pdf, string id)
    {
        var idBytes = id.Select(c => (byte)c).ToArray();
        Replace(pdf, "<xmpMM:DocumentID>uuid:", new Guid(idBytes).ToString());
        var instance = SHA256.HashData(idBytes).AsSpan(0, 16).ToArray();
        Replace(pdf, "<xmpMM:InstanceID>uuid:", new Guid(instance).ToString());

        static void Replace(byte[] pdf, string marker, string uuid)
        {
            var at = pdf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
            if (at >= 0 && at + marker.Length + 36 <= pdf.Length)
            {
                Encoding.ASCII.GetBytes(uuid).CopyTo(pdf, at + marker.Length);
            }
        }
    }
}

/// <summary>Lays the report out page by page. Coordinates are points from the top-left corner of the page.</summary>
internal sealed class ReportWriter
{
    private const double PageWidth = 612;   // US Letter
    private const double PageHeight = 792;
    private const double Left = 56;
    private const double Right = PageWidth - 56;
    private const double Width = Right - Left;
    private const double Top = 66;
    private const double Bottom = PageHeight - 62;

    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    private static readonly XColor InkColor = XColor.FromArgb(0x1F, 0x23, 0x28);
    private static readonly XColor MutedColor = XColor.FromArgb(0x5B, 0x63, 0x6E);
    private static readonly XColor RuleColor = XColor.FromArgb(0xD3, 0xD7, 0xDC);
    private static readonly XColor ShadeColor = XColor.FromArgb(0xF3, 0xF4, 0xF6);
    private static readonly XColor AccentColor = XColor.FromArgb(0xA1, 0x1D, 0x21);
    private static readonly XColor GoodColor = XColor.FromArgb(0x2E, 0x6B, 0x3A);
    private static readonly XColor LinkColor = XColor.FromArgb(0x1A, 0x4F, 0x8B);
    private static readonly XColor PaleAccentColor = XColor.FromArgb(0xE8, 0xB4, 0xB5);

    private static readonly XBrush Ink = new XSolidBrush(InkColor);
    private static readonly XBrush Muted = new XSolidBrush(MutedColor);
    private static readonly XBrush Accent = new XSolidBrush(AccentColor);
    private static readonly XBrush Good = new XSolidBrush(GoodColor);
    private static readonly XBrush LinkBrush = new XSolidBrush(LinkColor);
    private static readonly XBrush Shade = new XSolidBrush(ShadeColor);
    private static readonly XPen RulePen = new(RuleColor, 0.6);
    private static readonly XPen StrongRulePen = new(InkColor, 0.9);

    private readonly PdfDocument document;
    private readonly StatusReport report;
    private readonly Fonts fonts;
    private readonly List<(string Title, int Page)> contents = [];
    private PdfPage page = null!;
    private XGraphics gfx = null!;
    private double y;

    public ReportWriter(PdfDocument document, StatusReport report, string family)
    {
        this.document = document;
        this.report = report;
        fonts = new Fonts(family);
    }

    public void Write()
    {
        NewPage();
        Cover();
        Changes();
        Deficiencies();
        Settlement();
        Timeline();
        Sources();
        Methodology();
        gfx.Dispose();
        HeadersAndFooters();
    }

    // ---- sections -------------------------------------------------------------------------------------------------

    private double contentsTop;

    // The page the cover ends on: a long cover (a chart of thousands of deficiencies) runs onto a second page.
    private int contentsPage;

    private void Cover()
    {
        Bookmark("Cover");
        Paragraph([new Span("STATUS REPORT · EDITION " + report.Edition.ToString(Us), fonts.LabelBold, Accent)]);
        y += 4;
        Paragraph([new Span(report.Case.Title, fonts.Title, Ink)], lineFactor: 1.15);
        y += 6;
        var lede = $"Is {report.Case.Plan} fixing what the {report.Case.Regulator} found? This is the public record as of {Format.Day(report.AsOfDate)}, with the source of every claim.";
        Paragraph([new Span(lede, fonts.Lede, Muted)]);
        y += 8;
        Rule(StrongRulePen);
        y += 14;

        if (report.Headline is { } h)
        {
            Paragraph([new Span($"{h.NotCorrected} of {h.Total}", fonts.Huge, Accent)], lineFactor: 1.0);
            y += 2;
            var basis = new List<Span> { new("deficiencies not corrected", fonts.H2, Ink) };
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
                Paragraph([new Span($"“Not corrected” counts every status the regulator gives to a deficiency still present: {h.Counts}.", fonts.Small, Muted)]);
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

        Heading2("Money");
        var m = report.Money;
        var fine = new List<Span> { new(Format.Usd(m.FineTotal) + " fine.", fonts.BodyBold, Ink) };
        if (m.FinePaid is { } paid)
        {
            fine.Add(new Span($"{Format.Usd(paid)} paid, per sources.", fonts.Body, Ink));
        }
        else if (m.FineDueUnconfirmed > 0)
        {
            fine.Add(new Span($"{Format.Usd(m.FineDueUnconfirmed)} was due{(m.FineDueOn is { } due ? " by " + Format.Day(due) : "")}; amount paid:", fonts.Body, Ink));
            fine.Add(new Span("unknown (no source confirms payment).", fonts.BodyItalic, Accent));
        }
        else
        {
            fine.Add(new Span("Amount paid:", fonts.Body, Ink));
            fine.Add(new Span("unknown (no source reports a payment).", fonts.BodyItalic, Accent));
        }
        fine.AddRange(Cites(report.MoneySources, fonts.Body));
        Paragraph(fine);
        if (m.Contingent > 0)
        {
            Paragraph([new Span($"{Format.Usd(m.Contingent)} contingent: owed only if the regulator finds the plan failed its obligations.", fonts.Body, Ink)]);
        }
        var investment = new List<Span> { new(Format.Usd(m.InvestmentCommitted) + " investment committed;", fonts.BodyBold, Ink) };
        investment.Add(m.InvestmentReported is { } spent
            ? new Span($"{Format.Usd(spent)} reported spent.", fonts.Body, Ink)
            : new Span("amount spent: unknown (no source reports any spending).", fonts.BodyItalic, Accent));
        Paragraph(investment);
        if (m.LatestFigureOn is { } figureOn)
        {
            Paragraph([new Span($"Newest money figure on record: {figureOn}, {Format.Age(figureOn.End, report.AsOfDate)}; no later amount reported.", fonts.Small, Muted)]);
        }
        y += 6;
        MoneyChart(m);

        // The bottom of the cover: the case in brief on the left, the contents (drawn on the last pass, once every
        // section's page is known) on the right. A summary too long for the space moves to the next page.
        y += 16;
        contentsTop = y;
        contentsPage = document.PageCount - 1;
        var summary = Wrap([new Span(report.Case.Summary, fonts.Small, Ink)], SummaryWidth, 1.3);
        if (y + 14 + summary.Sum(l => l.Height) <= Bottom)
        {
            gfx.DrawString("ABOUT THIS CASE", fonts.LabelBold, Accent, Left, y + 8);
            y += 14;
            DrawLines(summary, Left);
        }
        else
        {
            summaryOnNextPage = true;
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
            new($"The {report.SurveyTitle ?? "survey"}: the latest assessment each side has given for each deficiency. A dash means that side has not assessed the deficiency on its own; the regulator's aggregate report still counts it in the total on the cover. What no source has made public is printed as “not yet public”. Codes link to each deficiency's page.", fonts.Body, Ink),
        };
        Paragraph(lead);
        y += 6;
        var columns = new[]
        {
            new Column("Code", 40), new Column("Deficiency", 154), new Column("Area", 66), new Column("Regulator", 72),
            new Column("Health plan", 60), new Column("Union", 48), new Column("Last change", 60),
        };
        var rows = report.Deficiencies.Select(d =>
        {
            var title = new List<Span> { TitleOrUnknown(d.Title, fonts.Table, fonts.TableItalic) };
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
                StatusCell(d.Regulator),
                StatusCell(d.Plan),
                StatusCell(d.Union),
                new Cell([new Span(d.LastChange ?? "—", fonts.Table, d.LastChange is null ? Muted : Ink)]),
            };
        }).ToList();
        Table(columns, rows, "The deficiencies");
    }

    private void Settlement()
    {
        Section("Settlement terms and money");
        Paragraph([new Span("Each term of the settlement, with its amount, due date and status, what the sources say about it, and its money ledger. Only sourced ledger amounts count as paid or spent.", fonts.Body, Ink)]);
        y += 6;
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
            foreach (var term in v.Terms)
            {
                Numbered("•", [new Span(term.Label + ":", fonts.SmallBold, Ink), new Span(term.Meaning, fonts.Small, Ink)], indent: 12, after: 1);
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
        for (var i = 0; i < squares.Count; i++)
        {
            var x = Left + (i % perRow * (size + gap));
            var top = y + (i / perRow * (size + gap));
            var (fill, edge) = squares[i];
            if (fill is not null)
            {
                gfx.DrawRectangle(fill, x, top, size, size);
            }
            else
            {
                gfx.DrawRectangle(new XPen(edge, 1) { DashStyle = XDashStyle.Dot }, x + 0.5, top + 0.5, size - 1, size - 1);
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
                gfx.DrawRectangle(edge, x, y + 1, 8, 8);
            }
            else
            {
                gfx.DrawRectangle(edge, swatch.Fill, x, y + 1, 8, 8);
            }
            gfx.DrawString(swatch.Label, fonts.SmallBold, Ink, x + 11, y + 8);
            x += 11 + width + 14;
        }
        if (note is not null)
        {
            if (x + Measure(note, fonts.Small) > Right)
            {
                x = Left;
                y += 13;
            }
            gfx.DrawString(note, fonts.Small, Muted, x, y + 8);
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

        void Bar(string label, IReadOnlyList<(long Amount, XBrush Fill, bool Outline)> parts, long total, string note)
        {
            gfx.DrawString(label, fonts.SmallBold, Ink, new XRect(Left, y, labelWidth - 8, barHeight), XStringFormats.CenterLeft);
            var x = Left + labelWidth;
            var full = barWidth * total / scale;
            gfx.DrawRectangle(new XPen(RuleColor, 0.8), Shade, x, y, full, barHeight);
            foreach (var (amount, fill, outline) in parts)
            {
                var w = barWidth * amount / scale;
                if (w <= 0)
                {
                    continue;
                }
                if (outline)
                {
                    gfx.DrawRectangle(new XPen(AccentColor, 0.8), fill, x, y, w, barHeight);
                }
                else
                {
                    gfx.DrawRectangle(fill, x, y, w, barHeight);
                }
                x += w;
            }
            gfx.DrawString(note, fonts.Small, Ink, new XRect(Left + labelWidth + full + 6, y, PageWidth, barHeight), XStringFormats.CenterLeft);
            y += barHeight + 8;
        }

        var pale = new XSolidBrush(PaleAccentColor);
        Bar("Fine", [(m.FinePaid ?? 0, Good, false), (m.FineDueUnconfirmed, pale, true)], m.FineTotal,
            $"{Format.Usd(m.FineTotal)}: amount paid {Format.UsdOrUnknown(m.FinePaid)}");
        Bar("Investment", [(m.InvestmentReported ?? 0, Good, false)], m.InvestmentCommitted,
            $"{Format.Usd(m.InvestmentCommitted)}: amount spent {Format.UsdOrUnknown(m.InvestmentReported)}");
        Legend(
        [
            new Swatch("confirmed by a source", Good, null),
            new Swatch("due, payment not confirmed", pale, new XPen(AccentColor, 0.8)),
            new Swatch("committed or contingent, nothing confirmed", Shade, null),
        ]);
    }

    // ---- building blocks ------------------------------------------------------------------------------------------

    /// <summary>
    /// A section heading with its bookmark. A section starts a new page when asked to, or when less than two fifths
    /// of the page is left; otherwise it follows the one before after a gap.
    /// </summary>
    private void Section(string title, bool newPage = false)
    {
        if (newPage || Bottom - y < (Bottom - Top) * 0.4)
        {
            NewPage();
        }
        else
        {
            y += 26;
        }
        Bookmark(title);
        contents.Add((title, document.PageCount));
        Paragraph([new Span(title, fonts.H1, Ink)], lineFactor: 1.15);
        y += 2;
        Rule(StrongRulePen);
        y += 10;
    }

    private void Heading2(string title, double keepWith = 36)
    {
        var lines = Wrap([new Span(title, fonts.H2, Ink)], Width);
        Space(lines.Sum(l => l.Height) + keepWith);
        y += 4;
        DrawLines(lines, Left);
        y += 2;
    }

    private void Bookmark(string title)
    {
        var outline = document.Outlines.Add(title, page, true);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Left = 0;
        outline.Top = PageHeight - Math.Max(y - 12, 0);
    }

    private void Rule(XPen pen)
    {
        gfx.DrawLine(pen, Left, y, Right, y);
    }

    /// <summary>"[7, 11, 12]" after the word it follows, never larger than body text.</summary>
    private IEnumerable<Span> Cites(IReadOnlyList<int> sources, XFont font) =>
        sources.Count == 0
            ? []
            // No-break spaces keep "[7, 11, 12]" on one line.
            : [new Span(ReportText.Markers(sources).Replace(' ', '\u00A0'), font.Size > fonts.Body.Size ? fonts.Body : font, Muted) { Glue = true }];

    private Span TitleOrUnknown(string? title, XFont font, XFont italic) =>
        title is null ? new Span("not yet public", italic, Muted) : new Span(title, font, Ink);

    private Cell StatusCell(ReportStatus? status) =>
        status is null
            ? new Cell([new Span("—", fonts.Table, Muted)])
            : new Cell([new Span(status.Label, fonts.Table, StatusBrush(status.Code)), .. ProvenanceSpans(status.Provenance)]);

    /// <summary>A status's provenance on a line of its own in the same cell, in the accent colour when it needs caution.</summary>
    private IEnumerable<Span> ProvenanceSpans(Provenance? provenance) =>
        provenance is null ? [] : [new Span(provenance.Short, fonts.TableSmall, provenance.NeedsCaution ? Accent : Muted) { Break = true }];

    private static XBrush StatusBrush(string code) => code switch
    {
        "found" or "not-corrected" or "referred-to-enforcement" or "missed" => Accent,
        "corrected" or "met" or "claims-corrected" => Good,
        _ => Ink,
    };

    private static XColor StatusColor(string code) => code switch
    {
        "found" or "not-corrected" or "referred-to-enforcement" or "missed" => AccentColor,
        "corrected" or "met" or "claims-corrected" => GoodColor,
        _ => InkColor,
    };

    private void NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.Letter;
        gfx = XGraphics.FromPdfPage(page);
        y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    private void Space(double height)
    {
        if (y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>A wrapped paragraph. A paragraph that must break keeps at least two lines on each page.</summary>
    private void Paragraph(IReadOnlyList<Span> spans, double lineFactor = 1.32, double indent = 0)
    {
        var lines = Wrap(spans, Width - indent, lineFactor);
        var index = 0;
        while (index < lines.Count)
        {
            var fit = 0;
            var height = 0.0;
            while (index + fit < lines.Count && y + height + lines[index + fit].Height <= Bottom)
            {
                height += lines[index + fit].Height;
                fit++;
            }
            var remaining = lines.Count - index;
            if (fit < remaining)
            {
                // No widow or orphan: two lines at least on each side of a page break, else move the lot.
                if (fit < 2 || remaining - fit < 2)
                {
                    fit = remaining - fit < 2 && fit >= 3 ? fit - 1 : 0;
                }
            }
            if (fit == 0)
            {
                NewPage();
                continue;
            }
            DrawLines(lines.Skip(index).Take(fit).ToList(), Left + indent);
            index += fit;
            if (index < lines.Count)
            {
                NewPage();
            }
        }
    }

    /// <summary>A hanging-indent item: a marker in the margin column, text beside it, never split across pages.</summary>
    private void Numbered(string marker, IReadOnlyList<Span> spans, double indent = 30, double after = 3)
    {
        var lines = Wrap(spans, Width - indent);
        var height = lines.Sum(l => l.Height);
        Space(height + after);
        gfx.DrawString(marker, spans[0].Font, Muted, Left, y + lines[0].Baseline);
        DrawLines(lines, Left + indent);
        y += after;
    }

    private void Table(IReadOnlyList<Column> columns, IReadOnlyList<Cell[]> rows, string continued)
    {
        const double pad = 4;
        var headerCells = columns.Select(c => Wrap([new Span(c.Header, fonts.TableHeader, Muted)], c.Width - (2 * pad))).ToList();
        var headerHeight = headerCells.Max(l => l.Sum(x => x.Height)) + (2 * pad);

        void Header()
        {
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                var top = y;
                y += pad;
                DrawLines(headerCells[i], x + pad);
                y = top;
                x += columns[i].Width;
            }
            y += headerHeight;
            gfx.DrawLine(StrongRulePen, Left, y, Right, y);
        }

        var laidOut = rows.Select(row => row.Select((cell, i) => Wrap(cell.Spans, columns[i].Width - (2 * pad) - cell.Indent)).ToList()).ToList();
        Space(headerHeight + (laidOut.Count > 0 ? RowHeight(laidOut[0]) : 0));
        Header();
        for (var r = 0; r < rows.Count; r++)
        {
            var height = RowHeight(laidOut[r]);
            if (y + height > Bottom)
            {
                // Rows never split: the whole row goes to the next page, under a repeated header.
                NewPage();
                gfx.DrawString(continued + " (continued)", fonts.SmallItalic, Muted, Left, y + 8);
                y += 16;
                Header();
            }
            if (r % 2 == 1)
            {
                gfx.DrawRectangle(Shade, Left, y, Width, height);
            }
            var x = Left;
            var top = y;
            for (var c = 0; c < columns.Count; c++)
            {
                y = top + pad;
                DrawLines(laidOut[r][c], x + pad + rows[r][c].Indent);
                x += columns[c].Width;
            }
            y = top + height;
            gfx.DrawLine(RulePen, Left, y, Right, y);
        }
        y += 8;

        static double RowHeight(List<List<Line>> cells) => cells.Max(l => l.Sum(x => x.Height)) + (2 * pad);
    }

    private void DrawLines(IReadOnlyList<Line> lines, double x0)
    {
        foreach (var line in lines)
        {
            // Neighbouring words in one style are drawn as one string: the layout put them one measured space apart,
            // which is where the string's own space puts them, and one text operation costs far less than eight.
            var start = 0;
            while (start < line.Pieces.Count)
            {
                var first = line.Pieces[start];
                var end = start + 1;
                while (end < line.Pieces.Count && line.Pieces[end].Span == first.Span)
                {
                    end++;
                }
                var text = end == start + 1
                    ? first.Text
                    : string.Concat(line.Pieces.Skip(start).Take(end - start).Select((p, i) => i == 0 || p.Gap == 0 ? p.Text : " " + p.Text));
                gfx.DrawString(text, first.Span.Font, first.Span.Brush, x0 + first.X, y + line.Baseline);
                start = end;
            }
            foreach (var link in line.Links)
            {
                var rect = new XRect(x0 + link.X, PageHeight - (y + line.Height), link.Width, line.Height);
                page.AddWebLink(new PdfRectangle(rect), link.Url);
            }
            y += line.Height;
        }
    }

    // ---- text layout ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Greedy line breaking over styled spans, measured with the font. Words joined without a space (a title and its
    /// [n] marker, glued spans) move together; a word longer than the line (a URL) is broken between characters.
    /// </summary>
    private List<Line> Wrap(IReadOnlyList<Span> spans, double width, double lineFactor = 1.32)
    {
        // Words: runs of pieces with no space between them.
        var words = new List<(List<(string Text, Span Span)> Pieces, bool BreakBefore)>();
        foreach (var span in spans)
        {
            var parts = span.Text.Replace('\n', ' ').Split(' ');
            for (var i = 0; i < parts.Length; i++)
            {
                var text = parts[i];
                var joined = i == 0 && span.Glue && words.Count > 0;
                if (text.Length == 0)
                {
                    continue;
                }
                if (joined)
                {
                    words[^1].Pieces.Add((text, span));
                }
                else
                {
                    words.Add(([(text, span)], i == 0 && span.Break));
                }
            }
        }

        var lines = new List<Line>();
        var current = new LineBuilder(lineFactor);
        foreach (var (pieces, breakBefore) in words)
        {
            var measured = pieces.Select(p => (p.Text, p.Span, Width: Measure(p.Text, p.Span.Font))).ToList();
            var wordWidth = measured.Sum(p => p.Width);
            var space = current.IsEmpty ? 0 : Measure(" ", pieces[0].Span.Font);
            if (breakBefore && !current.IsEmpty)
            {
                lines.Add(current.Build());
                current = new LineBuilder(lineFactor);
                space = 0;
            }
            else if (!current.IsEmpty && current.X + space + wordWidth > width)
            {
                lines.Add(current.Build());
                current = new LineBuilder(lineFactor);
                space = 0;
            }
            if (wordWidth > width)
            {
                // Too long for any line: break it between characters.
                foreach (var (text, span, _) in measured)
                {
                    var rest = text;
                    while (rest.Length > 0)
                    {
                        var take = rest.Length;
                        while (take > 1 && current.X + space + Measure(rest[..take], span.Font) > width)
                        {
                            take--;
                        }
                        // Prefer to break a URL after a slash, hyphen or other separator.
                        var separator = rest[..take].LastIndexOfAny(['/', '-', '?', '&', '=', '_', '.']);
                        if (take < rest.Length && separator >= take / 2)
                        {
                            take = separator + 1;
                        }
                        if (take == 1 && !current.IsEmpty && current.X + space + Measure(rest[..1], span.Font) > width)
                        {
                            lines.Add(current.Build());
                            current = new LineBuilder(lineFactor);
                            space = 0;
                            continue;
                        }
                        current.Add(rest[..take], span, space, Measure(rest[..take], span.Font));
                        space = 0;
                        rest = rest[take..];
                        if (rest.Length > 0)
                        {
                            lines.Add(current.Build());
                            current = new LineBuilder(lineFactor);
                        }
                    }
                }
                continue;
            }
            foreach (var (text, span, w) in measured)
            {
                current.Add(text, span, space, w);
                space = 0;
            }
        }
        if (!current.IsEmpty)
        {
            lines.Add(current.Build());
        }
        return lines;
    }

    // Words repeat throughout a report (status labels, dates, codes): each is measured once per font.
    private readonly Dictionary<(string Text, XFont Font), double> widths = [];

    private double Measure(string text, XFont font)
    {
        if (!widths.TryGetValue((text, font), out var width))
        {
            width = gfx.MeasureString(text, font).Width;
            widths[(text, font)] = width;
        }
        return width;
    }

    private sealed class LineBuilder(double lineFactor)
    {
        private readonly List<Piece> pieces = [];

        public double X { get; private set; }

        public bool IsEmpty => pieces.Count == 0;

        public void Add(string text, Span span, double spaceBefore, double width)
        {
            var gap = spaceBefore;
            pieces.Add(new Piece(text, span, X + gap, width, gap));
            X += gap + width;
        }

        public Line Build()
        {
            var size = pieces.Max(p => p.Span.Font.Size);
            var ascent = pieces.Max(p => p.Span.Font.Size * p.Span.Font.Metrics.Ascent / p.Span.Font.Metrics.UnitsPerEm);
            var height = size * lineFactor;
            // Put the extra leading half above and half below the tallest ascent.
            var baseline = ((height - size) / 2) + ascent;
            var links = new List<LinkArea>();
            foreach (var p in pieces.Where(p => p.Span.Link is not null))
            {
                if (links.Count > 0 && links[^1].Url == p.Span.Link && Math.Abs(links[^1].X + links[^1].Width + p.Gap - p.X) < 0.01)
                {
                    links[^1] = links[^1] with { Width = links[^1].Width + p.Gap + p.Width };
                }
                else
                {
                    links.Add(new LinkArea(p.X, p.Width, p.Span.Link!));
                }
            }
            return new Line(pieces.ToList(), height, baseline, links);
        }
    }

    private sealed record Piece(string Text, Span Span, double X, double Width, double Gap);

    private sealed record LinkArea(double X, double Width, string Url);

    private sealed record Line(IReadOnlyList<Piece> Pieces, double Height, double Baseline, IReadOnlyList<LinkArea> Links);

    private sealed record Column(string Header, double Width);

    private sealed record Cell(IReadOnlyList<Span> Spans, double Indent = 0);

    // ---- last pass: contents, headers and footers -----------------------------------------------------------------

    private void HeadersAndFooters()
    {
        var total = document.PageCount;
        var header = $"ComplianceTracker · Edition {report.Edition} · as of {Format.Day(report.AsOfDate)}";
        var editionUrl = report.Link($"/reports/{report.Edition}.pdf");
        for (var i = 0; i < total; i++)
        {
            var p = document.Pages[i];
            using var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append);
            // Both ends of the header and of the footer share one baseline.
            g.DrawString(header, fonts.Header, Muted, Left, 38);
            var right = report.Case.RegulatorShort + " · " + ShortPlan();
            g.DrawString(right, fonts.Header, Muted, Right - g.MeasureString(right, fonts.Header).Width, 38);
            g.DrawLine(RulePen, Left, 46, Right, 46);
            g.DrawLine(RulePen, Left, PageHeight - 46, Right, PageHeight - 46);
            g.DrawString(editionUrl, fonts.Header, Muted, Left, PageHeight - 32);
            var footerWidth = g.MeasureString(editionUrl, fonts.Header).Width;
            p.AddWebLink(new PdfRectangle(new XRect(Left, 29, footerWidth, 10)), editionUrl);
            var pageLabel = $"Page {i + 1} of {total}";
            g.DrawString(pageLabel, fonts.Header, Ink, Right - g.MeasureString(pageLabel, fonts.Header).Width, PageHeight - 32);
            if (i == contentsPage)
            {
                Contents(g, p);
            }
        }
    }

    private string ShortPlan() => report.Case.Plan.Split(',')[0];

    private void Contents(XGraphics g, PdfPage cover)
    {
        // Beside the case summary, or on its own at the left when the summary went to the next page.
        var x = summaryOnNextPage ? Left : Left + SummaryWidth + 22;
        var width = summaryOnNextPage ? 240 : Right - x;
        var top = contentsTop;
        if (top + 14 + (contents.Count * 15) > Bottom)
        {
            return;
        }
        g.DrawString("IN THIS REPORT", fonts.LabelBold, Accent, x, top + 8);
        top += 14;
        foreach (var (title, number) in contents)
        {
            g.DrawString(title, fonts.Small, LinkBrush, x, top + 10);
            g.DrawString(number.ToString(Us), fonts.Small, Muted, new XRect(x, top, width, 14), XStringFormats.CenterRight);
            g.DrawLine(RulePen, x, top + 14, x + width, top + 14);
            cover.AddDocumentLink(new PdfRectangle(new XRect(x, PageHeight - (top + 14), width, 14)), number);
            top += 15;
        }
    }

    /// <summary>The report's typefaces, all of one family.</summary>
    private sealed class Fonts(string family)
    {
        public XFont Title { get; } = new(family, 20, XFontStyleEx.Bold);
        public XFont Huge { get; } = new(family, 40, XFontStyleEx.Bold);
        public XFont Lede { get; } = new(family, 11);
        public XFont H1 { get; } = new(family, 17, XFontStyleEx.Bold);
        public XFont H2 { get; } = new(family, 12, XFontStyleEx.Bold);
        public XFont H2Regular { get; } = new(family, 12);
        public XFont LabelBold { get; } = new(family, 8, XFontStyleEx.Bold);
        public XFont Body { get; } = new(family, 9.5);
        public XFont BodyBold { get; } = new(family, 9.5, XFontStyleEx.Bold);
        public XFont BodyItalic { get; } = new(family, 9.5, XFontStyleEx.Italic);
        public XFont Small { get; } = new(family, 8);
        public XFont SmallBold { get; } = new(family, 8, XFontStyleEx.Bold);
        public XFont SmallItalic { get; } = new(family, 8, XFontStyleEx.Italic);
        public XFont Table { get; } = new(family, 8);
        public XFont TableBold { get; } = new(family, 8, XFontStyleEx.Bold);
        public XFont TableItalic { get; } = new(family, 8, XFontStyleEx.Italic);
        public XFont TableSmall { get; } = new(family, 7);
        public XFont TableHeader { get; } = new(family, 7.5, XFontStyleEx.Bold);
        public XFont Header { get; } = new(family, 7.5);
    }
}

/// <summary>A run of text in one style. <see cref="Glue"/> joins it to the word before; <see cref="Break"/> starts a new line.</summary>
internal sealed record Span(string Text, XFont Font, XBrush Brush, string? Link = null)
{
    /// <summary>All text the report draws passes here: a control character or lone surrogate in stored data becomes U+FFFD.</summary>
    public string Text { get; init; } = PlainText.ForOutput(Text);

    public bool Glue { get; init; }
    public bool Break { get; init; }
}
