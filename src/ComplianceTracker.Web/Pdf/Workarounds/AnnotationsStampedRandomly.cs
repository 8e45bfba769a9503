using System.Globalization;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4 for reproducible files: it stamps each link annotation with a random name
/// (/NM, a fresh GUID) and the time of the run (/M), so the same document saved twice differs. Both are optional; the
/// name becomes the link's place in the document and the time is left out. Pinned by
/// <c>AnnotationsStampedRandomlyTests</c>.
/// </summary>
internal static class AnnotationsStampedRandomly
{
    /// <summary>Names each annotation after its place ("link-3-2": page 3, second annotation) and drops its time.</summary>
    public static void Fix(PdfDocument document)
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
}
