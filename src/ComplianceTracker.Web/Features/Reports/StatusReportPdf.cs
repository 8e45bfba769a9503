using System.Globalization;
using ComplianceTracker.Web.Features.Reports.Text;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// Turns a <see cref="StatusReport"/> into PDF bytes: no database, no clock, no files. The same model and typeface give
/// byte-identical output, so an edition's SHA-256 can be checked by rendering it again.
/// </summary>
public static class StatusReportPdf
{
    public static RenderedPdf Render(StatusReport report, string fontFamily)
    {
        // The report's words are built once, for both layout passes.
        var text = ReportSections.Build(report);
        var info = new PdfInfo(
            report.Title,
            report.Subject,
            $"{report.Case.RegulatorShort}, {report.Case.Plan}, status report, edition {report.Edition}",
            ReportLayout.Author,
            // Dates and identifiers come from the model, never from the clock or a random number.
            report.AsOf.UtcDateTime,
            PdfFile.Id(string.Create(CultureInfo.InvariantCulture, $"ComplianceTracker|{report.Edition}|{report.AsOf.UtcTicks}")),
            report.Edition.ToString(CultureInfo.InvariantCulture));
        return PdfLayout.Render(info, (d, plan) => new ReportWriter(d, report, text, fontFamily, plan));
    }
}

/// <summary>
/// Lays the report's text (<see cref="ReportSections"/>, the words the web page shows too) out page by page: each kind
/// of block is given its faces, colours and spacing here, and the charts are drawn. No sentence is written here.
/// Coordinates are points from the top-left corner of the page.
/// </summary>
internal sealed partial class ReportWriter : ReportLayout
{
    private readonly StatusReport report;
    private readonly ReportDocument text;

    public ReportWriter(PdfDocument document, StatusReport report, ReportDocument text, string family, LayoutPlan? plan)
        : base(document, family, plan)
    {
        this.report = report;
        this.text = text;
    }

    protected override void Compose()
    {
        Cover(text.Cover);
        for (var i = 0; i < text.Sections.Count; i++)
        {
            var section = text.Sections[i];
            if (i == 0 && summaryOnNextPage)
            {
                NewPage();
                Heading2(text.Cover.AboutHeading);
                Paragraph([new Span(text.Cover.About, fonts.Body, Ink)]);
                if (!contentsOnCover)
                {
                    // The contents follow the summary. The first pass, which has no page numbers yet, leaves the same room.
                    y += 12;
                    if (plan is not null)
                    {
                        Contents(text.Cover.ContentsHeading, plan.Contents, y);
                    }
                    y += ContentsHeight;
                }
            }
            // The first section starts on a page of its own; the others when little of the page is left.
            Section(section.Title, newPage: i == 0 && !summaryOnNextPage);
            Blocks(section.Blocks);
        }
    }

    protected override PageFrame Frame => new(
        $"ComplianceTracker · Edition {report.Edition} · as of {Format.Day(report.AsOfDate)}",
        report.Case.RegulatorShort + " · " + report.Case.Plan.Split(',')[0],
        report.Link($"/reports/{report.Edition}.pdf"));

    // ---- the cover ------------------------------------------------------------------------------------------------

    private const double SummaryWidth = 334;
    private bool summaryOnNextPage;

    // The contents sit beside the summary on the cover; when the summary moves on, at the cover's foot if they fit there,
    // else after the summary.
    private bool contentsOnCover = true;

    private void Cover(ReportCover cover)
    {
        Bookmark("Cover");
        Paragraph([new Span(cover.Kicker.ToUpperInvariant(), fonts.LabelBold, Accent)]);
        y += 4;
        Heading1([new Span(cover.Title, fonts.Title, Ink)], lineFactor: 1.15);
        y += 6;
        Paragraph([new Span(cover.Lede, fonts.Lede, Muted)]);
        y += 8;
        Rule(StrongRulePen);
        y += 14;
        foreach (var block in cover.Blocks)
        {
            Block(block, TextSize.Body);
            y += 8;
        }

        // The bottom of the cover: the case in brief on the left, the contents (drawn on the last pass, once every
        // section's page is known) on the right. A summary too long for the space moves to the next page.
        y += 6;
        var contentsTop = y;
        var summary = Wrap([new Span(cover.About, fonts.Small, Ink)], SummaryWidth, 1.3);
        if (y + 14 + summary.Sum(l => l.Height) <= Bottom)
        {
            using (Element(PdfBlockLevelElementTag.Heading2))
            {
                DrawText(cover.AboutHeading.ToUpperInvariant(), fonts.LabelBold, Accent, Left, y + 8);
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
            contentsOnCover = contentsTop + ContentsHeight <= Bottom;
        }
        if (plan is not null && contentsOnCover)
        {
            Contents(cover.ContentsHeading, plan.Contents, contentsTop);
        }
    }

    /// <summary>The contents' height: a heading and a line per section.</summary>
    private double ContentsHeight => 14 + (text.Sections.Count * 15);

    /// <summary>
    /// The cover's contents, beside the case summary or on its own at the left when the summary went to the next page:
    /// a TOC whose entries link to their pages. Drawn from the first pass's plan, where the sections are not laid out yet.
    /// </summary>
    private void Contents(string heading, IReadOnlyList<(string Title, int Page)> entries, double top)
    {
        var x = summaryOnNextPage ? Left : Left + SummaryWidth + 22;
        var width = summaryOnNextPage ? 240 : Right - x;
        using (Element(PdfBlockLevelElementTag.Heading2))
        {
            DrawText(heading.ToUpperInvariant(), fonts.LabelBold, Accent, x, top + 8);
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

    // ---- blocks ---------------------------------------------------------------------------------------------------

    /// <summary>The three sizes text is set in: running text, small print, and table cells.</summary>
    private enum TextSize
    {
        Body,
        Small,
        Table,
    }

    private void Blocks(IReadOnlyList<ReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            Block(blocks[i], TextSize.Body);
            // Paragraphs of a section stand a little apart; one leading into a table or list a little more.
            if (blocks[i] is ReportParagraphBlock { Kind: ParagraphKind.Body })
            {
                y += i + 1 < blocks.Count && blocks[i + 1] is ReportTableBlock or ReportListBlock ? 6 : 2;
            }
        }
    }

    private void Block(ReportBlock block, TextSize size)
    {
        switch (block)
        {
            case ReportParagraphBlock p:
                Paragraph(Spans(p.Runs, p.Kind switch
                {
                    ParagraphKind.Small or ParagraphKind.Note => TextSize.Small,
                    _ => size,
                }, p.Kind));
                break;
            case ReportHeadingBlock h when h.Prominent:
                {
                    var lines = Wrap([new Span(h.Text, fonts.H2, h.Alert ? Accent : Ink)], Width);
                    Space(lines.Sum(l => l.Height) + 30);
                    using (Element(PdfBlockLevelElementTag.Heading2))
                    {
                        DrawLines(lines, Left);
                    }
                    break;
                }
            case ReportHeadingBlock h:
                y += 4;
                Heading2(h.Text, keepWith: 50);
                break;
            case ReportFigureBlock f:
                {
                    var figure = Wrap([new Span(f.Figure, fonts.Huge, Accent)], Width, 1.0);
                    var label = Wrap([new Span(f.Label, fonts.H2, Ink)], Width);
                    Space(figure.Sum(l => l.Height) + label.Sum(l => l.Height) + 40);
                    using (Element(PdfBlockLevelElementTag.Heading2))
                    {
                        DrawLines(figure, Left);
                        y += 2;
                        DrawLines(label, Left);
                    }
                    break;
                }
            case ReportGroupBlock g:
                if (g.KeepTogether)
                {
                    Space(g.Blocks.Sum(Height) + 4);
                }
                foreach (var inner in g.Blocks)
                {
                    Block(inner, size);
                }
                break;
            case ReportListBlock l:
                {
                    var itemSize = l.Small ? TextSize.Small : size;
                    using (List())
                    {
                        foreach (var item in l.Items)
                        {
                            Numbered(item.Marker, Spans(item.Runs, itemSize), indent: l.Numbered ? 30 : 12, after: l.Numbered ? 3 : 1);
                        }
                    }
                    y += 4;
                    break;
                }
            case ReportTableBlock t:
                Table(
                    t.Columns.Select(c => new Column(c.Header, c.Width)).ToList(),
                    t.Rows.Select(r => r.Cells.Select((cell, i) => new Cell(Spans(cell, TextSize.Table), i == 0 ? r.Depth * 12.0 : 0)).ToArray()).ToList(),
                    t.Caption);
                break;
            case ReportUnitChartBlock chart:
                UnitChart(chart);
                break;
            case ReportMoneyChartBlock chart:
                MoneyChart(chart);
                break;
            default:
                throw new InvalidOperationException($"The PDF renderer has no layout for {block.GetType().Name}.");
        }
    }

    /// <summary>How tall a short block is, to keep a group of them on one page.</summary>
    private double Height(ReportBlock block) => block switch
    {
        ReportHeadingBlock h => Wrap([new Span(h.Text, fonts.H2, Ink)], Width).Sum(l => l.Height) + 8,
        ReportParagraphBlock p => Wrap(Spans(p.Runs, p.Kind is ParagraphKind.Small or ParagraphKind.Note ? TextSize.Small : TextSize.Body, p.Kind), Width).Sum(l => l.Height),
        ReportListBlock l => l.Items.Sum(i => Wrap(Spans(i.Runs, l.Small ? TextSize.Small : TextSize.Body), Width - 12).Sum(x => x.Height) + 1),
        _ => 0,
    };

    /// <summary>The runs as spans in their faces and colours, at one size.</summary>
    private List<Span> Spans(IReadOnlyList<ReportRun> runs, TextSize size, ParagraphKind kind = ParagraphKind.Body)
    {
        var (regular, bold, italic, note) = size switch
        {
            TextSize.Body => (fonts.Body, fonts.BodyBold, fonts.BodyItalic, fonts.Small),
            TextSize.Small => (fonts.Small, fonts.SmallBold, fonts.SmallItalic, fonts.Small),
            _ => (fonts.Table, fonts.TableBold, fonts.TableItalic, fonts.TableSmall),
        };
        var plain = kind is ParagraphKind.Note or ParagraphKind.Empty ? Muted : Ink;
        if (kind == ParagraphKind.Empty)
        {
            regular = italic;
        }
        var spans = new List<Span>(runs.Count);
        foreach (var run in runs)
        {
            var (font, brush, words) = run.Style switch
            {
                RunStyle.Strong => (bold, Ink, run.Text),
                RunStyle.Unknown => (italic, Muted, run.Text),
                RunStyle.Flag => (italic, Accent, run.Text),
                RunStyle.Alert => (bold, Accent, run.Text),
                RunStyle.Note => (note, Muted, run.Text),
                RunStyle.Status => (regular, StatusBrush(run.Status ?? ""), run.Text),
                RunStyle.Provenance => (size == TextSize.Table ? fonts.TableSmall : fonts.SmallBold, run.Caution ? Accent : Muted, run.Text),
                // No-break spaces keep "[7, 11, 12]" on one line.
                RunStyle.Cite => (regular, Muted, run.Text.Replace(' ', '\u00A0')),
                _ => (regular, plain, run.Text),
            };
            if (run.Href is not null)
            {
                brush = LinkBrush;
            }
            spans.Add(new Span(words, font, brush, run.Href is null ? null : Address(run.Href)) { Glue = run.Glue, Break = run.Break });
        }
        return spans;

        // A page of the site is linked by its full address, as a PDF read offline must.
        string Address(string target) => target.StartsWith('/') ? report.Link(target) : target;
    }
}
