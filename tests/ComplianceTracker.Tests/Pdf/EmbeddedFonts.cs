using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Graphics.Operations.TextState;
using UglyToad.PdfPig.Tokens;

namespace ComplianceTracker.Tests.Pdf;

/// <summary>
/// What a PDF draws its letters with: the TrueType programs its pages' fonts embed (FontFile2), found through PdfPig's
/// object structure, inflated, and read here, apart from the app's own code, down to each glyph's outline; and which of
/// their glyphs the pages' text operators draw (PdfPig's letters will not say: it merges a mark into its letter).
/// </summary>
public static class EmbeddedFonts
{
    /// <summary>
    /// Each font program the pages use, once, with its font's name less the subset tag ("DejaVu Sans,Bold") and the
    /// glyphs drawn with it: a Unicode (Type0, Identity-H) font's codes are glyph numbers, a WinAnsi font's are looked up
    /// in the program's own character map.
    /// </summary>
    public static IReadOnlyList<(string Name, TrueTypeFont Font, IReadOnlySet<int> Drawn)> Read(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        IToken? Resolve(IToken? token) => token is IndirectReferenceToken reference ? document.Structure.GetObject(reference.Data).Data : token;
        DictionaryToken? Dictionary(DictionaryToken? owner, string key) =>
            owner is not null && owner.TryGet(NameToken.Create(key), out var token) ? Resolve(token) as DictionaryToken : null;

        var programs = new Dictionary<long, (string Name, TrueTypeFont Font, HashSet<int> Drawn)>();
        (string Name, TrueTypeFont Font, HashSet<int> Drawn) Program(DictionaryToken font)
        {
            var descriptor = Dictionary(font, "FontDescriptor");
            if (descriptor is null && font.TryGet(NameToken.Create("DescendantFonts"), out var descendants) && Resolve(descendants) is ArrayToken array)
            {
                descriptor = Dictionary(Resolve(array.Data[0]) as DictionaryToken, "FontDescriptor");
            }
            var reference = (IndirectReferenceToken)descriptor!.Data["FontFile2"];
            if (!programs.TryGetValue(reference.Data.ObjectNumber, out var program))
            {
                var name = ((NameToken)descriptor.Data["FontName"]).Data;
                var stream = (StreamToken)document.Structure.GetObject(reference.Data).Data;
                programs[reference.Data.ObjectNumber] = program = (name[(name.IndexOf('+', StringComparison.Ordinal) + 1)..], new TrueTypeFont(Inflate(stream)), []);
            }
            return program;
        }

        var winAnsi = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        foreach (var page in document.GetPages())
        {
            var resources = Dictionary(Dictionary(page.Dictionary, "Resources"), "Font");
            (TrueTypeFont Font, HashSet<int> Drawn, bool Unicode)? current = null;
            foreach (var operation in page.Operations)
            {
                byte[][] shown = operation switch
                {
                    SetFontAndSize set => [],
                    ShowText show => [show.Bytes.ToArray()],
                    MoveToNextLineShowText show => [show.Bytes.ToArray()],
                    MoveToNextLineShowTextWithSpacing show => [show.Bytes.ToArray()],
                    ShowTextsWithPositioning show => show.Array.Select(t => t switch
                    {
                        HexToken hex => hex.Bytes.ToArray(),
                        StringToken text => text.GetBytes(),
                        _ => [],
                    }).ToArray(),
                    _ => [],
                };
                if (operation is SetFontAndSize { Font: var resource })
                {
                    var font = Dictionary(resources, resource.Data)!;
                    var (_, program, drawn) = Program(font);
                    current = (program, drawn, ((NameToken)font.Data["Subtype"]).Data == "Type0");
                }
                foreach (var bytes in shown)
                {
                    var (font, drawn, unicode) = current!.Value;
                    drawn.UnionWith(unicode
                        ? Enumerable.Range(0, bytes.Length / 2).Select(i => (bytes[2 * i] << 8) | bytes[(2 * i) + 1])
                        : winAnsi.GetString(bytes).Select(font.GlyphOf));
                }
            }
        }
        return programs.Values.Select(p => (p.Name, p.Font, (IReadOnlySet<int>)p.Drawn)).ToList();
    }

    private static byte[] Inflate(StreamToken stream)
    {
        var data = stream.Data.ToArray();
        if (!stream.StreamDictionary.TryGet(NameToken.Create("Filter"), out var filter))
        {
            return data;
        }
        Assert.That(((NameToken)filter).Data, Is.EqualTo("FlateDecode"));
        // Past zlib's two-byte header: plain PDFsharp leaves the closing checksum out, which DeflateStream does not read.
        using var inflate = new DeflateStream(new MemoryStream(data, 2, data.Length - 2), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        inflate.CopyTo(inflated);
        return inflated.ToArray();
    }
}

/// <summary>A TrueType font read as far as its glyph outlines (loca, glyf) and its Unicode character map.</summary>
public sealed class TrueTypeFont
{
    private readonly byte[] font;
    private readonly Dictionary<string, (int Offset, int Length)> tables = [];

    public TrueTypeFont(byte[] font)
    {
        this.font = font;
        for (var i = 0; i < U16(4); i++)
        {
            var entry = 12 + (i * 16);
            tables[Encoding.ASCII.GetString(font, entry, 4)] = ((int)U32(entry + 8), (int)U32(entry + 12));
        }
        GlyphCount = U16(tables["maxp"].Offset + 4);
    }

    public static TrueTypeFont Open(string path) => new(File.ReadAllBytes(path));

    public int GlyphCount { get; }

    /// <summary>A glyph with no outline draws nothing (a space, or a glyph a subset left out).</summary>
    public bool HasOutline(int glyph) => glyph < GlyphCount && Start(glyph) != Start(glyph + 1);

    public ReadOnlySpan<byte> Outline(int glyph) => font.AsSpan(Start(glyph), Start(glyph + 1) - Start(glyph));

    /// <summary>The glyphs a composite glyph is drawn from; none for a simple or empty glyph.</summary>
    public IReadOnlyList<int> Components(int glyph)
    {
        var components = new List<int>();
        if (!HasOutline(glyph) || (short)U16(Start(glyph)) >= 0)
        {
            return components;
        }
        int flags;
        var at = Start(glyph) + 10;
        do
        {
            flags = U16(at);
            components.Add(U16(at + 2));
            // Arguments: two words or two bytes; then a scale, an x and y scale or a 2x2 matrix.
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2) + ((flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0);
        }
        while ((flags & 0x0020) != 0);
        return components;
    }

    /// <summary>Every glyph with an outline that is a composite with a component that has none: drawn with parts missing.</summary>
    public IReadOnlyList<(int Composite, int Component)> MissingComponents() =>
        Enumerable.Range(0, GlyphCount).SelectMany(g => Components(g).Where(c => !HasOutline(c)).Select(c => (g, c))).ToList();

    /// <summary>The glyph of a character, from the Windows Unicode (BMP) character map.</summary>
    public int GlyphOf(char character)
    {
        var (cmap, _) = tables["cmap"];
        for (var i = 0; i < U16(cmap + 2); i++)
        {
            var record = cmap + 4 + (i * 8);
            var subtable = cmap + (int)U32(record + 4);
            if (U16(record) != 3 || U16(record + 2) != 1 || U16(subtable) != 4)
            {
                continue;
            }
            var segments = U16(subtable + 6) / 2;
            var ends = subtable + 14;
            var starts = ends + (segments * 2) + 2;
            var deltas = starts + (segments * 2);
            var rangeOffsets = deltas + (segments * 2);
            for (var s = 0; s < segments; s++)
            {
                if (character > U16(ends + (s * 2)) || character < U16(starts + (s * 2)))
                {
                    continue;
                }
                var rangeOffset = U16(rangeOffsets + (s * 2));
                var delta = U16(deltas + (s * 2));
                if (rangeOffset == 0)
                {
                    return (character + delta) & 0xFFFF;
                }
                var glyph = U16(rangeOffsets + (s * 2) + rangeOffset + ((character - U16(starts + (s * 2))) * 2));
                return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
            }
        }
        return 0;
    }

    private int Start(int glyph)
    {
        var (glyf, _) = tables["glyf"];
        var loca = tables["loca"].Offset;
        var longOffsets = (short)U16(tables["head"].Offset + 50) == 1;
        return glyf + (longOffsets ? (int)U32(loca + (glyph * 4)) : U16(loca + (glyph * 2)) * 2);
    }

    private int U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at));
}
