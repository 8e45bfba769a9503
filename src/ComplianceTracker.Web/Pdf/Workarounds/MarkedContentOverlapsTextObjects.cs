using PdfSharp.Drawing;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4's tagging: PDF lets marked content (BDC…EMC) and text objects (BT…ET) nest
/// but never overlap, yet PDFsharp opens a marked-content sequence in whatever mode the page is in when something is
/// drawn, lets later drawing switch mode inside it, and writes its EMC before putting the mode back. A tagged element
/// that draws text and then a line ends up as "BT … BDC … ET … EMC": a sequence that starts inside a text object and
/// ends outside it, which PDF/UA checkers reject.
/// </summary>
/// <remarks>
/// Every draw first switches to its own mode through <see cref="Enter"/>, ending the open sequence if the mode changes,
/// so each sequence lies inside one text object or outside all of them. PDFsharp also ends a text object on a page's
/// first drawing, to set up its coordinates; the layout draws each page's frame rules first, in graphics mode, so that
/// happens outside any sequence. Pinned by <c>MarkedContentOverlapsTextObjectsTests</c>.
/// </remarks>
internal static class MarkedContentOverlapsTextObjects
{
    /// <summary>Puts the page in text mode or graphics mode, closing the open marked content first if that changes it.</summary>
    public static void Enter(StructureBuilder tags, XGraphics gfx, bool text)
    {
        if (PdfRendererExtensions.IsInTextMode(gfx) == text)
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
}
