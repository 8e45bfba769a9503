using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IO;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4: the Flate streams it writes (page content, font subsets, with compression
/// on, as it is by default) end without zlib's closing Adler-32 checksum, so they are not complete zlib streams and
/// <c>qpdf --check</c> warns on every one.
/// </summary>
/// <remarks>
/// PDFsharp is told to compress nothing (<see cref="TurnOffPdfSharpCompression"/>) and the saver compresses each stream
/// itself with .NET's <see cref="ZLibStream"/> (<see cref="WriteCompressed"/>), as it does the object and
/// cross-reference streams it adds (<see cref="Deflate"/>). Pinned by <c>FlateStreamsLackChecksumTests</c>.
/// </remarks>
internal static class FlateStreamsLackChecksum
{
    /// <summary>PDFsharp writes every stream as it is; <see cref="WriteCompressed"/> compresses them afterwards.</summary>
    public static void TurnOffPdfSharpCompression(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
    }

    /// <summary>A complete zlib stream (checksum included) of <paramref name="head"/> then <paramref name="rest"/>, in a pooled buffer.</summary>
    // zlib's default level: the smallest (level 9) took an eighth of a large edition's render time to save 0.2% of a
    // seeded edition and 1.1% of a large one; the fastest level grew them 11% and 26%.
    public static RecyclableMemoryStream Deflate(ReadOnlySpan<byte> head, ReadOnlySpan<byte> rest)
    {
        var compressed = PdfFile.Buffers.GetStream("PdfFile.PackObjects.Deflate");
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(head);
            z.Write(rest);
        }
        return compressed;
    }

    /// <summary>Writes an uncompressed stream object again with its data compressed; false when it is to be left as it was.</summary>
    // A stream PDFsharp wrote uncompressed (page content, a font subset) is written again with its data compressed,
    // a complete zlib stream, checksum included. The XMP metadata stays readable as it is, and a stream that has a
    // filter already is left alone. False when the stream is left as it was.
    public static bool WriteCompressed(ReadOnlySpan<byte> raw, int headerLength, RecyclableMemoryStream output)
    {
        var keyword = raw.IndexOf(">>\nstream\n"u8);
        if (keyword < 0)
        {
            return false;
        }
        var dictionary = Encoding.Latin1.GetString(raw[headerLength..(keyword + 2)]);
        var length = Regex.Match(dictionary, @"/Length (\d+)");
        if (!length.Success || dictionary.Contains("/Filter", StringComparison.Ordinal) || dictionary.Contains("/Type/Metadata", StringComparison.Ordinal))
        {
            return false;
        }
        var dataAt = keyword + ">>\nstream\n".Length;
        var data = raw.Slice(dataAt, int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture));
        using var compressed = Deflate(data, []);
        output.Write(raw[..headerLength]);
        output.Write(Encoding.Latin1.GetBytes(string.Concat(
            dictionary.AsSpan(0, length.Index),
            string.Create(CultureInfo.InvariantCulture, $"/Filter/FlateDecode/Length {compressed.Length}"),
            dictionary.AsSpan(length.Index + length.Length))));
        output.Write("\nstream\n"u8);
        compressed.WriteTo(output);
        output.Write("\nendstream\nendobj\n"u8);
        return true;
    }
}
