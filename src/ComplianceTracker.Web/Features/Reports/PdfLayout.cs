using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Features.Shared;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The page layout every PDF of the site shares: Letter pages in the house colours and typefaces, wrapped paragraphs
/// whose links stay clickable, tables whose rows never split and whose header repeats, headings with bookmarks, and
/// the running header and "Page X of Y" footer. A renderer derives from it and writes only its own sections.
/// </summary>
internal abstract class PdfLayout
{
    protected const double PageWidth = 612;   // US Letter
    protected const double PageHeight = 792;
    protected const double Left = 56;
    protected const double Right = PageWidth - 56;
    protected const double Width = Right - Left;
    protected const double Top = 66;
    protected const double Bottom = PageHeight - 62;

    protected static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    protected static readonly XColor InkColor = XColor.FromArgb(0x1F, 0x23, 0x28);
    protected static readonly XColor MutedColor = XColor.FromArgb(0x5B, 0x63, 0x6E);
    protected static readonly XColor RuleColor = XColor.FromArgb(0xD3, 0xD7, 0xDC);
    protected static readonly XColor ShadeColor = XColor.FromArgb(0xF3, 0xF4, 0xF6);
    protected static readonly XColor AccentColor = XColor.FromArgb(0xA1, 0x1D, 0x21);
    protected static readonly XColor GoodColor = XColor.FromArgb(0x2E, 0x6B, 0x3A);
    protected static readonly XColor LinkColor = XColor.FromArgb(0x1A, 0x4F, 0x8B);
    protected static readonly XColor PaleAccentColor = XColor.FromArgb(0xE8, 0xB4, 0xB5);

    protected static readonly XBrush Ink = new XSolidBrush(InkColor);
    protected static readonly XBrush Muted = new XSolidBrush(MutedColor);
    protected static readonly XBrush Accent = new XSolidBrush(AccentColor);
    protected static readonly XBrush Good = new XSolidBrush(GoodColor);
    protected static readonly XBrush LinkBrush = new XSolidBrush(LinkColor);
    protected static readonly XBrush Shade = new XSolidBrush(ShadeColor);
    protected static readonly XPen RulePen = new(RuleColor, 0.6);
    protected static readonly XPen StrongRulePen = new(InkColor, 0.9);

    protected readonly PdfDocument document;
    protected readonly Fonts fonts;
    protected readonly List<(string Title, int Page)> contents = [];
    protected PdfPage page = null!;
    protected XGraphics gfx = null!;
    protected double y;

    protected PdfLayout(PdfDocument document, string family)
    {
        this.document = document;
        fonts = new Fonts(family);
    }

    // ---- building blocks ------------------------------------------------------------------------------------------

    /// <summary>
    /// A section heading with its bookmark. A section starts a new page when asked to, or when less than two fifths
    /// of the page is left; otherwise it follows the one before after a gap.
    /// </summary>
    protected void Section(string title, bool newPage = false)
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

    protected void Heading2(string title, double keepWith = 36)
    {
        var lines = Wrap([new Span(title, fonts.H2, Ink)], Width);
        Space(lines.Sum(l => l.Height) + keepWith);
        y += 4;
        DrawLines(lines, Left);
        y += 2;
    }

    protected void Bookmark(string title)
    {
        var outline = document.Outlines.Add(title, page, true);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Left = 0;
        outline.Top = PageHeight - Math.Max(y - 12, 0);
    }

    protected void Rule(XPen pen)
    {
        gfx.DrawLine(pen, Left, y, Right, y);
    }

    /// <summary>"[7, 11, 12]" after the word it follows, never larger than body text.</summary>
    protected IEnumerable<Span> Cites(IReadOnlyList<int> sources, XFont font) =>
        sources.Count == 0
            ? []
            // No-break spaces keep "[7, 11, 12]" on one line.
            : [new Span(ReportText.Markers(sources).Replace(' ', '\u00A0'), font.Size > fonts.Body.Size ? fonts.Body : font, Muted) { Glue = true }];

    protected Span TitleOrUnknown(string? title, XFont font, XFont italic) =>
        title is null ? new Span("not yet public", italic, Muted) : new Span(title, font, Ink);

    protected Cell StatusCell(ReportStatus? status) =>
        status is null
            ? new Cell([new Span("—", fonts.Table, Muted)])
            : new Cell([new Span(status.Label, fonts.Table, StatusBrush(status.Code)), .. ProvenanceSpans(status.Provenance)]);

    /// <summary>A status's provenance on a line of its own in the same cell, in the accent colour when it needs caution.</summary>
    protected IEnumerable<Span> ProvenanceSpans(Provenance? provenance) =>
        provenance is null ? [] : [new Span(provenance.Short, fonts.TableSmall, provenance.NeedsCaution ? Accent : Muted) { Break = true }];

    protected static XBrush StatusBrush(string code) => code switch
    {
        "found" or "not-corrected" or "referred-to-enforcement" or "missed" => Accent,
        "corrected" or "met" or "claims-corrected" => Good,
        _ => Ink,
    };

    protected static XColor StatusColor(string code) => code switch
    {
        "found" or "not-corrected" or "referred-to-enforcement" or "missed" => AccentColor,
        "corrected" or "met" or "claims-corrected" => GoodColor,
        _ => InkColor,
    };

    protected void NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.Letter;
        gfx = XGraphics.FromPdfPage(page);
        y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    protected void Space(double height)
    {
        if (y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>A wrapped paragraph. A paragraph that must break keeps at least two lines on each page.</summary>
    protected void Paragraph(IReadOnlyList<Span> spans, double lineFactor = 1.32, double indent = 0)
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
    protected void Numbered(string marker, IReadOnlyList<Span> spans, double indent = 30, double after = 3)
    {
        var lines = Wrap(spans, Width - indent);
        var height = lines.Sum(l => l.Height);
        Space(height + after);
        gfx.DrawString(marker, spans[0].Font, Muted, Left, y + lines[0].Baseline);
        DrawLines(lines, Left + indent);
        y += after;
    }

    protected void Table(IReadOnlyList<Column> columns, IReadOnlyList<Cell[]> rows, string continued)
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

    protected void DrawLines(IReadOnlyList<Line> lines, double x0)
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
    protected List<Line> Wrap(IReadOnlyList<Span> spans, double width, double lineFactor = 1.32)
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

    protected double Measure(string text, XFont font)
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

    protected sealed record Piece(string Text, Span Span, double X, double Width, double Gap);

    protected sealed record LinkArea(double X, double Width, string Url);

    protected sealed record Line(IReadOnlyList<Piece> Pieces, double Height, double Baseline, IReadOnlyList<LinkArea> Links);

    protected sealed record Column(string Header, double Width);

    protected sealed record Cell(IReadOnlyList<Span> Spans, double Indent = 0);

    // ---- last pass: running headers and footers ------------------------------------------------------------------

    /// <summary>
    /// The header (left and right) and footer (an address, linked, and "Page X of Y") of every page, drawn once the page
    /// count is known; <paramref name="onPage"/> adds what one page needs besides (the contents box of a cover).
    /// </summary>
    protected void PageFrames(string header, string right, string footerUrl, Action<XGraphics, PdfPage, int>? onPage = null)
    {
        var total = document.PageCount;
        for (var i = 0; i < total; i++)
        {
            var p = document.Pages[i];
            using var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append);
            // Both ends of the header and of the footer share one baseline.
            g.DrawString(header, fonts.Header, Muted, Left, 38);
            g.DrawString(right, fonts.Header, Muted, Right - g.MeasureString(right, fonts.Header).Width, 38);
            g.DrawLine(RulePen, Left, 46, Right, 46);
            g.DrawLine(RulePen, Left, PageHeight - 46, Right, PageHeight - 46);
            g.DrawString(footerUrl, fonts.Header, Muted, Left, PageHeight - 32);
            var footerWidth = g.MeasureString(footerUrl, fonts.Header).Width;
            p.AddWebLink(new PdfRectangle(new XRect(Left, 29, footerWidth, 10)), footerUrl);
            var pageLabel = $"Page {i + 1} of {total}";
            g.DrawString(pageLabel, fonts.Header, Ink, Right - g.MeasureString(pageLabel, fonts.Header).Width, PageHeight - 32);
            onPage?.Invoke(g, p, i);
        }
    }

    /// <summary>The typefaces of every PDF, all of one family.</summary>
    protected sealed class Fonts(string family)
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

/// <summary>
/// Saves a laid-out PDF so that the same content always gives the same bytes: PDFsharp's random font-subset tags,
/// annotation names and times, and XMP identifiers are replaced by ones derived from the document's identity.
/// </summary>
internal static class PdfFile
{
    /// <param name="document">The document, laid out.</param>
    /// <param name="id">The 16-character file identifier, already set on the document.</param>
    /// <param name="seed">What distinguishes this document's font subsets from another's (an edition's number).</param>
    public static byte[] Save(PdfDocument document, string id, string seed)
    {
        NameFontSubsets(document, seed);
        NameAnnotations(document);
        using var stream = new MemoryStream();
        document.Save(stream, false);
        var bytes = stream.ToArray();
        FixXmpIds(bytes, id);
        return bytes;
    }

    /// <summary>A 16-byte file identifier derived from <paramref name="identity"/>, one char per byte as PDFsharp wants it.</summary>
    public static string Id(string identity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return new string(hash.Take(16).Select(b => (char)b).ToArray());
    }

    /// <summary>
    /// PDFsharp tags each embedded font subset with six random letters ("ABCDEF+DejaVu Sans"). The tag only has to differ
    /// between subsets of one file, so it is replaced by one derived from the subset's place in the document.
    /// </summary>
    private static void NameFontSubsets(PdfDocument document, string seed)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var descriptor in document.Internals.GetAllObjects().OfType<PdfFontDescriptor>())
        {
            var old = descriptor.FontName;
            var plus = old.IndexOf('+', StringComparison.Ordinal);
            var baseName = plus >= 0 ? old[(plus + 1)..] : old.TrimStart('/');
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{index++}|{baseName}")));
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
