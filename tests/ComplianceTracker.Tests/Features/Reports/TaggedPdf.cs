using System.Xml.Linq;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations.MarkedContent;
using UglyToad.PdfPig.Graphics.Operations.TextObjects;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Tokens;

namespace ComplianceTracker.Tests.Features.Reports;

/// <summary>
/// A tagged PDF read back with PdfPig's object model, as an assistive technology would: the catalog's accessibility
/// entries, the XMP metadata, the structure tree with the text each element marks, and each page's marked content.
/// </summary>
public sealed class TaggedPdf
{
    private readonly PdfDocument document;
    private readonly Dictionary<IndirectReference, int> pageNumbers = [];

    private TaggedPdf(byte[] bytes)
    {
        document = PdfDocument.Open(bytes);
        var catalog = document.Structure.Catalog.CatalogDictionary;
        Catalog = catalog;
        var pages = (DictionaryToken)Resolve(catalog.Data["Pages"]);
        var kids = (ArrayToken)Resolve(pages.Data["Kids"]);
        for (var i = 0; i < kids.Length; i++)
        {
            pageNumbers[((IndirectReferenceToken)kids[i]).Data] = i + 1;
        }
        Pages = document.GetPages().Select(ReadPage).ToList();
        if (catalog.TryGet(NameToken.Create("StructTreeRoot"), out var root))
        {
            Root = ReadElement((DictionaryToken)Resolve(root), null);
        }
        if (document.TryGetXmpMetadata(out var xmp))
        {
            Xmp = xmp.GetXDocument();
        }
        Bookmarks = document.TryGetBookmarks(out var bookmarks)
            ? bookmarks.GetNodes().OfType<UglyToad.PdfPig.Outline.DocumentBookmarkNode>().Select(b => (b.Title, b.PageNumber)).ToList()
            : [];
    }

    public DictionaryToken Catalog { get; }
    public Element? Root { get; }
    public XDocument? Xmp { get; }
    public IReadOnlyList<PageContent> Pages { get; }
    public IReadOnlyList<(string Title, int Page)> Bookmarks { get; }

    public static TaggedPdf Read(byte[] bytes) => new(bytes);

    /// <summary>Every structure element below the root, in document (reading) order.</summary>
    public IEnumerable<Element> Elements => Root is null ? [] : Root.Descendants();

    public IToken Resolve(IToken token) => token is IndirectReferenceToken r ? document.Structure.GetObject(r.Data).Data : token;

    public bool CatalogFlag(string dictionary, string key) =>
        Catalog.TryGet(NameToken.Create(dictionary), out var d)
        && Resolve(d) is DictionaryToken dict
        && dict.TryGet(NameToken.Create(key), out var value)
        && Resolve(value) is BooleanToken { Data: true };

    public string? CatalogString(string key) =>
        Catalog.TryGet(NameToken.Create(key), out var value) && Resolve(value) is StringToken s ? s.Data : null;

    private Element ReadElement(DictionaryToken dictionary, int? inheritedPage)
    {
        var type = dictionary.TryGet(NameToken.Create("S"), out var s) && Resolve(s) is NameToken name ? name.Data : "StructTreeRoot";
        var page = dictionary.TryGet(NameToken.Create("Pg"), out var pg) && pg is IndirectReferenceToken pageReference ? pageNumbers[pageReference.Data] : inheritedPage;
        // A text with characters beyond Latin-1 is written as UTF-16 in a hex string.
        var alt = dictionary.TryGet(NameToken.Create("Alt"), out var a) ? Resolve(a) switch { StringToken t => t.Data, HexToken h => h.Data, _ => null } : null;
        var element = new Element(type, page, alt);
        if (!dictionary.TryGet(NameToken.Create("K"), out var k))
        {
            return element;
        }
        var items = Resolve(k) is ArrayToken array ? array.Data : [k];
        foreach (var item in items)
        {
            switch (Resolve(item))
            {
                case NumericToken mcid:
                    element.Add((page ?? 0, mcid.Int));
                    break;
                case DictionaryToken d when d.TryGet(NameToken.Create("Type"), out var t) && t is NameToken { Data: "MCR" }:
                    var mcrPage = d.TryGet(NameToken.Create("Pg"), out var p) && p is IndirectReferenceToken pr ? pageNumbers[pr.Data] : page ?? 0;
                    element.Add((mcrPage, ((NumericToken)Resolve(d.Data["MCID"])).Int));
                    break;
                case DictionaryToken d when d.TryGet(NameToken.Create("Type"), out var t) && t is NameToken { Data: "OBJR" }:
                    element.Annotations.Add(((IndirectReferenceToken)d.Data["Obj"]).Data);
                    break;
                case DictionaryToken d:
                    element.Add(ReadElement(d, page));
                    break;
            }
        }
        return element;
    }

    private PageContent ReadPage(UglyToad.PdfPig.Content.Page page)
    {
        // What each MCID of the page marks, and whether any text is shown outside a tagged or artifact sequence.
        var texts = new Dictionary<int, string>();
        void Collect(UglyToad.PdfPig.Content.MarkedContentElement e)
        {
            if (e.MarkedContentIdentifier >= 0)
            {
                texts[e.MarkedContentIdentifier] = texts.GetValueOrDefault(e.MarkedContentIdentifier, "") + string.Concat(e.Letters.Select(l => l.Value));
            }
            foreach (var child in e.Children)
            {
                Collect(child);
            }
        }
        foreach (var e in page.GetMarkedContents())
        {
            Collect(e);
        }

        var open = new Stack<string>();
        // Marked content and text objects share one stack: PDF lets them nest but never overlap.
        var nesting = new Stack<string>();
        var untagged = 0;
        var shown = 0;
        var misnested = 0;
        foreach (var operation in page.Operations)
        {
            switch (operation)
            {
                case BeginMarkedContentWithProperties bdc:
                    var properties = bdc.Properties;
                    open.Push(properties is not null && properties.TryGet(NameToken.Create("MCID"), out _) ? "MCID" : bdc.Name.Data);
                    nesting.Push("marked");
                    break;
                case BeginMarkedContent bmc:
                    open.Push(bmc.Name.Data);
                    nesting.Push("marked");
                    break;
                case EndMarkedContent:
                    open.Pop();
                    misnested += nesting.TryPop(out var m) && m == "marked" ? 0 : 1;
                    break;
                case BeginText:
                    nesting.Push("text");
                    break;
                case EndText:
                    misnested += nesting.TryPop(out var t) && t == "text" ? 0 : 1;
                    break;
                case ShowText or ShowTextsWithPositioning or MoveToNextLineShowText or MoveToNextLineShowTextWithSpacing:
                    shown++;
                    if (!open.Any(m => m is "MCID" or "Artifact"))
                    {
                        untagged++;
                    }
                    break;
            }
        }

        var annotations = page.GetAnnotations()
            .Select(a => (a.Type, StructParent: a.AnnotationDictionary.TryGet(NameToken.Create("StructParent"), out var sp) ? (int?)((NumericToken)Resolve(sp)).Int : null))
            .ToList();
        return new PageContent(page.Number, texts, shown, untagged, misnested, annotations.Count, annotations.Count(a => a.StructParent is null));
    }

    /// <summary>A structure element: its type, first page, alternative text, children, marked content and annotations.</summary>
    public sealed class Element(string type, int? page, string? alt)
    {
        public string Type { get; } = type;
        public int? Page { get; } = page;
        public string? Alt { get; } = alt;
        public List<Element> Kids { get; } = [];
        public List<(int Page, int Mcid)> Content { get; } = [];
        public List<IndirectReference> Annotations { get; } = [];

        // Marked content and child elements in the order of /K, which is the reading order.
        private readonly List<object> parts = [];

        public void Add((int Page, int Mcid) content)
        {
            Content.Add(content);
            parts.Add(content);
        }

        public void Add(Element kid)
        {
            Kids.Add(kid);
            parts.Add(kid);
        }

        public IEnumerable<Element> Descendants() => Kids.SelectMany(k => k.Descendants().Prepend(k));

        /// <summary>The text the element and its children mark, in order, as PdfPig reads it.</summary>
        public string Text(TaggedPdf pdf) => string.Concat(parts.Select(p => p switch
        {
            Element kid => kid.Text(pdf),
            (int page, int mcid) => pdf.Pages[page - 1].Texts.GetValueOrDefault(mcid, ""),
            _ => "",
        }));

        /// <summary>The pages the element's content is on, in reading order.</summary>
        public IEnumerable<int> ContentPages() => parts.SelectMany(p => p switch
        {
            Element kid => kid.ContentPages(),
            (int page, int _) => [page],
            _ => Enumerable.Empty<int>(),
        });

        public override string ToString() => Type;
    }

    public sealed record PageContent(int Number, IReadOnlyDictionary<int, string> Texts, int TextOperators, int UntaggedTextOperators, int MisnestedOperators, int Annotations, int AnnotationsWithoutStructParent);
}
