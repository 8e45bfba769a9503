using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// Drawing: every text, rule and box a layout draws goes through here, so the first pass (which has no page to draw
/// on) skips it and the second keeps each tagged sequence inside one text object or outside all of them
/// (<see cref="MarkedContentOverlapsTextObjects"/>).
/// </summary>
internal abstract partial class PdfLayout
{
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
        if (tags is not null)
        {
            MarkedContentOverlapsTextObjects.Enter(tags, gfx, text);
        }
    }
}
