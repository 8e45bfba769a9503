using System.Text;
using PdfSharp.Events;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around PDFsharp 6.2.4 drawing combining marks where they fall: it maps each code point to a glyph on its own,
/// with no OpenType mark positioning (GPOS mark-to-base and mark-to-mark) and no composition. Text that arrives
/// decomposed (NFD: "e", U+0302, U+0303, as imported data, some keyboards and macOS file names give it) is drawn as a
/// letter followed by zero-width marks at their default place, designed for a lowercase letter: the two marks of
/// Vietnamese "ễ" collide, an acute over a capital cuts into it, "í" keeps the i's dot under its accent, and the width
/// measured is the letter's, not the composed letter's (DejaVu's "Ơ" and "Ὅ" are wider than "O").
/// <para>
/// The text is composed (NFC) before PDFsharp measures or draws it, so the font's precomposed glyphs, whose marks its
/// designers placed, are used. A mark with no precomposed letter (Yoruba's "ọ̀" is "ọ" and U+0300) stays a mark, drawn
/// as before. The text layer carries the composed form, which is canonically the same text.
/// </para>
/// </summary>
internal static class CombiningMarksNotPositioned
{
    /// <summary>For a measuring context (XGraphics.CreateMeasureContext), so text is measured as it is drawn.</summary>
    public static RenderEvents Events { get; } = ComposeIn(new RenderEvents());

    /// <summary>Composes all text drawn on <paramref name="document"/>'s pages; call before drawing.</summary>
    public static void ComposeText(PdfDocument document) => ComposeIn(document.RenderEvents);

    private static RenderEvents ComposeIn(RenderEvents events)
    {
        events.PrepareTextEvent -= Compose; // once, however often it is called
        events.PrepareTextEvent += Compose;
        return events;
    }

    private static void Compose(object sender, PrepareTextEventArgs e)
    {
        if (!e.Text.IsNormalized(NormalizationForm.FormC))
        {
            e.Text = e.Text.Normalize(NormalizationForm.FormC);
        }
    }
}
