using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// The words of an archived document, page by page, for finding a quoted passage in it. Any document a site sent may
/// be broken or hostile: nothing here throws for it, and an empty list means "no text could be read" (an image, a
/// scanned PDF without a text layer, a kind of file the tracker does not read, bytes that are not what they claim).
/// </summary>
public static class DocumentText
{
    static DocumentText()
    {
        // Pages still come in windows-1252, Shift_JIS and the like, which .NET decodes only with the code-page provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// A PDF gives one string a page (in content order, lines on lines); HTML one, its visible text with a line a block;
    /// plain text (csv, markdown) one, decoded by its byte-order mark, else <paramref name="charset"/>, else UTF-8.
    /// </summary>
    public static IReadOnlyList<string> Extract(byte[] content, string mediaType, string? charset = null)
    {
        try
        {
            var type = MediaSniffing.MediaType(mediaType, content);
            IReadOnlyList<string> pages = type switch
            {
                MediaSniffing.Pdf or "application/x-pdf" => Pdf(content),
                MediaSniffing.Html or "application/xhtml+xml" => Readable(Html(content, charset)),
                _ when type.StartsWith("text/", StringComparison.Ordinal) => Readable(Decode(content, charset) ?? ""),
                _ => [],
            };
            return pages.Any(p => !string.IsNullOrWhiteSpace(p)) ? pages : [];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }

    private static List<string> Pdf(byte[] content)
    {
        using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var pages = new List<string>(document.NumberOfPages);
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            // One broken page (a bad font, a damaged content stream) leaves the others readable.
            try
            {
                pages.Add(ContentOrderTextExtractor.GetText(document.GetPage(number)));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                pages.Add("");
            }
        }
        return pages;
    }

    private static readonly HashSet<string> Invisible = ["script", "style", "noscript", "template", "head", "title", "iframe", "embed", "svg", "math"];

    /// <summary>Phrasing elements run on within a line; every other element starts and ends one.</summary>
    private static readonly HashSet<string> Inline =
    [
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
        "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    ];

    private static string Html(byte[] content, string? charset)
    {
        var parser = new HtmlParser();
        // A byte-order mark or the server's charset decides; without either, AngleSharp reads the page's own <meta charset>.
        var document = Bom(content, out _) is not null || Named(charset) is not null
            ? parser.ParseDocument(Decode(content, charset) ?? "")
            : parser.ParseDocument(new MemoryStream(content, writable: false));
        var text = new StringBuilder();
        // Walked with a stack of its own: a page nested ten thousand deep must not overflow this thread's.
        var pending = new Stack<INode?>();
        pending.Push(document.Body ?? (INode?)document.DocumentElement ?? document);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case IText node:
                    text.Append(node.Data);
                    break;
                case null:
                    text.Append('\n');
                    break;
                case IElement element when Invisible.Contains(element.LocalName) || element.HasAttribute("hidden"):
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case INode node:
                    if (node is IElement other && !Inline.Contains(other.LocalName))
                    {
                        // A block's end, met again once its children are done (null marks it on the stack).
                        text.Append('\n');
                        pending.Push(null);
                    }
                    for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
                    {
                        pending.Push(node.ChildNodes[i]);
                    }
                    break;
            }
        }
        return Lines(text.ToString());
    }

    /// <summary>Each line's runs of spaces made one, blank lines dropped; the newlines between blocks kept.</summary>
    private static string Lines(string text) =>
        string.Join('\n', text.Split('\n')
            .Select(line => string.Join(' ', line.Split([' ', '\t', '\r', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Length > 0));

    /// <summary>The text as one page, or none when it reads as binary: NULs, or more than one character in four undecodable.</summary>
    private static List<string> Readable(string text)
    {
        var undecodable = text.Count(c => c == '\uFFFD');
        return text.Contains('\0') || undecodable * 4 > text.Length ? [] : [text];
    }

    private static string? Decode(byte[] content, string? charset)
    {
        var encoding = Bom(content, out var bomLength) ?? Named(charset) ?? new UTF8Encoding(false);
        return encoding.GetString(content, bomLength, content.Length - bomLength);
    }

    private static Encoding? Bom(byte[] content, out int length)
    {
        ReadOnlySpan<byte> head = content;
        (Encoding? encoding, length) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (new UTF8Encoding(false), 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(false, false), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, false), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, false), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, false), 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    private static Encoding? Named(string? charset)
    {
        var name = charset?.Trim().Trim('"', '\'');
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
