using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4's <see cref="StructureBuilder"/>: for every marked-content sequence it opens,
/// it finds the current page's entry in the structure parent tree by scanning the whole /Nums array of the tree's root
/// (three times: Any, Where, IndexOf), and the array holds a pair for every page and every tagged link so far. Tagging
/// is quadratic in the document's length: a 335-page edition spent most of its render time there.
/// </summary>
/// <remarks>
/// Once a page is done, or a link tagged, nothing looks its entry up again, so the entries wait here and go back, in
/// the order of their keys (the order PDFsharp added them in), when the last page is done: the parent tree written is
/// the same. Pinned by <c>ParentTreeScannedLinearlyTests</c>, which fails the day PDFsharp stops scanning.
/// </remarks>
internal sealed class ParentTreeScannedLinearly(UAManager accessibility)
{
    private readonly List<(int Key, PdfItem Value)> parked = [];

    private PdfArray? Nums => accessibility.StructureTreeRoot.Elements.GetDictionary("/ParentTree")?.Elements.GetArray("/Nums");

    /// <summary>
    /// Parks the parent tree's entries: all of them when a page is done; the entry of a link (an annotation, looked up
    /// never again) once it is tagged, keeping only the current page's, which every marked content on it looks up.
    /// </summary>
    public void Park(PdfPage? page, bool keepPage)
    {
        if (Nums is not { } nums)
        {
            return;
        }
        var pageKey = keepPage && page!.Elements.ContainsKey("/StructParents") ? page.Elements.GetInteger("/StructParents") : -1;
        var kept = new List<PdfItem>(2);
        for (var i = 0; i + 1 < nums.Elements.Count; i += 2)
        {
            var key = ((PdfInteger)nums.Elements[i]).Value;
            if (key == pageKey)
            {
                kept.Add(nums.Elements[i]);
                kept.Add(nums.Elements[i + 1]);
            }
            else
            {
                parked.Add((key, nums.Elements[i]));
                parked.Add((key, nums.Elements[i + 1]));
            }
        }
        nums.Elements.Clear();
        foreach (var item in kept)
        {
            nums.Elements.Add(item);
        }
    }

    /// <summary>Puts every parked entry back, in the order of their keys, the order PDFsharp added them in.</summary>
    public void Restore()
    {
        if (parked.Count > 0 && Nums is { } nums)
        {
            for (var i = 0; i + 1 < nums.Elements.Count; i += 2)
            {
                var key = ((PdfInteger)nums.Elements[i]).Value;
                parked.Add((key, nums.Elements[i]));
                parked.Add((key, nums.Elements[i + 1]));
            }
            nums.Elements.Clear();
            // A stable sort: each key's pair stays key first, value second.
            foreach (var (_, item) in parked.OrderBy(e => e.Key))
            {
                nums.Elements.Add(item);
            }
            parked.Clear();
        }
    }
}
