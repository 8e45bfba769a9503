using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ComplianceTracker.Tests.Support;

public static partial class TextExtensions
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>An element's text with runs of white space folded to one space, as a reader sees it.</summary>
    public static string Squash(this INode node) => Whitespace().Replace(node.TextContent, " ").Trim();
}
