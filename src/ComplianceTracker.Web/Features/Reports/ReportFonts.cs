using ComplianceTracker.Web.Pdf.Fonts;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The typeface editions and the brief are set in: DejaVu Sans, whose faces ship inside the app
/// (<see cref="BundledFonts"/>), so an edition renders to the same bytes on every machine whatever fonts it has.
/// </summary>
public sealed class ReportFonts
{
    private ReportFonts()
    {
    }

    /// <summary>The family name the renderers are given.</summary>
    public string Family => BundledFonts.Family;

    /// <summary>Installs the bundled faces as PDFsharp's fonts (once a process); throws if the build lacks them.</summary>
    public static ReportFonts Install()
    {
        BundledFonts.Install();
        return new ReportFonts();
    }
}
