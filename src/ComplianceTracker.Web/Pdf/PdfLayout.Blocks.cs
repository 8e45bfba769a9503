using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// The blocks a renderer builds its pages of: sections and headings with their bookmarks, rules, paragraphs that keep
/// two lines on each side of a page break, hanging-indent lists, and tables whose rows never split.
/// </summary>
internal abstract partial class PdfLayout
{
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

    protected sealed record Column(string Header, double Width);

    protected sealed record Cell(IReadOnlyList<Span> Spans, double Indent = 0);
}
