using System.Globalization;
using System.Runtime.InteropServices;
using ComplianceTracker.Web.Features.Shared;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.Pdf.Structure;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The page layout every PDF of the site shares: Letter pages in the house colours and typefaces, wrapped paragraphs
/// whose links stay clickable, tables whose rows never split and whose header repeats, headings with bookmarks, and
/// the running header and "Page X of Y" footer. A renderer derives from it and writes only its own sections.
/// </summary>
/// <remarks>
/// Every document is laid out twice (<see cref="LayOut"/>). The first pass, untagged and thrown away, learns how many
/// pages there are and where each section starts. The second draws each page once, top to bottom, tagged for screen
/// readers with PDFsharp's <see cref="UAManager"/>: it only lets the current page be drawn on, so the running header,
/// "Page X of Y" and the cover's contents are drawn as the page is made, from what the first pass learnt.
/// </remarks>
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

    /// <summary>What the first pass learnt; null during the first pass itself, which draws no frames and tags nothing.</summary>
    protected readonly LayoutPlan? plan;

    private readonly StructureBuilder? tags;

    // The footer's link on every page: its text is a pagination artifact, so the links are tagged once all pages exist.
    private readonly List<(PdfPage Page, PdfLinkAnnotation Link)> footerLinks = [];

    protected PdfLayout(PdfDocument document, string family, LayoutPlan? plan)
    {
        this.document = document;
        Pdf.Workarounds.CombiningMarksNotPositioned.ComposeText(document);
        this.plan = plan;
        // The second pass takes the first's typefaces and everything it measured and wrapped: the same words in the
        // same typefaces wrap the same way, so it wraps nothing again.
        measured = plan?.Measured is { } m && m.Family == family ? m : new Measurements(family);
        fonts = measured.Fonts;
        if (plan is not null)
        {
            var accessibility = UAManager.ForDocument(document);
            accessibility.SetDocumentLanguage("en-US");
            tags = accessibility.StructureBuilder;
        }
    }

    /// <summary>
    /// Lays a document out: once on a scratch document to learn its pages, then for real on <paramref name="document"/>.
    /// The layout does not depend on the tags or the frames, so both passes break pages at the same places.
    /// </summary>
    public static void LayOut(PdfDocument document, Func<PdfDocument, LayoutPlan?, PdfLayout> writer)
    {
        var draft = writer(new PdfDocument(), null);
        draft.Write();
        writer(document, draft.Plan).Write();
    }

    /// <summary>
    /// The first pass only breaks pages: it adds blank pages to its scratch document and draws, links and bookmarks
    /// nothing, so it costs the measuring alone.
    /// </summary>
    private bool Drafting => plan is null;

    private LayoutPlan Plan => new(document.PageCount, contents.ToList()) { Measured = measured };

    private void Write()
    {
        NewPage();
        Compose();
        tags?.EndMarkedContentsWithId();
        gfx?.Dispose();
        if (plan is not null)
        {
            if (document.PageCount != plan.Pages)
            {
                throw new InvalidOperationException($"The layout took {document.PageCount} pages, its first pass {plan.Pages}.");
            }
            RestoreParentTree();
            TagFooterLinks();
        }
    }

    // PDFsharp's StructureBuilder finds the current page's entry in the parent tree by scanning the whole /Nums array,
    // twice, for every marked-content sequence it opens: with an entry per page and per link, a 335-page edition spent
    // most of its render time there. Once a page is done, or a link tagged, nothing looks its entry up again, so the
    // entries wait here and go back, in the same order, when the last page is done: the parent tree written is the same.
    private readonly List<(int Key, PdfItem Value)> parkedParentTree = [];

    private PdfArray? ParentTreeNums =>
        tags is null ? null : UAManager.ForDocument(document).StructureTreeRoot.Elements.GetDictionary("/ParentTree")?.Elements.GetArray("/Nums");

    /// <summary>
    /// Parks the parent tree's entries: all of them when a page is done; the entry of a link (an annotation, looked up
    /// never again) once it is tagged, keeping only the current page's, which every marked content on it looks up.
    /// </summary>
    private void ParkParentTree(bool keepPage)
    {
        if (ParentTreeNums is not { } nums)
        {
            return;
        }
        var pageKey = keepPage && page.Elements.ContainsKey("/StructParents") ? page.Elements.GetInteger("/StructParents") : -1;
        var kept = new List<PdfItem>(2);
        for (var i = 0; i + 1 < nums.Elements.Count; i += 2)
        {
            var key = ((PdfInteger)nums.Elements[i]).Value;
            if (key == pageKey)
            {
                kept.Add(nums.Elements[i]);
                kept.Add(nums.Elements[i + 1]);
            }
            else
            {
                parkedParentTree.Add((key, nums.Elements[i]));
                parkedParentTree.Add((key, nums.Elements[i + 1]));
            }
        }
        nums.Elements.Clear();
        foreach (var item in kept)
        {
            nums.Elements.Add(item);
        }
    }

    /// <summary>Puts every parked entry back, in the order of their keys, the order PDFsharp added them in.</summary>
    private void RestoreParentTree()
    {
        if (parkedParentTree.Count > 0 && ParentTreeNums is { } nums)
        {
            for (var i = 0; i + 1 < nums.Elements.Count; i += 2)
            {
                var key = ((PdfInteger)nums.Elements[i]).Value;
                parkedParentTree.Add((key, nums.Elements[i]));
                parkedParentTree.Add((key, nums.Elements[i + 1]));
            }
            nums.Elements.Clear();
            // A stable sort: each key's pair stays key first, value second.
            foreach (var (_, item) in parkedParentTree.OrderBy(e => e.Key))
            {
                nums.Elements.Add(item);
            }
            parkedParentTree.Clear();
        }
    }

    /// <summary>Writes the content, from the first page on; the pages' frames are drawn by the layout.</summary>
    protected abstract void Compose();

    /// <summary>The running header (left and right) and the footer's address of every page.</summary>
    protected abstract PageFrame Frame { get; }

    // ---- tags -----------------------------------------------------------------------------------------------------

    /// <summary>Opens a structure element (P, H1, L, LI, Table, TR, TH…) that ends when the returned scope is disposed.</summary>
    protected Tag Element(PdfBlockLevelElementTag tag)
    {
        tags?.BeginElement(tag);
        return new Tag(tags);
    }

    protected Tag Element(PdfGroupingElementTag tag)
    {
        tags?.BeginElement(tag);
        return new Tag(tags);
    }

    /// <summary>A chart: a Figure whose alternative text gives what it shows; <paramref name="area"/> in layout coordinates.</summary>
    protected Tag Figure(string alt, XRect area)
    {
        tags?.BeginElement(PdfIllustrationElementTag.Figure, alt, new XRect(area.X, PageHeight - area.Bottom, area.Width, area.Height));
        return new Tag(tags);
    }

    /// <summary>
    /// Drawing that carries no content of its own (rules, shading, running headers, repeated table headers), all of it
    /// text or all of it graphics, as <paramref name="text"/> says.
    /// </summary>
    protected Tag Artifact(bool text = false)
    {
        Mode(text);
        tags?.BeginArtifact();
        return new Tag(tags);
    }

    // PDF lets marked content and text objects (BT…ET) nest but never overlap. PDFsharp opens a tagged sequence in
    // whatever mode the page is in when something is drawn and closes it in whatever mode the page is in then, so
    // every draw goes through these: it first switches to its own mode, ending the open sequence if the mode changes,
    // so each sequence lies inside one text object or outside all of them.
    protected void DrawText(string text, XFont font, XBrush brush, double x, double baseline)
    {
        if (Drafting)
        {
            return;
        }
        Mode(text: true);
        gfx.DrawString(text, font, brush, x, baseline);
    }

    protected void DrawText(string text, XFont font, XBrush brush, XRect area, XStringFormat format)
    {
        if (Drafting)
        {
            return;
        }
        Mode(text: true);
        gfx.DrawString(text, font, brush, area, format);
    }

    protected void DrawRule(XPen pen, double x1, double y1, double x2, double y2)
    {
        if (Drafting)
        {
            return;
        }
        Mode(text: false);
        gfx.DrawLine(pen, x1, y1, x2, y2);
    }

    protected void DrawBox(XPen? pen, XBrush? brush, double x, double y, double width, double height)
    {
        if (Drafting)
        {
            return;
        }
        Mode(text: false);
        if (pen is null)
        {
            gfx.DrawRectangle(brush!, x, y, width, height);
        }
        else if (brush is null)
        {
            gfx.DrawRectangle(pen, x, y, width, height);
        }
        else
        {
            gfx.DrawRectangle(pen, brush, x, y, width, height);
        }
    }

    private void Mode(bool text)
    {
        if (tags is null || PdfRendererExtensions.IsInTextMode(gfx) == text)
        {
            return;
        }
        tags.EndMarkedContentsWithId();
        if (text)
        {
            PdfRendererExtensions.BeginTextMode(gfx);
        }
        else
        {
            PdfRendererExtensions.BeginGraphicMode(gfx);
        }
    }

    /// <summary>A table header cell, for the column below it.</summary>
    private Tag HeaderCell()
    {
        var tag = Element(PdfBlockLevelElementTag.TableHeaderCell);
        tags?.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/Column");
        return tag;
    }

    /// <summary>A link around what is drawn until the scope ends: the annotation is tagged with the text it covers.</summary>
    protected Tag Link(PdfLinkAnnotation annotation, string text)
    {
        if (Drafting)
        {
            return default;
        }
        if (tags is null)
        {
            page.Annotations.Add(annotation);
        }
        else
        {
            tags.BeginElement(annotation, text);
            ParkParentTree(keepPage: true);
        }
        return new Tag(tags);
    }

    protected readonly struct Tag : IDisposable
    {
        private readonly StructureBuilder? builder;

        public Tag(StructureBuilder? builder) => this.builder = builder;

        public void Dispose() => builder?.End();
    }

    /// <summary>
    /// The footer links, one per page, become one Link element at the end of the structure (its text is an artifact
    /// on each page, which a screen reader skips). StructureBuilder tags annotations of the current page only, so this
    /// is done with the structure objects themselves, as its own code does.
    /// </summary>
    private void TagFooterLinks()
    {
        if (footerLinks.Count == 0)
        {
            return;
        }
        var accessibility = UAManager.ForDocument(document);
        var root = accessibility.StructureTreeRoot;
        var parentTree = (PdfNumberTreeNode)root.Elements.GetDictionary("/ParentTree")!;
        var parent = accessibility.StructureTreeElementDocument;
        var link = new PdfStructureElement(document);
        document.Internals.AddObject(link);
        link.Elements.SetReference("/P", parent);
        link.Elements.SetName("/S", "/Link");
        var kids = new PdfArray(document);
        link.Elements.SetObject("/K", kids);
        var siblings = parent.Elements.GetArray("/K");
        if (siblings is null)
        {
            siblings = new PdfArray(document);
            parent.Elements.SetObject("/K", siblings);
        }
        siblings.Elements.Add(link);
        foreach (var (p, annotation) in footerLinks)
        {
            var reference = new PdfObjectReference();
            reference.Elements.SetReference("/Obj", annotation);
            reference.Elements.SetReference("/Pg", p);
            kids.Elements.Add(reference);
            var key = root.Elements.GetInteger("/ParentTreeNextKey");
            annotation.Elements.SetInteger(PdfAnnotation.Keys.StructParent, key);
            parentTree.AddNumber(key, link);
            root.Elements.SetInteger("/ParentTreeNextKey", key + 1);
        }
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
        Heading1([new Span(title, fonts.H1, Ink)], lineFactor: 1.15);
        y += 2;
        Rule(StrongRulePen);
        y += 10;
    }

    /// <summary>A top-level heading (a section's, or a document's title): an H1 element.</summary>
    protected void Heading1(IReadOnlyList<Span> spans, double lineFactor)
    {
        using (Element(PdfBlockLevelElementTag.Heading1))
        {
            Flow(spans, lineFactor, 0);
        }
    }

    /// <summary>A subheading (H2), kept with what follows; bookmarked when asked, on the page it lands on.</summary>
    protected void Heading2(string title, double keepWith = 36, bool bookmark = false)
    {
        var lines = Wrap([new Span(title, fonts.H2, Ink)], Width);
        Space(lines.Sum(l => l.Height) + keepWith);
        if (bookmark)
        {
            Bookmark(title);
        }
        y += 4;
        using (Element(PdfBlockLevelElementTag.Heading2))
        {
            DrawLines(lines, Left);
        }
        y += 2;
    }

    /// <summary>A subheading under an H2 (H3), in bold body type, kept with what follows.</summary>
    protected void Heading3(string title, double keepWith = 30)
    {
        var lines = Wrap([new Span(title, fonts.BodyBold, Ink)], Width);
        Space(lines.Sum(l => l.Height) + keepWith);
        y += 3;
        using (Element(PdfBlockLevelElementTag.Heading3))
        {
            DrawLines(lines, Left);
        }
        y += 1;
    }

    protected void Bookmark(string title)
    {
        if (Drafting)
        {
            return;
        }
        var outline = document.Outlines.Add(title, page, true);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Left = 0;
        outline.Top = PageHeight - Math.Max(y - 12, 0);
    }

    protected void Rule(XPen pen)
    {
        using (Artifact())
        {
            DrawRule(pen, Left, y, Right, y);
        }
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
        // A marked-content sequence never crosses a page: the element it belongs to goes on with a new one.
        tags?.EndMarkedContentsWithId();
        ParkParentTree(keepPage: false);
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.Letter;
        gfx = Drafting ? null! : XGraphics.FromPdfPage(page);
        y = Top;
        if (plan is not null)
        {
            DrawFrame(document.PageCount, plan.Pages);
        }
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
        using (Element(PdfBlockLevelElementTag.Paragraph))
        {
            Flow(spans, lineFactor, indent);
        }
    }

    private void Flow(IReadOnlyList<Span> spans, double lineFactor, double indent)
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

    /// <summary>A list (L) of <see cref="Numbered"/> items, ended when the scope is disposed.</summary>
    protected Tag List() => Element(PdfBlockLevelElementTag.List);

    /// <summary>
    /// A hanging-indent item of a <see cref="List"/> (LI, its marker the Lbl, its text the LBody): a marker in the margin
    /// column, text beside it, never split across pages.
    /// </summary>
    protected void Numbered(string marker, IReadOnlyList<Span> spans, double indent = 30, double after = 3)
    {
        var lines = Wrap(spans, Width - indent);
        var height = lines.Sum(l => l.Height);
        Space(height + after);
        using (Element(PdfBlockLevelElementTag.ListItem))
        {
            using (Element(PdfBlockLevelElementTag.Label))
            {
                DrawText(marker, spans[0].Font, Muted, Left, y + lines[0].Baseline);
            }
            using (Element(PdfBlockLevelElementTag.ListBody))
            {
                DrawLines(lines, Left + indent);
            }
        }
        y += after;
    }

    protected void Table(IReadOnlyList<Column> columns, IReadOnlyList<Cell[]> rows, string continued)
    {
        const double pad = 4;
        var headerCells = columns.Select(c => Wrap([new Span(c.Header, fonts.TableHeader, Muted)], c.Width - (2 * pad))).ToList();
        var headerHeight = headerCells.Max(l => l.Sum(x => x.Height)) + (2 * pad);

        // The first header is the table's header row (TR of TH cells); a header repeated on a continuation page is an
        // artifact, as is the "(continued)" line above it, so a screen reader meets the header once and never reads it
        // as a row of data. PDF/UA allows either; tagging the repeat would put a second header row mid-table.
        void Header(bool repeated)
        {
            using (repeated ? Artifact(text: true) : Element(PdfBlockLevelElementTag.TableRow))
            {
                var x = Left;
                for (var i = 0; i < columns.Count; i++)
                {
                    var top = y;
                    y += pad;
                    using (repeated ? default : HeaderCell())
                    {
                        DrawLines(headerCells[i], x + pad);
                    }
                    y = top;
                    x += columns[i].Width;
                }
            }
            y += headerHeight;
            using (Artifact())
            {
                DrawRule(StrongRulePen, Left, y, Right, y);
            }
        }

        var laidOut = rows.Select(row => row.Select((cell, i) => Wrap(cell.Spans, columns[i].Width - (2 * pad) - cell.Indent)).ToList()).ToList();
        Space(headerHeight + (laidOut.Count > 0 ? RowHeight(laidOut[0]) : 0));
        using var table = Element(PdfBlockLevelElementTag.Table);
        // THead holds the header row and TBody the rows, so a screen reader can tell them apart and skip to the data.
        using (Element(PdfBlockLevelElementTag.TableHeadRowGroup))
        {
            Header(repeated: false);
        }
        using var body = rows.Count > 0 ? Element(PdfBlockLevelElementTag.TableBodyRowGroup) : default;
        for (var r = 0; r < rows.Count; r++)
        {
            var height = RowHeight(laidOut[r]);
            if (y + height > Bottom)
            {
                // Rows never split: the whole row goes to the next page, under a repeated header.
                NewPage();
                using (Artifact(text: true))
                {
                    DrawText(continued + " (continued)", fonts.SmallItalic, Muted, Left, y + 8);
                }
                y += 16;
                Header(repeated: true);
            }
            if (r % 2 == 1)
            {
                using (Artifact())
                {
                    DrawBox(null, Shade, Left, y, Width, height);
                }
            }
            var x = Left;
            var top = y;
            using (Element(PdfBlockLevelElementTag.TableRow))
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    y = top + pad;
                    using (Element(PdfBlockLevelElementTag.TableDataCell))
                    {
                        DrawLines(laidOut[r][c], x + pad + rows[r][c].Indent);
                    }
                    x += columns[c].Width;
                }
            }
            y = top + height;
            using (Artifact())
            {
                DrawRule(RulePen, Left, y, Right, y);
            }
        }
        y += 8;

        static double RowHeight(List<List<Line>> cells) => cells.Max(l => l.Sum(x => x.Height)) + (2 * pad);
    }

    protected void DrawLines(IReadOnlyList<Line> lines, double x0)
    {
        if (Drafting)
        {
            foreach (var line in lines)
            {
                y += line.Height;
            }
            return;
        }
        foreach (var line in lines)
        {
            // Neighbouring words in one style are drawn as one string: the layout put them one measured space apart,
            // which is where the string's own space puts them, and one text operation costs far less than eight.
            var start = 0;
            // The link whose element is open: each link area of the line is one Link element around the text it covers.
            var open = -1;
            Tag link = default;
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
                var area = first.Span.Link is null ? -1 : LinkAt(line, first);
                if (area != open)
                {
                    link.Dispose();
                    link = default;
                    if (area >= 0)
                    {
                        var l = line.Links[area];
                        var rect = new XRect(x0 + l.X, PageHeight - (y + line.Height), l.Width, line.Height);
                        link = Link(PdfLinkAnnotation.CreateWebLink(new PdfRectangle(rect), l.Url), LinkText(line, l));
                    }
                    open = area;
                }
                DrawText(text, first.Span.Font, first.Span.Brush, x0 + first.X, y + line.Baseline);
                start = end;
            }
            link.Dispose();
            y += line.Height;
        }
    }

    private static int LinkAt(Line line, Piece piece)
    {
        for (var i = 0; i < line.Links.Count; i++)
        {
            var l = line.Links[i];
            if (l.Url == piece.Span.Link && piece.X >= l.X - 0.01 && piece.X < l.X + l.Width)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The words a link area covers: the link's description for a screen reader.</summary>
    private static string LinkText(Line line, LinkArea link) =>
        string.Concat(line.Pieces
            .Where(p => p.Span.Link == link.Url && p.X >= link.X - 0.01 && p.X < link.X + link.Width)
            .Select((p, i) => i == 0 || p.Gap == 0 ? p.Text : " " + p.Text));

    // ---- text layout ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Greedy line breaking over styled spans, measured with the font. Words joined without a space (a title and its
    /// [n] marker, glued spans) move together; a word longer than the line (a URL) is broken between characters.
    /// </summary>
    protected List<Line> Wrap(IReadOnlyList<Span> spans, double width, double lineFactor = 1.32)
    {
        var key = new WrapKey([.. spans], width, lineFactor);
        if (!measured.Wraps.TryGetValue(key, out var wrapped))
        {
            wrapped = WrapAnew(spans, width, lineFactor);
            measured.Wraps[key] = wrapped;
        }
        // A copy: the caller may change its list, never the one kept.
        return [.. wrapped];
    }

    private List<Line> WrapAnew(IReadOnlyList<Span> spans, double width, double lineFactor)
    {
        // Words: runs of pieces with no space between them, all in one list; a word is where it starts in it.
        var all = new List<(string Text, Span Span, double Width)>();
        var words = new List<(int Start, bool BreakBefore)>();
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
                if (!joined)
                {
                    words.Add((all.Count, i == 0 && span.Break));
                }
                all.Add((text, span, Measure(text, span.Font)));
            }
        }

        var lines = new List<Line>();
        var current = new LineBuilder(lineFactor);
        for (var word = 0; word < words.Count; word++)
        {
            var (start, breakBefore) = words[word];
            var measured = CollectionsMarshal.AsSpan(all)[start..(word + 1 < words.Count ? words[word + 1].Start : all.Count)];
            var wordWidth = 0.0;
            foreach (var piece in measured)
            {
                wordWidth += piece.Width;
            }
            var space = current.IsEmpty ? 0 : Measure(" ", measured[0].Span.Font);
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
                        var take = LongestFit(rest, span.Font, current.X + space, width);
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

    private readonly Measurements measured;

    /// <summary>
    /// How many characters of <paramref name="text"/>, one at least, fit between <paramref name="x"/> and
    /// <paramref name="width"/>. A prefix is never narrower than a shorter one, so this is a binary search: a long URL
    /// once took a measurement (and a cached substring) for every character it was too long by.
    /// </summary>
    private int LongestFit(string text, XFont font, double x, double width)
    {
        bool Fits(int length) => !(x + measure.MeasureString(text[..length], font).Width > width);
        if (Fits(text.Length))
        {
            return text.Length;
        }
        var fits = 1;
        var fitsNot = text.Length;
        while (fitsNot - fits > 1)
        {
            var middle = fits + ((fitsNot - fits) / 2);
            if (Fits(middle))
            {
                fits = middle;
            }
            else
            {
                fitsNot = middle;
            }
        }
        return fits;
    }

    // Measuring needs no page: the first pass has none to draw on, and both passes measure alike.
    private readonly XGraphics measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards, Pdf.Workarounds.CombiningMarksNotPositioned.Events);

    protected double Measure(string text, XFont font)
    {
        if (!measured.Widths.TryGetValue((text, font), out var width))
        {
            width = measure.MeasureString(text, font).Width;
            measured.Widths[(text, font)] = width;
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

        /// <summary>The line, built once: the builder is done with after it.</summary>
        public Line Build()
        {
            var size = pieces[0].Span.Font.Size;
            var ascent = Ascent(pieces[0].Span.Font);
            foreach (var p in pieces)
            {
                size = Math.Max(size, p.Span.Font.Size);
                ascent = Math.Max(ascent, Ascent(p.Span.Font));
            }
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
            return new Line(pieces, height, baseline, links);
        }

        private static double Ascent(XFont font) => font.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
    }

    protected internal sealed record Piece(string Text, Span Span, double X, double Width, double Gap);

    protected internal sealed record LinkArea(double X, double Width, string Url);

    protected internal sealed record Line(IReadOnlyList<Piece> Pieces, double Height, double Baseline, IReadOnlyList<LinkArea> Links);

    protected sealed record Column(string Header, double Width);

    protected sealed record Cell(IReadOnlyList<Span> Spans, double Indent = 0);

    // ---- page frames ----------------------------------------------------------------------------------------------

    /// <summary>What every page repeats: the header (left and right) and the footer's address, linked.</summary>
    protected sealed record PageFrame(string Header, string Right, string FooterUrl);

    /// <summary>The header and footer ("Page X of Y") of a new page: pagination artifacts, read once by no one.</summary>
    private void DrawFrame(int number, int total)
    {
        var frame = Frame;
        // The rules come first: PDFsharp sets up a page's coordinates on its first drawing, ending a text object to do
        // so, which must not happen inside a text artifact.
        using (Artifact())
        {
            DrawRule(RulePen, Left, 46, Right, 46);
            DrawRule(RulePen, Left, PageHeight - 46, Right, PageHeight - 46);
        }
        // Both ends of the header and of the footer share one baseline.
        using (Artifact(text: true))
        {
            DrawText(frame.Header, fonts.Header, Muted, Left, 38);
            DrawText(frame.Right, fonts.Header, Muted, Right - Measure(frame.Right, fonts.Header), 38);
        }
        using (Artifact(text: true))
        {
            DrawText(frame.FooterUrl, fonts.Header, Muted, Left, PageHeight - 32);
            var pageLabel = $"Page {number} of {total}";
            DrawText(pageLabel, fonts.Header, Ink, Right - Measure(pageLabel, fonts.Header), PageHeight - 32);
        }
        var footerWidth = Measure(frame.FooterUrl, fonts.Header);
        var link = page.AddWebLink(new PdfRectangle(new XRect(Left, 29, footerWidth, 10)), frame.FooterUrl);
        link.Elements.SetString(PdfAnnotation.Keys.Contents, frame.FooterUrl);
        // Tab order follows the structure on every page with a link, as PDF/UA asks.
        page.Elements.SetName("/Tabs", "/S");
        footerLinks.Add((page, link));
    }

    /// <summary>The typefaces of every PDF, all of one family.</summary>
    /// <summary>
    /// What a layout measured, kept for both passes of one document: the typefaces, the width of each word (words
    /// repeat throughout a report: status labels, dates, codes) and the lines each run of text wrapped to.
    /// </summary>
    internal sealed class Measurements(string family)
    {
        public string Family { get; } = family;

        public Fonts Fonts { get; } = new(family);

        public Dictionary<(string Text, XFont Font), double> Widths { get; } = [];

        public Dictionary<WrapKey, List<Line>> Wraps { get; } = [];
    }

    /// <summary>A run of spans wrapped to a width: equal when every span is equal (text, typeface, brush, link).</summary>
    internal readonly struct WrapKey : IEquatable<WrapKey>
    {
        private readonly Span[] spans;
        private readonly double width;
        private readonly double lineFactor;
        private readonly int hash;

        public WrapKey(Span[] spans, double width, double lineFactor)
        {
            this.spans = spans;
            this.width = width;
            this.lineFactor = lineFactor;
            var h = new HashCode();
            foreach (var span in spans)
            {
                h.Add(span);
            }
            h.Add(width);
            h.Add(lineFactor);
            hash = h.ToHashCode();
        }

        public bool Equals(WrapKey other) =>
            hash == other.hash && width.Equals(other.width) && lineFactor.Equals(other.lineFactor) && spans.AsSpan().SequenceEqual(other.spans);

        public override bool Equals(object? obj) => obj is WrapKey other && Equals(other);

        public override int GetHashCode() => hash;
    }

    protected internal sealed class Fonts(string family)
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

/// <summary>What the first layout pass learnt: the page count and the page each section starts on.</summary>
internal sealed record LayoutPlan(int Pages, IReadOnlyList<(string Title, int Page)> Contents)
{
    /// <summary>The first pass's typefaces, widths and wrapped lines, which the second reuses.</summary>
    internal PdfLayout.Measurements? Measured { get; init; }
}

/// <summary>A run of text in one style. <see cref="Glue"/> joins it to the word before; <see cref="Break"/> starts a new line.</summary>
internal sealed record Span(string Text, XFont Font, XBrush Brush, string? Link = null)
{
    /// <summary>All text the report draws passes here: a control character or lone surrogate in stored data becomes U+FFFD.</summary>
    public string Text { get; init; } = PlainText.ForOutput(Text);

    public bool Glue { get; init; }
    public bool Break { get; init; }
}
