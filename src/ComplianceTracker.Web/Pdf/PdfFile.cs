using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Pdf.Workarounds;
using Microsoft.IO;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// Saves a laid-out PDF so that the same content always gives the same bytes, complete zlib streams and object streams:
/// a second writer over PDFsharp's output, each of its steps a workaround of PDFsharp 6.2.4 (in <c>Workarounds/</c>).
/// </summary>
internal static class PdfFile
{
    /// <summary>
    /// Buffers for saving and packing, lent and given back: an edition is 0.3 MB (seeded) to 5 MB (large) before packing,
    /// and a fresh buffer that size for each render went to the large-object heap, which brought a full collection
    /// about every other render. The pool keeps at most 64 MB of free buffers.
    /// </summary>
    internal static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 128 * 1024,
        LargeBufferMultiple = 1024 * 1024,
        MaximumBufferSize = 32 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 48 * 1024 * 1024,
    });

    /// <param name="document">The document, laid out.</param>
    /// <param name="id">The 16-character file identifier, already set on the document.</param>
    /// <param name="seed">What distinguishes this document's font subsets from another's (an edition's number).</param>
    public static byte[] Save(PdfDocument document, string id, string seed)
    {
        FontSubsetTagsAreRandom.Fix(document, seed);
        AnnotationsStampedRandomly.Fix(document);
        FlateStreamsLackChecksum.TurnOffPdfSharpCompression(document);
        SubsetDropsNestedComponents.AddMissingComponents(document);
        using var saved = Buffers.GetStream("PdfFile.Save");
        document.Save(saved, false);
        var bytes = saved.GetBuffer().AsSpan(0, checked((int)saved.Length));
        XmpIdsAreRandom.Fix(bytes, id);
        if (document.Internals.UAManager is not null)
        {
            XmpLacksPdfUaId.Fix(bytes);
        }
        return NoObjectStreams.PackObjects(bytes);
    }

    /// <summary>A 16-byte file identifier derived from <paramref name="identity"/>, one char per byte as PDFsharp wants it.</summary>
    public static string Id(string identity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return new string(hash.Take(16).Select(b => (char)b).ToArray());
    }
}
