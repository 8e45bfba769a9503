using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4 for reproducible files: it tags each embedded font subset with six random
/// letters ("ABCDEF+DejaVu Sans"), so the same document saved twice differs. The tag only has to differ between subsets
/// of one file, so it is replaced by one derived from the subset's place in the document. Pinned by
/// <c>FontSubsetTagsAreRandomTests</c>.
/// </summary>
internal static class FontSubsetTagsAreRandom
{
    /// <summary>Renames every subset: its tag derived from <paramref name="seed"/> and the subset's place in the document.</summary>
    public static void Fix(PdfDocument document, string seed)
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
}
