using System.Globalization;
using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;
using PdfSharp.Pdf.Structure;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// The page layout every PDF of the site shares: Letter pages, wrapped paragraphs whose links stay clickable, tables
/// whose rows never split and whose header repeats, headings with bookmarks, and the running header and "Page X of Y"
/// footer. A renderer derives from it and writes only its own sections, in its own words and colours.
/// </summary>
/// <remarks>
/// Every document is laid out twice (<see cref="LayOut"/>). The first pass, untagged and thrown away, learns how many
/// pages there are and where each section starts. The second draws each page once, top to bottom, tagged for screen
/// readers with PDFsharp's <see cref="UAManager"/>: it only lets the current page be drawn on, so the running header,
/// "Page X of Y" and the cover's contents are drawn as the page is made, from what the first pass learnt.
/// This file holds the passes and the pages; the tags, the drawing, the blocks and the text flow have files of their own.
/// </remarks>
internal abstract partial class PdfLayout
{
    protected const double PageWidth = 612;   // US Letter
    protected const double PageHeight = 792;
    protected const double Left = 56;
    protected const double Right = PageWidth - 56;
    protected const double Width = Right - Left;
    protected const double Top = 66;
    protected const double Bottom = PageHeight - 62;

    protected static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    // The neutral colours the layout itself draws with (text, frames, rules, table shading); a renderer adds its own.
    protected static readonly XColor InkColor = XColor.FromArgb(0x1F, 0x23, 0x28);
    protected static readonly XColor MutedColor = XColor.FromArgb(0x5B, 0x63, 0x6E);
    protected static readonly XColor RuleColor = XColor.FromArgb(0xD3, 0xD7, 0xDC);
    protected static readonly XColor ShadeColor = XColor.FromArgb(0xF3, 0xF4, 0xF6);

    protected static readonly XBrush Ink = new XSolidBrush(InkColor);
    protected static readonly XBrush Muted = new XSolidBrush(MutedColor);
    protected static readonly XBrush Shade = new XSolidBrush(ShadeColor);
    protected static readonly XPen RulePen = new(RuleColor, 0.6);
    protected static readonly XPen StrongRulePen = new(InkColor, 0.9);

    protected readonly PdfDocument document;
    protected readonly Typefaces fonts;
    protected readonly List<(string Title, int Page)> contents = [];
    protected PdfPage page = null!;
    protected XGraphics gfx = null!;
    protected double y;

    /// <summary>What the first pass learnt; null during the first pass itself, which draws no frames and tags nothing.</summary>
    protected readonly LayoutPlan? plan;

    private readonly TextFlow flow;

    protected PdfLayout(PdfDocument document, string family, LayoutPlan? plan)
    {
        this.document = document;
        CombiningMarksNotPositioned.ComposeText(document);
        this.plan = plan;
        // The second pass takes the first's typefaces and everything it measured and wrapped: the same words in the
        // same typefaces wrap the same way, so it wraps nothing again.
        flow = new TextFlow(plan?.Measured is { } m && m.Family == family ? m : new Measurements(family), PageWidth, PageHeight);
        fonts = flow.Measured.Fonts;
        if (plan is not null)
        {
            // The document was set up for PDF/UA when it was made (PdfDocumentSetup).
            var accessibility = UAManager.ForDocument(document);
            tags = accessibility.StructureBuilder;
            parentTree = new ParentTreeScannedLinearly(accessibility);
        }
    }

    /// <summary>
    /// Renders a document: makes it (<see cref="PdfDocumentSetup"/>), lays it out with <paramref name="writer"/> and saves
    /// it (<see cref="PdfFile"/>). The page count comes with the bytes, so no one reads the file again to learn it.
    /// </summary>
    public static RenderedPdf Render(PdfInfo info, Func<PdfDocument, LayoutPlan?, PdfLayout> writer)
    {
        var document = PdfDocumentSetup.Create(info);
        LayOut(document, writer);
        // Counted before saving: a saved document answers nothing more.
        var pages = document.PageCount;
        return new RenderedPdf(PdfFile.Save(document, info.Id, info.FontSeed), pages);
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

    private LayoutPlan Plan => new(document.PageCount, contents.ToList()) { Measured = flow.Measured };

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
            parentTree?.Restore();
            TagFooterLinks();
        }
    }

    /// <summary>Writes the content, from the first page on; the pages' frames are drawn by the layout.</summary>
    protected abstract void Compose();

    /// <summary>The running header (left and right) and the footer's address of every page.</summary>
    protected abstract PageFrame Frame { get; }

    protected void NewPage()
    {
        // A marked-content sequence never crosses a page: the element it belongs to goes on with a new one.
        tags?.EndMarkedContentsWithId();
        parentTree?.Park(page, keepPage: false);
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

    // ---- page frames ----------------------------------------------------------------------------------------------

    /// <summary>What every page repeats: the header (left and right) and the footer's address, linked.</summary>
    protected sealed record PageFrame(string Header, string Right, string FooterUrl)
    {
        /// <summary>No header, footer, rules or page number: a letter, which carries its own letterhead.</summary>
        public static readonly PageFrame None = new("", "", "");
    }

    // The footer's link on every page: its text is a pagination artifact, so the links are tagged once all pages exist.
    private readonly List<(PdfPage Page, PdfLinkAnnotation Link)> footerLinks = [];

    /// <summary>The header and footer ("Page X of Y") of a new page: pagination artifacts, read once by no one.</summary>
    private void DrawFrame(int number, int total)
    {
        var frame = Frame;
        // A document that is not a page of the site (a letter to print and sign) has no frame at all.
        if (frame == PageFrame.None)
        {
            return;
        }
        var footerShown = frame.FooterUrl;
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
            // Names of any length: the left end keeps up to half the line, the right end what is left, each shortened
            // with an ellipsis where it must be, so the two never meet.
            const double gap = 18;
            var line = Right - Left;
            var header = flow.Shorten(frame.Header, fonts.Header, Math.Max(line / 2, line - gap - Measure(frame.Right, fonts.Header)));
            var right = flow.Shorten(frame.Right, fonts.Header, line - gap - Measure(header, fonts.Header));
            DrawText(header, fonts.Header, Muted, Left, 38);
            DrawText(right, fonts.Header, Muted, Right - Measure(right, fonts.Header), 38);
        }
        using (Artifact(text: true))
        {
            var pageLabel = $"Page {number} of {total}";
            footerShown = flow.Shorten(frame.FooterUrl, fonts.Header, Right - Left - 18 - Measure(pageLabel, fonts.Header));
            DrawText(footerShown, fonts.Header, Muted, Left, PageHeight - 32);
            DrawText(pageLabel, fonts.Header, Ink, Right - Measure(pageLabel, fonts.Header), PageHeight - 32);
        }
        // The link keeps the whole address, over the part of it shown.
        var footerWidth = Measure(footerShown, fonts.Header);
        var link = page.AddWebLink(new PdfRectangle(new XRect(Left, 29, footerWidth, 10)), frame.FooterUrl);
        link.Elements.SetString(PdfAnnotation.Keys.Contents, frame.FooterUrl);
        // Tab order follows the structure on every page with a link, as PDF/UA asks.
        page.Elements.SetName("/Tabs", "/S");
        footerLinks.Add((page, link));
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
        var parentTreeNode = (PdfNumberTreeNode)root.Elements.GetDictionary("/ParentTree")!;
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
            parentTreeNode.AddNumber(key, link);
            root.Elements.SetInteger("/ParentTreeNextKey", key + 1);
        }
    }

    // ---- text flow ------------------------------------------------------------------------------------------------

    /// <inheritdoc cref="TextFlow.Wrap"/>
    protected List<Line> Wrap(IReadOnlyList<Span> spans, double width, double lineFactor = 1.32) => flow.Wrap(spans, width, lineFactor);

    /// <inheritdoc cref="TextFlow.Measure"/>
    protected double Measure(string text, XFont font) => flow.Measure(text, font);
}

/// <summary>What the first layout pass learnt: the page count and the page each section starts on.</summary>
internal sealed record LayoutPlan(int Pages, IReadOnlyList<(string Title, int Page)> Contents)
{
    /// <summary>The first pass's typefaces, widths and wrapped lines, which the second reuses.</summary>
    internal Measurements? Measured { get; init; }
}

/// <summary>A rendered PDF: its bytes and how many pages it has.</summary>
public sealed record RenderedPdf(byte[] Bytes, int Pages);
