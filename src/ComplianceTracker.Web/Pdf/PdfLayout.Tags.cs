using ComplianceTracker.Web.Pdf.Workarounds;
using PdfSharp.Drawing;
using PdfSharp.Pdf.Annotations;
using PdfSharp.UniversalAccessibility;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// Tagging: the structure elements (P, H1, L, Table, Figure, Link…) and artifacts a renderer opens around what it
/// draws, for screen readers. The first pass tags nothing, so every scope here is empty there.
/// </summary>
internal abstract partial class PdfLayout
{
    private readonly StructureBuilder? tags;

    /// <summary>Keeps PDFsharp's parent tree short while pages are drawn; null on the first pass, which tags nothing.</summary>
    private readonly ParentTreeScannedLinearly? parentTree;

    /// <summary>Opens a structure element (P, H1, L, LI, Table, TR, TH…) that ends when the returned scope is disposed.</summary>
    protected Tag Element(PdfBlockLevelElementTag tag)
    {
        tags?.BeginElement(tag);
        return new Tag(tags);
    }

    protected Tag Element(PdfGroupingElementTag tag)
    {
        tags?.BeginElement(tag);
        return new Tag(tags);
    }

    /// <summary>A chart: a Figure whose alternative text gives what it shows; <paramref name="area"/> in layout coordinates.</summary>
    protected Tag Figure(string alt, XRect area)
    {
        tags?.BeginElement(PdfIllustrationElementTag.Figure, alt, new XRect(area.X, PageHeight - area.Bottom, area.Width, area.Height));
        return new Tag(tags);
    }

    /// <summary>
    /// Drawing that carries no content of its own (rules, shading, running headers, repeated table headers), all of it
    /// text or all of it graphics, as <paramref name="text"/> says.
    /// </summary>
    protected Tag Artifact(bool text = false)
    {
        Mode(text);
        tags?.BeginArtifact();
        return new Tag(tags);
    }

    /// <summary>A table header cell, for the column below it.</summary>
    private Tag HeaderCell()
    {
        var tag = Element(PdfBlockLevelElementTag.TableHeaderCell);
        tags?.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/Column");
        return tag;
    }

    /// <summary>A link around what is drawn until the scope ends: the annotation is tagged with the text it covers.</summary>
    protected Tag Link(PdfLinkAnnotation annotation, string text)
    {
        if (Drafting)
        {
            return default;
        }
        if (tags is null)
        {
            page.Annotations.Add(annotation);
        }
        else
        {
            tags.BeginElement(annotation, text);
            parentTree?.Park(page, keepPage: true);
        }
        return new Tag(tags);
    }

    protected readonly struct Tag : IDisposable
    {
        private readonly StructureBuilder? builder;

        public Tag(StructureBuilder? builder) => this.builder = builder;

        public void Dispose() => builder?.End();
    }
}
