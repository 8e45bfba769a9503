using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>The 1-based page a passage starts on, of how many the document has.</summary>
public sealed record PassageLocation(int Page, int PageCount);

/// <summary>
/// Whether a passage an editor quoted is in a document's text, and on which page. The editor typed or pasted it from a
/// browser or a PDF viewer, so typography is not held against it: quotes, dashes, spaces, invisible characters and
/// compatibility forms (ligatures, full-width letters) are made one before comparing. Case and words are compared as
/// they are: a quote must say what the document says.
/// </summary>
public static partial class PassageMatch
{
    /// <summary>
    /// The text in the form passages are compared in: NFKC; every quote, prime and guillemet one of ' and ", every
    /// dash and minus "-", with no space around it; "…" as "..."; soft hyphens and zero-width and other invisible
    /// characters gone; each run of whitespace one space; trimmed. Case is kept.
    /// </summary>
    public static string Normalize(string text)
    {
        // Mapped before NFKC too, which would turn a double prime into two single ones and the ellipsis into dots unevenly.
        var mapped = Map(Map(text).Normalize(NormalizationForm.FormKC));
        mapped = Whitespace().Replace(mapped, " ");
        mapped = Dashes().Replace(mapped, "-");
        mapped = SpacedEllipsis().Replace(mapped, "...");
        return mapped.Trim();
    }

    /// <summary>
    /// Where <paramref name="passage"/> starts in <paramref name="pages"/> (the page of its first character when it runs
    /// on to the next page), or null when it is in none of them or is blank. A word a PDF hyphenated at a line's end
    /// ("imple-", "mentation") is found written whole, and written with its hyphen.
    /// </summary>
    public static PassageLocation? Find(IReadOnlyList<string> pages, string passage)
    {
        var wanted = Normalize(passage);
        if (wanted.Length == 0 || pages.Count == 0)
        {
            return null;
        }
        var joined = string.Join("\n" + PageBreak + "\n", pages.Select(p => p.Replace(PageBreak, '\uFFFD')));
        int? page = null;
        foreach (var text in new[] { joined, LineEndHyphen().Replace(joined, "$1") })
        {
            var (searched, starts) = Pages(Normalize(text));
            var at = searched.IndexOf(wanted, StringComparison.Ordinal);
            if (at >= 0)
            {
                var found = 1 + starts.Count(start => start <= at);
                page = page is { } earlier ? Math.Min(earlier, found) : found;
            }
        }
        return page is { } first ? new PassageLocation(first, pages.Count) : null;
    }

    /// <summary>A noncharacter, unchanged by NFKC and never in a text: marks where a page ends while the pages are normalized as one.</summary>
    private const char PageBreak = '\uFDD0';

    /// <summary>The text without its page marks, and where each page after the first starts in it.</summary>
    private static (string Text, List<int> Starts) Pages(string normalized)
    {
        var text = new StringBuilder(normalized.Length);
        var starts = new List<int>();
        for (var i = 0; i < normalized.Length; i++)
        {
            if (normalized[i] != PageBreak)
            {
                text.Append(normalized[i]);
                continue;
            }
            starts.Add(text.Length);
            // "end. <mark> Start": one space between the pages, not two.
            if (i + 1 < normalized.Length && normalized[i + 1] == ' ' && (text.Length == 0 || text[^1] == ' '))
            {
                i++;
            }
        }
        return (text.ToString(), starts);
    }

    private static string Map(string text)
    {
        var mapped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                // A lone half of a pair (PDF text has them) would make string.Normalize throw.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    mapped.Append(c).Append(text[++i]);
                }
                else
                {
                    mapped.Append('\uFFFD');
                }
                continue;
            }
            switch (c)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u2035' or '\u2039' or '\u203A' or '\u02BC' or '\u0060' or '\u00B4' or '\uFF07':
                    mapped.Append('\'');
                    break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u2036' or '\u00AB' or '\u00BB' or '\u301D' or '\u301E' or '\u301F' or '\uFF02':
                    mapped.Append('"');
                    break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\u2E3A' or '\u2E3B' or '\uFE58' or '\uFE63' or '\uFF0D':
                    mapped.Append('-');
                    break;
                case '\u2026':
                    mapped.Append("...");
                    break;
                case PageBreak:
                    mapped.Append(c);
                    break;
                case var _ when char.IsWhiteSpace(c):
                    mapped.Append(' ');
                    break;
                // Soft hyphens, zero-width spaces and joiners, byte-order marks, direction marks; other control characters.
                case var _ when char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control:
                    break;
                default:
                    mapped.Append(c);
                    break;
            }
        }
        return mapped.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" ?(?:- ?)+")]
    private static partial Regex Dashes();

    [GeneratedRegex(@"\. ?\. ?\.")]
    private static partial Regex SpacedEllipsis();

    /// <summary>A hyphen (or soft hyphen) that ends a line between two letters, with that line break and any page mark kept after it.</summary>
    [GeneratedRegex(@"(?<=\p{L})[-\u00AD\u2010\u2011][^\S\n]*\r?\n\s*(?:(\uFDD0)\s*)?(?=\p{L})")]
    private static partial Regex LineEndHyphen();
}
