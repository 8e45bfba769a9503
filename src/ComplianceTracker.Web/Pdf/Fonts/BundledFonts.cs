using PdfSharp.Fonts;

namespace ComplianceTracker.Web.Pdf.Fonts;

/// <summary>
/// PDFsharp's font resolver, answering with the DejaVu Sans faces embedded in this assembly (their licence,
/// LICENSE-DejaVu.txt, is embedded beside them). The machine's fonts are never read: the same content gives the same
/// bytes, and the same SHA-256, on every machine. Any other family is not found, so a typo fails loudly rather than
/// setting a PDF in something else.
/// </summary>
internal sealed class BundledFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    /// <summary>The faces by (bold, italic); each is the name of a .ttf file in Pdf/Fonts.</summary>
    public static readonly IReadOnlyList<string> Faces = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"];

    public const string LicenceResource = ResourcePrefix + "LICENSE-DejaVu.txt";

    private const string ResourcePrefix = "ComplianceTracker.Web.Pdf.Fonts.";

    private static readonly Lock InstallLock = new();

    private BundledFonts()
    {
    }

    /// <summary>
    /// Makes this PDFsharp's resolver for the process (PDFsharp has one, global), once; the web app and the tests call it
    /// many times. Throws if a face or the licence is missing from the build, or another resolver was installed first.
    /// </summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            switch (GlobalFontSettings.FontResolver)
            {
                case BundledFonts:
                    return;
                case { } other:
                    throw new InvalidOperationException(
                        $"PDFsharp already has a font resolver ({other.GetType().FullName}): the PDFs must be set in the bundled {Family} alone, or an edition's bytes depend on the machine.");
            }
            var missing = Faces.Select(f => ResourcePrefix + f + ".ttf").Append(LicenceResource)
                .Except(typeof(BundledFonts).Assembly.GetManifestResourceNames()).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"The build lacks the embedded font files {string.Join(", ", missing)} (Pdf/Fonts in the web project).");
            }
            GlobalFontSettings.FontResolver = new BundledFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        familyName.Equals(Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(Faces[(isBold ? 1 : 0) + (isItalic ? 2 : 0)])
            : null;

    /// <summary>PDFsharp asks once per face and keeps what it is given.</summary>
    public byte[]? GetFont(string faceName) => Faces.Contains(faceName) ? Read(faceName + ".ttf") : null;

    /// <summary>The bytes of a file of Pdf/Fonts, as built into the assembly.</summary>
    public static byte[] Read(string fileName)
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"No embedded font file {fileName}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
