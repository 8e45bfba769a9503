using System.Globalization;
using System.Text;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// What counts as text: no control characters other than tab, line feed and carriage return, no noncharacters U+FFFE and
/// U+FFFF, no unpaired surrogates. Such characters break XML feeds and confuse spreadsheets and PDF fonts, and nobody
/// means to type them. Forms refuse them; writers of stored data replace them.
/// </summary>
public static class PlainText
{
    /// <summary>The replacement written in place of a character that is not text.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>The first character that is not text, as "U+0007", or null when all of it is text.</summary>
    public static string? FirstBadCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var length = BadAt(text, i);
            if (length < 0)
            {
                return "U+" + ((int)text[i]).ToString("X4", CultureInfo.InvariantCulture);
            }
            i += length - 1;
        }
        return null;
    }

    /// <summary>The text with every character that is not text replaced by U+FFFD; the same string when there is none.</summary>
    public static string ForOutput(string? text)
    {
        if (string.IsNullOrEmpty(text) || FirstBadCharacter(text) is null)
        {
            return text ?? "";
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var length = BadAt(text, i);
            if (length < 0)
            {
                clean.Append(Replacement);
                continue;
            }
            clean.Append(text, i, length);
            i += length - 1;
        }
        return clean.ToString();
    }

    /// <summary>The length of the character at <paramref name="i"/> (2 for a surrogate pair), or -1 when it is not text.</summary>
    private static int BadAt(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : -1;
        }
        if (char.IsLowSurrogate(c) || c is '\uFFFE' or '\uFFFF')
        {
            return -1;
        }
        if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
        {
            return -1;
        }
        return 1;
    }
}
