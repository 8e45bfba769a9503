using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf;

/// <summary>What a PDF says about itself, and what makes its bytes its own.</summary>
/// <param name="Title">The title a viewer shows.</param>
/// <param name="Subject">One sentence on what the document is.</param>
/// <param name="Keywords">Comma-separated search words.</param>
/// <param name="Author">Who made the file, also given as its creator.</param>
/// <param name="Created">The document's date, from the model: never the clock.</param>
/// <param name="Id">The 16-character file identifier (<see cref="PdfFile.Id"/>), never a random one.</param>
/// <param name="FontSeed">What distinguishes this document's font subsets from another's (an edition's number).</param>
internal sealed record PdfInfo(string Title, string Subject, string Keywords, string Author, DateTime Created, string Id, string FontSeed);

/// <summary>
/// Makes the document every PDF of the site is drawn on: its metadata, identifiers, language, the outline open in the
/// viewer with the title shown, and PDFsharp's PDF/UA set-up (structure tree, marked document) for the tagged pass.
/// </summary>
internal static class PdfDocumentSetup
{
    public const string Language = "en-US";

    public static PdfDocument Create(PdfInfo info)
    {
        var document = new PdfDocument();
        document.Info.Title = info.Title;
        document.Info.Subject = info.Subject;
        document.Info.Author = info.Author;
        document.Info.Creator = info.Author;
        document.Info.Keywords = info.Keywords;
        document.Info.CreationDate = info.Created;
        document.Info.ModificationDate = info.Created;
        document.Internals.FirstDocumentID = info.Id;
        document.Internals.SecondDocumentID = info.Id;
        document.Language = Language;
        document.PageMode = PdfPageMode.UseOutlines;
        document.ViewerPreferences.DisplayDocTitle = true;
        // PDF/UA: the structure tree and the mark are made here, before any page; the first layout pass draws on a
        // scratch document of its own, so nothing is added to this one before them.
        UAManager.ForDocument(document).SetDocumentLanguage(Language);
        return document;
    }
}
