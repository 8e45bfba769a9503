using PdfSharp.Drawing;

namespace ComplianceTracker.Web.Pdf;

/// <summary>The typefaces of every PDF, all of one family, at the sizes the layout sets text in.</summary>
internal sealed class Typefaces(string family)
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
