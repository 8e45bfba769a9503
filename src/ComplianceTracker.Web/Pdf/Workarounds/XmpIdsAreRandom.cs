using System.Security.Cryptography;
using System.Text;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4 for reproducible files: it writes the XMP metadata at save time with two
/// fresh random GUIDs (xmpMM:DocumentID and xmpMM:InstanceID), ignoring the document's own file identifier, so the same
/// document saved twice differs. Pinned by <c>XmpIdsAreRandomTests</c>.
/// </summary>
internal static class XmpIdsAreRandom
{
    /// <summary>
    /// Overwrites both GUIDs in place with ones derived from the document identifier <paramref name="id"/>; both have
    /// the same length, so no offset in the file moves.
    /// </summary>
    public static void Fix(Span<byte> pdf, string id)
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
