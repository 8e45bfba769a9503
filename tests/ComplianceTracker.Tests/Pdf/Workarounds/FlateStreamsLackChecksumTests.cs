using ComplianceTracker.Web.Pdf;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <c>FlateStreamsLackChecksum</c>. When the first test fails, PDFsharp's Flate streams are complete zlib streams:
/// delete the workaround, let PDFsharp compress again and keep only the object and cross-reference streams' own zlib.
/// </summary>
public sealed class FlateStreamsLackChecksumTests
{
    [Test]
    public void PdfSharp_WritesFlateStreamsWithoutTheAdler32Checksum()
    {
        var flate = PlainPdf.Streams(PlainPdf.Save(PlainPdf.Document()))
            .Where(s => s.Dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
            .ToList();

        Assert.That(flate, Is.Not.Empty, "PDFsharp compresses page content and fonts by default");
        Assert.That(flate.Where(s => PlainPdf.EndsWithAdler32(s.Data)), Is.Empty, "PDFsharp 6.2.4 ends its zlib streams after the deflate data, without RFC 1950's checksum");
    }

    [Test]
    public void Save_WritesEveryFlateStreamAsACompleteZlibStream()
    {
        var pdf = PdfFile.Save(PlainPdf.Document(), PlainPdf.Id, "flate");
        var flate = PlainPdf.Streams(pdf).Where(s => s.Dictionary.Contains("/FlateDecode", StringComparison.Ordinal)).ToList();

        Assert.That(flate, Has.Count.GreaterThanOrEqualTo(4), "page content, the font subset, the object stream, the cross-reference stream");
        Assert.That(flate.Where(s => !PlainPdf.EndsWithAdler32(s.Data)).Select(s => s.Dictionary), Is.Empty);
        var (exitCode, output) = PlainPdf.QpdfCheck(pdf);
        Assert.That(output, Does.Not.Contain("WARNING").And.Contain("No syntax or stream encoding errors found"));
        Assert.That(exitCode, Is.Zero, output);
    }
}
