using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a shortcoming of PDFsharp 6.2.4: it writes no object streams and no cross-reference stream, only loose
/// objects indexed by a classic cross-reference table, whatever the options say. Pinned by <c>NoObjectStreamsTests</c>;
/// <see cref="PackObjects"/> itself by <c>PackObjectsTests</c>.
/// </summary>
internal static class NoObjectStreams
{
    /// <summary>
    /// PDFsharp 6.2.4 writes every object on its own, uncompressed, with a classic cross-reference table. A tagged
    /// document has an object per structure element (about a thousand in an edition), which grew the file by 70%.
    /// Every object that is not a stream is moved, unchanged, into compressed object streams of at most 250 objects,
    /// indexed by a cross-reference stream (PDF 1.5, as Acrobat and Word write tagged PDF). Streams (page content,
    /// fonts, the XMP) stay as they were. The same input gives the same bytes. Fewer, larger object streams compress
    /// better and start zlib less often: at 100 objects the seeded edition was 2% larger and the large one 6%.
    /// </summary>
    public static byte[] PackObjects(ReadOnlySpan<byte> file)
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

        using var output = PdfFile.Buffers.GetStream("PdfFile.PackObjects", file.Length);
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
                if (generation != 0 || !FlateStreamsLackChecksum.WriteCompressed(raw, headerLength, output))
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
        using var objects = PdfFile.Buffers.GetStream("PdfFile.PackObjects.Objects");
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
            using var data = FlateStreamsLackChecksum.Deflate(Encoding.Latin1.GetBytes(content), objects.GetBuffer().AsSpan(0, (int)objects.Length));
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
        using var xref = FlateStreamsLackChecksum.Deflate(table, []);
        var xrefOffset = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"{xrefNumber} 0 obj\n<</Type/XRef/Size {xrefNumber + 1}/W[1 4 2]/Root {root}/Info {info}{ids}/Filter/FlateDecode/Length {xref.Length}>>\nstream\n"));
        xref.WriteTo(output);
        Write(string.Create(CultureInfo.InvariantCulture, $"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n"));
        return output.ToArray();

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
}
