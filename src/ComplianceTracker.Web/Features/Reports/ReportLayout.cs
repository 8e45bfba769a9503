using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The case's side of every PDF the site prints (the editions and the brief): its colours, what a status looks like,
/// source markers and provenance lines. The layout itself (<see cref="PdfLayout"/>) knows none of these words or colours.
/// </summary>
internal abstract class ReportLayout(PdfDocument document, string family, LayoutPlan? plan) : PdfLayout(document, family, plan)
{
    /// <summary>Who made the file, in every PDF's metadata.</summary>
    public const string Author = "ComplianceTracker";

    protected static readonly XColor AccentColor = XColor.FromArgb(0xA1, 0x1D, 0x21);
    protected static readonly XColor GoodColor = XColor.FromArgb(0x2E, 0x6B, 0x3A);
    protected static readonly XColor LinkColor = XColor.FromArgb(0x1A, 0x4F, 0x8B);
    protected static readonly XColor PaleAccentColor = XColor.FromArgb(0xE8, 0xB4, 0xB5);

    protected static readonly XBrush Accent = new XSolidBrush(AccentColor);
    protected static readonly XBrush Good = new XSolidBrush(GoodColor);
    protected static readonly XBrush LinkBrush = new XSolidBrush(LinkColor);

    /// <summary>"[7, 11, 12]" after the word it follows, never larger than body text.</summary>
    protected IEnumerable<Span> Cites(IReadOnlyList<int> sources, XFont font) =>
        sources.Count == 0
            ? []
            // No-break spaces keep "[7, 11, 12]" on one line.
            : [new Span(ReportText.Markers(sources).Replace(' ', '\u00A0'), font.Size > fonts.Body.Size ? fonts.Body : font, Muted) { Glue = true }];

    /// <summary>A status's provenance on a line of its own in the same cell, in the accent colour when it needs caution.</summary>
    protected IEnumerable<Span> ProvenanceSpans(Provenance? provenance) =>
        provenance is null ? [] : [new Span(provenance.Short, fonts.TableSmall, provenance.NeedsCaution ? Accent : Muted) { Break = true }];

    /// <summary>The web page's amber (site.css --warn), for a status on its way or in part.</summary>
    protected static readonly XColor WarnColor = XColor.FromArgb(0x7A, 0x4B, 0x00);

    protected static readonly XBrush Warn = new XSolidBrush(WarnColor);

    /// <summary>A status's words in the colour of its tone (<see cref="StatusTones"/>), as the web page's badge shows them.</summary>
    protected static XBrush StatusBrush(string? code) => StatusTones.Of(code) switch
    {
        StatusTone.Bad => Accent,
        StatusTone.Good => Good,
        StatusTone.Warn => Warn,
        _ => Muted,
    };

    /// <summary>A chart's mark for a status: as its words, but dark when nothing is known, as the web page's chart draws it.</summary>
    protected static XBrush StatusFill(string? code) => StatusTones.Of(code) == StatusTone.Unknown ? Ink : StatusBrush(code);
}
