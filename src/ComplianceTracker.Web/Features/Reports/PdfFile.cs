using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IO;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// Saves a laid-out PDF so that the same content always gives the same bytes: PDFsharp's random font-subset tags,
/// annotation names and times, and XMP identifiers are replaced by ones derived from the document's identity.
/// </summary>
internal static class PdfFile
{
    /// <summary>
    /// Buffers for saving and packing, lent and given back: an edition is 0.3 MB (seeded) to 5 MB (large) before packing,
    /// and a fresh buffer that size for each render went to the large-object heap, which brought a full collection
    /// about every other render. The pool keeps at most 64 MB of free buffers.
    /// </summary>
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
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
        NameFontSubsets(document, seed);
        NameAnnotations(document);
        // PDFsharp's Flate streams lack zlib's closing checksum (qpdf --check warns on every one); PackObjects
        // compresses the streams instead.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        using var saved = Buffers.GetStream("PdfFile.Save");
        Pdf.Workarounds.SubsetDropsNestedComponents.AddMissingComponents(document);
        document.Save(saved, false);
        var bytes = saved.GetBuffer().AsSpan(0, checked((int)saved.Length));
        FixXmpIds(bytes, id);
        if (document.Internals.UAManager is not null)
        {
            DeclarePdfUa(bytes);
        }
        return PackObjects(bytes);
    }

    /// <summary>A 16-byte file identifier derived from <paramref name="identity"/>, one char per byte as PDFsharp wants it.</summary>
    public static string Id(string identity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return new string(hash.Take(16).Select(b => (char)b).ToArray());
    }

    /// <summary>
    /// PDFsharp tags each embedded font subset with six random letters ("ABCDEF+DejaVu Sans"). The tag only has to differ
    /// between subsets of one file, so it is replaced by one derived from the subset's place in the document.
    /// </summary>
    private static void NameFontSubsets(PdfDocument document, string seed)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        // The fonts are found from the pages' resources: listing all the document's objects sorts every one of them,
        // tens of thousands in a large edition. The descriptors are renamed in object order, as they always were.
        var fonts = new List<PdfDictionary>();
        var seen = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        void Add(PdfItem? item)
        {
            if ((item is PdfReference reference ? reference.Value : item) is PdfDictionary font && seen.Add(font))
            {
                fonts.Add(font);
                if (font.Elements.GetArray("/DescendantFonts") is { } descendants)
                {
                    foreach (var descendant in descendants.Elements)
                    {
                        Add(descendant);
                    }
                }
            }
        }
        foreach (var page in document.Pages)
        {
            var resources = page.Resources.Elements.GetDictionary("/Font");
            foreach (var key in resources?.Elements.Keys ?? [])
            {
                Add(resources!.Elements[key]);
            }
        }
        var descriptors = fonts.Select(f => f.Elements.GetReference("/FontDescriptor")).OfType<PdfReference>()
            .DistinctBy(r => r.ObjectNumber).OrderBy(r => r.ObjectNumber).Select(r => r.Value).OfType<PdfFontDescriptor>();
        foreach (var descriptor in descriptors)
        {
            var old = descriptor.FontName;
            var plus = old.IndexOf('+', StringComparison.Ordinal);
            var baseName = plus >= 0 ? old[(plus + 1)..] : old.TrimStart('/');
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{index++}|{baseName}")));
            var tag = new string(hash.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
            var name = "/" + tag + "+" + baseName;
            renamed[old] = name;
            descriptor.FontName = name;
        }
        foreach (var font in fonts)
        {
            if (font.Elements.GetName("/BaseFont") is { Length: > 0 } baseFont && renamed.TryGetValue(baseFont, out var name))
            {
                font.Elements.SetName("/BaseFont", name);
            }
        }
    }

    /// <summary>
    /// PDFsharp stamps each link annotation with a random name (/NM) and the current time (/M). Both are optional;
    /// the name becomes the link's place in the document and the time is left out.
    /// </summary>
    private static void NameAnnotations(PdfDocument document)
    {
        for (var p = 0; p < document.PageCount; p++)
        {
            var annotations = document.Pages[p].Annotations;
            for (var i = 0; i < annotations.Count; i++)
            {
                var annotation = annotations[i];
                annotation.Elements.SetString("/NM", string.Create(CultureInfo.InvariantCulture, $"link-{p + 1}-{i + 1}"));
                annotation.Elements.Remove("/M");
            }
        }
    }

    /// <summary>
    /// PDFsharp 6.2.4 tags the document but leaves the PDF/UA identifier (pdfuaid:part 1) out of the XMP it writes at
    /// save time. It is put in place: the packet's indentation is dropped and the rest padded with spaces, which XMP
    /// allows before the packet's end, so the packet keeps its length and no offset in the file moves.
    /// </summary>
    private static void DeclarePdfUa(Span<byte> pdf)
    {
        var begin = pdf.IndexOf("<?xpacket begin"u8);
        var end = begin < 0 ? -1 : pdf[begin..].IndexOf("<?xpacket end"u8);
        if (end < 0)
        {
            throw new InvalidOperationException("The PDF has no XMP packet to declare PDF/UA in.");
        }
        // Latin-1 maps each byte to one char and back, so the UTF-8 text passes through unchanged.
        var packet = Encoding.Latin1.GetString(pdf.Slice(begin, end));
        var declared = Regex.Replace(packet, @"\n\s+", "\n").Replace(
            "</rdf:RDF>",
            "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"><pdfuaid:part>1</pdfuaid:part></rdf:Description>\n</rdf:RDF>",
            StringComparison.Ordinal);
        if (declared.Length > packet.Length)
        {
            throw new InvalidOperationException("The XMP packet has no room for the PDF/UA identifier.");
        }
        Encoding.Latin1.GetBytes(declared.PadRight(packet.Length)).CopyTo(pdf[begin..]);
    }

    /// <summary>
    /// PDFsharp 6.2.4 writes every object on its own, uncompressed, with a classic cross-reference table. A tagged
    /// document has an object per structure element (about a thousand in an edition), which grew the file by 70%.
    /// Every object that is not a stream is moved, unchanged, into compressed object streams of at most 250 objects,
    /// indexed by a cross-reference stream (PDF 1.5, as Acrobat and Word write tagged PDF). Streams (page content,
    /// fonts, the XMP) stay as they were. The same input gives the same bytes. Fewer, larger object streams compress
    /// better and start zlib less often: at 100 objects the seeded edition was 2% larger and the large one 6%.
    /// </summary>
    internal static byte[] PackObjects(ReadOnlySpan<byte> file)
    {
        // The file is read as bytes: only the cross-reference table and the trailer, a small part, become text.
        var startXrefAt = file.LastIndexOf("startxref"u8);
        var after = Encoding.Latin1.GetString(file.Slice(startXrefAt + 9, Math.Min(32, file.Length - startXrefAt - 9)));
        var xrefAt = int.Parse(after.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0], CultureInfo.InvariantCulture);
        var trailerAt = file[xrefAt..].IndexOf("trailer"u8);
        if (!file[xrefAt..].StartsWith("xref"u8) || trailerAt < 0)
        {
            throw new InvalidOperationException("Not a PDF with a classic cross-reference table.");
        }
        trailerAt += xrefAt;

        // In-use objects and where they start, from the table's sections ("0 1179" then one line per object), read in
        // place: a large edition has tens of thousands of lines.
        var offsets = new List<(int Number, int At)>();
        var lines = file[(xrefAt + 4)..trailerAt];
        while (NextLine(ref lines) is { IsEmpty: false } header)
        {
            var first = int.Parse(Field(header, 0), CultureInfo.InvariantCulture);
            var count = int.Parse(Field(header, 1), CultureInfo.InvariantCulture);
            for (var n = 0; n < count; n++)
            {
                var entry = NextLine(ref lines);
                if (Field(entry, 2).SequenceEqual("n"u8))
                {
                    offsets.Add((first + n, int.Parse(Field(entry, 0), CultureInfo.InvariantCulture)));
                }
            }
        }
        offsets.Sort();
        var trailer = Encoding.Latin1.GetString(file[trailerAt..startXrefAt]);
        var root = Regex.Match(trailer, @"/Root (\d+ \d+ R)").Groups[1].Value;
        var info = Regex.Match(trailer, @"/Info (\d+ \d+ R)").Groups[1].Value;
        var ids = Regex.Match(trailer, @"/ID\s*\[[^\]]*\]").Value;

        // Each object runs from its offset to the next object's, or to the table.
        var starts = offsets.Select(o => o.At).Order().Append(xrefAt).ToArray();

        using var output = Buffers.GetStream("PdfFile.PackObjects", file.Length);
        void Write(string s) => output.Write(Encoding.Latin1.GetBytes(s));
        var newOffsets = new Dictionary<int, (int Type, int Field2, int Field3)>(offsets.Count + 2);
        output.Write(file[..starts[0]]);
        var packed = new List<(int Number, int Start, int Length)>();
        foreach (var (number, at) in offsets)
        {
            var raw = file[at..starts[Array.BinarySearch(starts, at) + 1]];
            var (generation, headerLength) = Header(raw);
            var body = TrimEnd(raw[headerLength..]);
            body = body.EndsWith("endobj"u8) ? TrimEnd(body[..^6]) : body;
            if (body.EndsWith("endstream"u8) || generation != 0)
            {
                newOffsets[number] = (1, (int)output.Position, 0);
                if (generation != 0 || !WriteCompressed(raw, headerLength, output))
                {
                    output.Write(raw);
                }
            }
            else
            {
                packed.Add((number, at + headerLength, body.Length));
            }
        }

        var next = offsets[^1].Number + 1;
        using var objects = Buffers.GetStream("PdfFile.PackObjects.Objects");
        foreach (var chunk in packed.Chunk(250))
        {
            var streamNumber = next++;
            var index = new StringBuilder();
            objects.SetLength(0);
            for (var i = 0; i < chunk.Length; i++)
            {
                index.Append(CultureInfo.InvariantCulture, $"{chunk[i].Number} {objects.Length} ");
                objects.Write(file.Slice(chunk[i].Start, chunk[i].Length));
                objects.WriteByte((byte)'\n');
                newOffsets[chunk[i].Number] = (2, streamNumber, i);
            }
            var content = index.Append('\n').ToString();
            using var data = Deflate(Encoding.Latin1.GetBytes(content), objects.GetBuffer().AsSpan(0, (int)objects.Length));
            newOffsets[streamNumber] = (1, (int)output.Position, 0);
            Write(string.Create(CultureInfo.InvariantCulture, $"{streamNumber} 0 obj\n<</Type/ObjStm/N {chunk.Length}/First {content.Length}/Filter/FlateDecode/Length {data.Length}>>\nstream\n"));
            data.WriteTo(output);
            Write("\nendstream\nendobj\n");
        }

        var xrefNumber = next;
        newOffsets[xrefNumber] = (1, (int)output.Position, 0);
        var table = new byte[(xrefNumber + 1) * 7];
        for (var n = 0; n <= xrefNumber; n++)
        {
            var (type, field2, field3) = newOffsets.TryGetValue(n, out var e) ? e : (0, 0, n == 0 ? 65535 : 0);
            table[n * 7] = (byte)type;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(table.AsSpan((n * 7) + 1), field2);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(table.AsSpan((n * 7) + 5), (ushort)field3);
        }
        using var xref = Deflate(table, []);
        var xrefOffset = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"{xrefNumber} 0 obj\n<</Type/XRef/Size {xrefNumber + 1}/W[1 4 2]/Root {root}/Info {info}{ids}/Filter/FlateDecode/Length {xref.Length}>>\nstream\n"));
        xref.WriteTo(output);
        Write(string.Create(CultureInfo.InvariantCulture, $"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n"));
        return output.ToArray();

        // zlib's default level: the smallest (level 9) took an eighth of a large edition's render time to save 0.2% of a
        // seeded edition and 1.1% of a large one; the fastest level grew them 11% and 26%.
        static RecyclableMemoryStream Deflate(ReadOnlySpan<byte> head, ReadOnlySpan<byte> rest)
        {
            var compressed = Buffers.GetStream("PdfFile.PackObjects.Deflate");
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(head);
                z.Write(rest);
            }
            return compressed;
        }

        // A stream PDFsharp wrote uncompressed (page content, a font subset) is written again with its data compressed,
        // a complete zlib stream, checksum included. The XMP metadata stays readable as it is, and a stream that has a
        // filter already is left alone. False when the stream is left as it was.
        static bool WriteCompressed(ReadOnlySpan<byte> raw, int headerLength, RecyclableMemoryStream output)
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

        // The next line of the table that is not empty, without its white space; empty at the table's end.
        static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
        {
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)'\n');
                var line = TrimEnd(end < 0 ? rest : rest[..end]);
                rest = end < 0 ? [] : rest[(end + 1)..];
                while (!line.IsEmpty && IsWhiteSpace(line[0]))
                {
                    line = line[1..];
                }
                if (!line.IsEmpty)
                {
                    return line;
                }
            }
            return [];
        }

        // The field-th of a line's fields, split at single spaces.
        static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int field)
        {
            for (; field > 0; field--)
            {
                var space = line.IndexOf((byte)' ');
                line = space < 0 ? [] : line[(space + 1)..];
            }
            var end = line.IndexOf((byte)' ');
            return end < 0 ? line : line[..end];
        }

        // "12 0 obj" and the white space after it: the generation, and how many bytes that is.
        static (int Generation, int Length) Header(ReadOnlySpan<byte> raw)
        {
            var i = 0;
            while (char.IsAsciiDigit((char)raw[i]))
            {
                i++;
            }
            var generation = 0;
            for (i++; char.IsAsciiDigit((char)raw[i]); i++)
            {
                generation = (generation * 10) + (raw[i] - '0');
            }
            if (!raw[i..].StartsWith(" obj"u8))
            {
                throw new InvalidOperationException("An object without its 'N G obj' header.");
            }
            for (i += 4; i < raw.Length && IsWhiteSpace(raw[i]); i++)
            {
            }
            return (generation, i);
        }

        static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> bytes)
        {
            var end = bytes.Length;
            while (end > 0 && IsWhiteSpace(bytes[end - 1]))
            {
                end--;
            }
            return bytes[..end];
        }

        // What string.TrimEnd took for white space when the file was read as Latin-1 text: the output stays the same.
        static bool IsWhiteSpace(byte b) => b is (byte)' ' or (>= 0x09 and <= 0x0D) or 0x85 or 0xA0;
    }

    /// <summary>
    /// PDFsharp writes the XMP metadata at save time with two fresh GUIDs. They are overwritten in place with ones
    /// derived from the document identifier; both have the same length, so no offset in the file moves.
    /// </summary>
    private static void FixXmpIds(Span<byte> pdf, string id)
    {
        var idBytes = id.Select(c => (byte)c).ToArray();
        Replace(pdf, "<xmpMM:DocumentID>uuid:", new Guid(idBytes).ToString());
        var instance = SHA256.HashData(idBytes).AsSpan(0, 16).ToArray();
        Replace(pdf, "<xmpMM:InstanceID>uuid:", new Guid(instance).ToString());

        static void Replace(Span<byte> pdf, string marker, string uuid)
        {
            var at = pdf.IndexOf(Encoding.ASCII.GetBytes(marker));
            if (at >= 0 && at + marker.Length + 36 <= pdf.Length)
            {
                Encoding.ASCII.GetBytes(uuid).CopyTo(pdf[(at + marker.Length)..]);
            }
        }
    }
}
