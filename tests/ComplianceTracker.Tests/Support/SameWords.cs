using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// What the one-text tests (a page and its PDF say the same things) compare by: sentences, text squeezed of the
/// differences that are only typesetting, and the string literals that look like sentences in a renderer's code.
/// </summary>
public static partial class SameWords
{
    /// <summary>
    /// No whitespace (no-break spaces included), lower case: a PDF's line breaks fall between words and its kickers are
    /// set in capitals. <paramref name="alsoDrop"/> names further characters only one rendering sets (brackets a PDF
    /// puts around words a page marks by style).
    /// </summary>
    public static string Squeeze(string text, string alsoDrop = "")
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !alsoDrop.Contains(c, StringComparison.Ordinal))
            {
                b.Append(char.ToLowerInvariant(c));
            }
        }
        return b.ToString();
    }

    public static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(WhitespaceRun().Replace(text, " ").Trim()).Where(s => s.Length > 0);

    /// <summary>The string literals in <paramref name="code"/> that read as a sentence: a renderer should hold none.</summary>
    public static IReadOnlyList<string> SentenceLiterals(string code) =>
        StringLiteral().Matches(code).Select(m => m.Groups[1].Value).Where(s => SentenceLike().IsMatch(s)).ToList();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z“""(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex("\"((?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex StringLiteral();

    // A capitalised word followed by at least three more and a full stop or colon.
    [GeneratedRegex(@"^[A-Z][a-z']+(?: [A-Za-z'’,;:—-]+){3,}[.:]")]
    private static partial Regex SentenceLike();
}
