using System.Buffers.Binary;
using System.Reflection;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4's font subsetting (empira/PDFsharp issue 348, a fix proposed in pull
/// request 349): <c>GlyphDataTable.CompleteGlyphClosure</c> adds the components of the composite glyphs a document
/// draws in one pass only, so the components of a component are left out of the embedded subset and draw as nothing.
/// In DejaVu Sans a letter with two marks is such a glyph: "ễ" is "e" plus a composite of circumflex and tilde, so
/// "Nguyễn" was drawn "Nguyen" and "Tuyết" lost its circumflex; so were Pinyin's "ǘ" and polytonic Greek's "Ὅ"
/// (550 to 660 such glyphs in each face). The text layer (the ToUnicode map) stayed right.
/// <para>
/// Before the document is saved, each embedded font's set of drawn glyphs is completed with every component at every
/// depth, read from the font's own glyf table; PDFsharp's single pass then has nothing left to find. That set is
/// internal to PDFsharp and reached by reflection: a version that renames it makes this throw, and
/// SubsetDropsNestedComponentsTests says whether that version still has the defect.
/// </para>
/// </summary>
internal static class SubsetDropsNestedComponents
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    /// <summary>Call after everything is drawn, just before <see cref="PdfDocument.Save(Stream, bool)"/>.</summary>
    public static void AddMissingComponents(PdfDocument document)
    {
        foreach (var descriptor in FontDescriptors(document))
        {
            var glyphs = (Dictionary<ushort, object?>)Member(Member(descriptor, "CMapInfo"), "GlyphIndices");
            var font = (byte[])Member(Member(Member(Member(descriptor, "Descriptor"), "FontFace"), "FontSource"), "Bytes");
            if (GlyphTable.Read(font) is not { } table)
            {
                continue; // PostScript outlines: no glyf table, no composites.
            }
            var pending = new Stack<ushort>(glyphs.Keys);
            while (pending.TryPop(out var glyph))
            {
                foreach (var component in table.Components(glyph))
                {
                    if (glyphs.TryAdd(component, null))
                    {
                        pending.Push(component);
                    }
                }
            }
        }
    }

    /// <summary>The descriptors of the fonts the pages use, Unicode (Type0, through their CID font) and WinAnsi alike.</summary>
    private static IEnumerable<PdfFontDescriptor> FontDescriptors(PdfDocument document)
    {
        var seen = new HashSet<PdfFontDescriptor>(ReferenceEqualityComparer.Instance);
        var fonts = new Stack<PdfDictionary>();
        foreach (var page in document.Pages)
        {
            var resources = page.Resources.Elements.GetDictionary("/Font");
            foreach (var key in resources?.Elements.Keys ?? [])
            {
                if (Value(resources!.Elements[key]) is PdfDictionary font)
                {
                    fonts.Push(font);
                }
            }
        }
        while (fonts.TryPop(out var font))
        {
            foreach (var descendant in font.Elements.GetArray("/DescendantFonts")?.Elements ?? Enumerable.Empty<PdfItem>())
            {
                if (Value(descendant) is PdfDictionary cidFont)
                {
                    fonts.Push(cidFont);
                }
            }
            if (Value(font.Elements["/FontDescriptor"]) is PdfFontDescriptor descriptor && seen.Add(descriptor))
            {
                yield return descriptor;
            }
        }
    }

    private static PdfItem? Value(PdfItem? item) => item is PdfReference reference ? reference.Value : item;

    private static object Member(object owner, string name)
    {
        var type = owner.GetType();
        var value = type.GetProperty(name, Internal) is { } property ? property.GetValue(owner)
            : type.GetField(name, Internal) is { } field ? field.GetValue(owner)
            : throw new InvalidOperationException(
                $"PDFsharp {typeof(PdfDocument).Assembly.GetName().Version} has no {type.Name}.{name}: check whether its font subsets still drop nested components (SubsetDropsNestedComponentsTests), and remove or update this workaround.");
        return value ?? throw new InvalidOperationException($"PDFsharp's {type.Name}.{name} is null.");
    }

    /// <summary>Just enough of a TrueType font to list a glyph's components.</summary>
    private sealed class GlyphTable(byte[] font, int glyf, int loca, bool longOffsets, int count)
    {
        private const ushort Arg1And2AreWords = 0x0001;
        private const ushort WeHaveAScale = 0x0008;
        private const ushort MoreComponents = 0x0020;
        private const ushort WeHaveAnXAndYScale = 0x0040;
        private const ushort WeHaveATwoByTwo = 0x0080;

        public static GlyphTable? Read(byte[] font)
        {
            var tables = new Dictionary<string, int>(StringComparer.Ordinal);
            var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
            for (var i = 0; i < count; i++)
            {
                var entry = font.AsSpan(12 + (i * 16), 16);
                tables[System.Text.Encoding.ASCII.GetString(entry[..4])] = checked((int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]));
            }
            if (!tables.TryGetValue("glyf", out var glyf) || !tables.TryGetValue("loca", out var loca))
            {
                return null;
            }
            var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(tables["head"] + 50)) == 1;
            var glyphs = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"] + 4));
            return new GlyphTable(font, glyf, loca, longOffsets, glyphs);
        }

        public IEnumerable<ushort> Components(ushort glyph)
        {
            if (glyph >= count)
            {
                yield break;
            }
            var start = Offset(glyph);
            if (start == Offset(glyph + 1) || BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(start)) >= 0)
            {
                yield break; // Empty, or a simple glyph: contours of its own.
            }
            var at = start + 10; // The glyph header: number of contours and bounding box.
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at));
                yield return BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at + 2));
                at += 4 + ((flags & Arg1And2AreWords) != 0 ? 4 : 2)
                    + ((flags & WeHaveAScale) != 0 ? 2 : (flags & WeHaveAnXAndYScale) != 0 ? 4 : (flags & WeHaveATwoByTwo) != 0 ? 8 : 0);
            }
            while ((flags & MoreComponents) != 0);
        }

        private int Offset(int glyph) => glyf + (longOffsets
            ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(loca + (glyph * 4))))
            : BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(loca + (glyph * 2))) * 2);
    }
}
