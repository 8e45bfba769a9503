using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Pdf.Workarounds;

/// <summary>
/// Works around a defect of PDFsharp 6.2.4: a document tagged through its UAManager is written without the PDF/UA
/// identifier (pdfuaid:part 1) in the XMP metadata it writes at save time, and without it no checker or reader takes
/// the file for PDF/UA. Pinned by <c>XmpLacksPdfUaIdTests</c>.
/// </summary>
internal static class XmpLacksPdfUaId
{
    /// <summary>
    /// Declares PDF/UA-1 in the saved file's XMP packet, in place: the packet's indentation is dropped and the rest
    /// padded with spaces, which XMP allows before the packet's end, so the packet keeps its length and no offset moves.
    /// </summary>
    public static void Fix(Span<byte> pdf)
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
}
