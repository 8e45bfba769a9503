using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Pdf.Fonts;
using PdfSharp.Fonts;

namespace ComplianceTracker.Tests.Pdf.Fonts;

/// <summary>The PDFs' typeface ships inside the app, with its licence, and nothing else is ever used.</summary>
public sealed class BundledFontsTests
{
    private static readonly string FontsFolder = Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "Pdf", "Fonts");

    [TestCase(false, false, "DejaVuSans")]
    [TestCase(true, false, "DejaVuSans-Bold")]
    [TestCase(false, true, "DejaVuSans-Oblique")]
    [TestCase(true, true, "DejaVuSans-BoldOblique")]
    public void ResolveTypeface_GivesEachStyleItsOwnFace_FromTheAssembly(bool bold, bool italic, string face)
    {
        var fonts = ReportFonts.Install();
        var resolver = GlobalFontSettings.FontResolver!;
        var info = resolver.ResolveTypeface(fonts.Family, bold, italic)!;

        Assert.Multiple(() =>
        {
            Assert.That(resolver, Is.TypeOf<BundledFonts>(), "PDFsharp's one resolver for the process");
            Assert.That(info.FaceName, Is.EqualTo(face));
            Assert.That(info.StyleSimulations, Is.EqualTo(PdfSharp.Drawing.XStyleSimulations.None), "a real face, never a simulated style");
            Assert.That(resolver.GetFont(info.FaceName), Is.EqualTo(File.ReadAllBytes(Path.Combine(FontsFolder, face + ".ttf"))),
                "the bytes checked in, embedded in the web assembly");
        });
    }

    [Test]
    public void ResolveTypeface_FindsNoOtherFamily_EvenOneInstalledOnThisMachine()
    {
        ReportFonts.Install();
        // DejaVu Serif ships with Debian's fonts-dejavu-core, so it is on most machines that build this: still not found.
        Assert.That(GlobalFontSettings.FontResolver!.ResolveTypeface("DejaVu Serif", false, false), Is.Null);
    }

    [Test]
    public void Licence_TravelsWithTheFaces_InTheAssemblyAndBesideIt()
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream(BundledFonts.LicenceResource)!;
        var embedded = new StreamReader(stream).ReadToEnd();
        var copied = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pdf", "Fonts", "LICENSE-DejaVu.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(embedded, Does.Contain("Copyright (c) 2003 by Bitstream, Inc. All Rights Reserved.")
                .And.Contain("The above copyright and trademark notices and this permission notice shall\nbe included in all copies"));
            Assert.That(copied, Is.EqualTo(embedded));
            Assert.That(BundledFonts.Faces.Select(f => f + ".ttf"), Has.All.Matches<string>(f => embedded.Contains(f, StringComparison.Ordinal)),
                "the notice names every face it covers");
        });
    }
}
