using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.Annotations;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Tests.Pdf.Workarounds;

/// <summary>
/// Pins <see cref="ParentTreeScannedLinearly"/>. When the first test fails, PDFsharp no longer looks the current page up
/// by searching the parent tree's whole /Nums array for every marked content: delete the workaround and this file.
/// </summary>
public sealed class ParentTreeScannedLinearlyTests
{
    [Test]
    public void PdfSharp_FindsThePagesParentTreeEntry_BySearchingTheWholeNumsArray()
    {
        var document = new PdfDocument();
        var accessibility = UAManager.ForDocument(document);
        TagPage(document, accessibility.StructureBuilder, 1);
        var root = accessibility.StructureTreeRoot;
        var nums = root.Elements.GetDictionary("/ParentTree")!.Elements.GetArray("/Nums")!;
        // A decoy ahead of every real entry, under the key the next page will be given.
        var decoy = new PdfArray();
        nums.Elements.Insert(0, new PdfInteger(root.Elements.GetInteger("/ParentTreeNextKey")));
        nums.Elements.Insert(1, decoy);

        TagPage(document, accessibility.StructureBuilder, 2);

        // PDFsharp 6.2.4 keeps no record of where a page's entry is: it searches the array by key at every marked
        // content, so it finds the decoy and files the page's structure element there.
        Assert.That(decoy.Elements, Has.Count.EqualTo(1), "the new page's marked content was filed under the decoy it found by searching");
    }

    [Test]
    public void ParkAndRestore_WriteTheSameParentTree_WhileKeepingOnlyTheCurrentPagesEntryToSearch()
    {
        var plain = Tag(park: false, out _);
        var parked = Tag(park: true, out var largestWhileTagging);

        Assert.Multiple(() =>
        {
            Assert.That(parked, Is.EqualTo(plain), "the same keys, in the same order, with the same structure elements");
            Assert.That(plain, Has.Count.EqualTo(2 * (3 + 9)), "a key and a value for each of 3 pages and each of their 9 links");
            Assert.That(largestWhileTagging, Is.LessThanOrEqualTo(2), "PDFsharp searched at most the current page's pair");
        });
    }

    /// <summary>Tags three pages, each with a paragraph and a link, parking as the layout does; the parent tree, described.</summary>
    private static List<string> Tag(bool park, out int largestWhileTagging)
    {
        var document = new PdfDocument();
        var accessibility = UAManager.ForDocument(document);
        var tags = accessibility.StructureBuilder;
        var workaround = park ? new ParentTreeScannedLinearly(accessibility) : null;
        var nums = () => accessibility.StructureTreeRoot.Elements.GetDictionary("/ParentTree")!.Elements.GetArray("/Nums");
        largestWhileTagging = 0;
        PdfPage? page = null;
        for (var p = 1; p <= 3; p++)
        {
            workaround?.Park(page, keepPage: false);
            page = document.AddPage();
            using var gfx = XGraphics.FromPdfPage(page);
            for (var i = 0; i < 3; i++)
            {
                tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
                gfx.DrawRectangle(XBrushes.Gray, 50, 50 + (i * 20), 100, 10);
                tags.End();
                tags.BeginElement(PdfLinkAnnotation.CreateWebLink(new PdfRectangle(new XRect(50, 600 + (i * 20), 100, 10)), "https://example.org/"), "example");
                workaround?.Park(page, keepPage: true);
                gfx.DrawRectangle(XBrushes.Gray, 50, 200 + (i * 20), 100, 10);
                tags.End();
                largestWhileTagging = Math.Max(largestWhileTagging, nums()?.Elements.Count ?? 0);
            }
            tags.EndMarkedContentsWithId();
        }
        workaround?.Restore();
        return nums()!.Elements.Select(Describe).ToList();
    }

    private static void TagPage(PdfDocument document, StructureBuilder tags, int number)
    {
        var page = document.AddPage();
        using var gfx = XGraphics.FromPdfPage(page);
        tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
        gfx.DrawRectangle(XBrushes.Gray, 50, 50 * number, 100, 10);
        tags.End();
        tags.EndMarkedContentsWithId();
    }

    private static string Describe(PdfItem item) => item switch
    {
        PdfInteger key => key.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PdfReference reference => $"{reference.ObjectNumber} R",
        PdfArray array => "[" + string.Join(' ', array.Elements.Select(Describe)) + "]",
        PdfObject { Reference: { } reference } => $"{reference.ObjectNumber} R",
        _ => item.ToString() ?? "",
    };
}
