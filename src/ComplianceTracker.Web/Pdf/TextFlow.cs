using System.Runtime.InteropServices;
using ComplianceTracker.Web.Features.Shared;
using PdfSharp.Drawing;

namespace ComplianceTracker.Web.Pdf;

/// <summary>
/// Text flow: greedy line breaking of styled spans, measured with their typefaces. What one document measured and
/// wrapped (<see cref="Measured"/>) is kept for both layout passes, which wrap the same words alike.
/// </summary>
internal sealed class TextFlow(Measurements measured, double pageWidth, double pageHeight)
{
    public Measurements Measured => measured;

    // Measuring needs no page: the first pass has none to draw on, and both passes measure alike.
    private readonly XGraphics measure = XGraphics.CreateMeasureContext(new XSize(pageWidth, pageHeight), XGraphicsUnit.Point, XPageDirection.Downwards, Workarounds.CombiningMarksNotPositioned.Events);

    /// <summary>
    /// Greedy line breaking over styled spans, measured with the font. Words joined without a space (a title and its
    /// [n] marker, glued spans) move together; a word longer than the line (a URL) is broken between characters.
    /// </summary>
    public List<Line> Wrap(IReadOnlyList<Span> spans, double width, double lineFactor = 1.32)
    {
        var key = new WrapKey([.. spans], width, lineFactor);
        if (!measured.Wraps.TryGetValue(key, out var wrapped))
        {
            wrapped = WrapAnew(spans, width, lineFactor);
            measured.Wraps[key] = wrapped;
        }
        // A copy: the caller may change its list, never the one kept.
        return [.. wrapped];
    }

    private List<Line> WrapAnew(IReadOnlyList<Span> spans, double width, double lineFactor)
    {
        // Words: runs of pieces with no space between them, all in one list; a word is where it starts in it.
        var all = new List<(string Text, Span Span, double Width)>();
        var words = new List<(int Start, bool BreakBefore)>();
        foreach (var span in spans)
        {
            var parts = span.Text.Replace('\n', ' ').Split(' ');
            for (var i = 0; i < parts.Length; i++)
            {
                var text = parts[i];
                var joined = i == 0 && span.Glue && words.Count > 0;
                if (text.Length == 0)
                {
                    continue;
                }
                if (!joined)
                {
                    words.Add((all.Count, i == 0 && span.Break));
                }
                all.Add((text, span, Measure(text, span.Font)));
            }
        }

        var lines = new List<Line>();
        var current = new LineBuilder(lineFactor);
        for (var word = 0; word < words.Count; word++)
        {
            var (start, breakBefore) = words[word];
            var measured = CollectionsMarshal.AsSpan(all)[start..(word + 1 < words.Count ? words[word + 1].Start : all.Count)];
            var wordWidth = 0.0;
            foreach (var piece in measured)
            {
                wordWidth += piece.Width;
            }
            var space = current.IsEmpty ? 0 : Measure(" ", measured[0].Span.Font);
            if (breakBefore && !current.IsEmpty)
            {
                lines.Add(current.Build());
                current = new LineBuilder(lineFactor);
                space = 0;
            }
            else if (!current.IsEmpty && current.X + space + wordWidth > width)
            {
                lines.Add(current.Build());
                current = new LineBuilder(lineFactor);
                space = 0;
            }
            if (wordWidth > width)
            {
                // Too long for any line: break it between characters.
                foreach (var (text, span, _) in measured)
                {
                    var rest = text;
                    while (rest.Length > 0)
                    {
                        var take = LongestFit(rest, span.Font, current.X + space, width);
                        // Prefer to break a URL after a slash, hyphen or other separator.
                        var separator = rest[..take].LastIndexOfAny(['/', '-', '?', '&', '=', '_', '.']);
                        if (take < rest.Length && separator >= take / 2)
                        {
                            take = separator + 1;
                        }
                        if (take == 1 && !current.IsEmpty && current.X + space + Measure(rest[..1], span.Font) > width)
                        {
                            lines.Add(current.Build());
                            current = new LineBuilder(lineFactor);
                            space = 0;
                            continue;
                        }
                        current.Add(rest[..take], span, space, Measure(rest[..take], span.Font));
                        space = 0;
                        rest = rest[take..];
                        if (rest.Length > 0)
                        {
                            lines.Add(current.Build());
                            current = new LineBuilder(lineFactor);
                        }
                    }
                }
                continue;
            }
            foreach (var (text, span, w) in measured)
            {
                current.Add(text, span, space, w);
                space = 0;
            }
        }
        if (!current.IsEmpty)
        {
            lines.Add(current.Build());
        }
        return lines;
    }

    /// <summary>
    /// How many characters of <paramref name="text"/>, one at least, fit between <paramref name="x"/> and
    /// <paramref name="width"/>. A prefix is never narrower than a shorter one, so this is a binary search: a long URL
    /// once took a measurement (and a cached substring) for every character it was too long by.
    /// </summary>
    private int LongestFit(string text, XFont font, double x, double width)
    {
        bool Fits(int length) => !(x + measure.MeasureString(text[..length], font).Width > width);
        if (Fits(text.Length))
        {
            return text.Length;
        }
        var fits = 1;
        var fitsNot = text.Length;
        while (fitsNot - fits > 1)
        {
            var middle = fits + ((fitsNot - fits) / 2);
            if (Fits(middle))
            {
                fits = middle;
            }
            else
            {
                fitsNot = middle;
            }
        }
        return fits;
    }

    /// <summary>
    /// The text as it fits in <paramref name="width"/>: whole when it does, else cut at a word where one ends late enough
    /// (else at a letter) and ended with an ellipsis, so a running header of any length never runs into its neighbour.
    /// </summary>
    public string Shorten(string text, XFont font, double width) => Shorten(text, width, t => Measure(t, font));

    public static string Shorten(string text, double width, Func<string, double> measure)
    {
        if (measure(text) <= width)
        {
            return text;
        }
        // The longest start that fits with its ellipsis, found by halving (widths grow with length).
        var fits = 0;
        var fitsNot = text.Length;
        while (fitsNot - fits > 1)
        {
            var middle = (fits + fitsNot) / 2;
            if (measure(text[..middle].TrimEnd() + "…") <= width)
            {
                fits = middle;
            }
            else
            {
                fitsNot = middle;
            }
        }
        var cut = text[..fits];
        var space = cut.LastIndexOf(' ');
        if (space > fits * 2 / 3)
        {
            cut = cut[..space];
        }
        cut = cut.TrimEnd(' ', ',', '·', ';', ':');
        return cut.Length == 0 ? "…" : cut + "…";
    }

    public double Measure(string text, XFont font)
    {
        if (!measured.Widths.TryGetValue((text, font), out var width))
        {
            width = measure.MeasureString(text, font).Width;
            measured.Widths[(text, font)] = width;
        }
        return width;
    }

    private sealed class LineBuilder(double lineFactor)
    {
        private readonly List<Piece> pieces = [];

        public double X { get; private set; }

        public bool IsEmpty => pieces.Count == 0;

        public void Add(string text, Span span, double spaceBefore, double width)
        {
            var gap = spaceBefore;
            pieces.Add(new Piece(text, span, X + gap, width, gap));
            X += gap + width;
        }

        /// <summary>The line, built once: the builder is done with after it.</summary>
        public Line Build()
        {
            var size = pieces[0].Span.Font.Size;
            var ascent = Ascent(pieces[0].Span.Font);
            foreach (var p in pieces)
            {
                size = Math.Max(size, p.Span.Font.Size);
                ascent = Math.Max(ascent, Ascent(p.Span.Font));
            }
            var height = size * lineFactor;
            // Put the extra leading half above and half below the tallest ascent.
            var baseline = ((height - size) / 2) + ascent;
            var links = new List<LinkArea>();
            foreach (var p in pieces.Where(p => p.Span.Link is not null))
            {
                if (links.Count > 0 && links[^1].Url == p.Span.Link && Math.Abs(links[^1].X + links[^1].Width + p.Gap - p.X) < 0.01)
                {
                    links[^1] = links[^1] with { Width = links[^1].Width + p.Gap + p.Width };
                }
                else
                {
                    links.Add(new LinkArea(p.X, p.Width, p.Span.Link!));
                }
            }
            return new Line(pieces, height, baseline, links);
        }

        private static double Ascent(XFont font) => font.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
    }
}

internal sealed record Piece(string Text, Span Span, double X, double Width, double Gap);

internal sealed record LinkArea(double X, double Width, string Url);

internal sealed record Line(IReadOnlyList<Piece> Pieces, double Height, double Baseline, IReadOnlyList<LinkArea> Links);

/// <summary>
/// What a layout measured, kept for both passes of one document: the typefaces, the width of each word (words
/// repeat throughout a report: status labels, dates, codes) and the lines each run of text wrapped to.
/// </summary>
internal sealed class Measurements(string family)
{
    public string Family { get; } = family;

    public Typefaces Fonts { get; } = new(family);

    public Dictionary<(string Text, XFont Font), double> Widths { get; } = [];

    public Dictionary<WrapKey, List<Line>> Wraps { get; } = [];
}

/// <summary>A run of spans wrapped to a width: equal when every span is equal (text, typeface, brush, link).</summary>
internal readonly struct WrapKey : IEquatable<WrapKey>
{
    private readonly Span[] spans;
    private readonly double width;
    private readonly double lineFactor;
    private readonly int hash;

    public WrapKey(Span[] spans, double width, double lineFactor)
    {
        this.spans = spans;
        this.width = width;
        this.lineFactor = lineFactor;
        var h = new HashCode();
        foreach (var span in spans)
        {
            h.Add(span);
        }
        h.Add(width);
        h.Add(lineFactor);
        hash = h.ToHashCode();
    }

    public bool Equals(WrapKey other) =>
        hash == other.hash && width.Equals(other.width) && lineFactor.Equals(other.lineFactor) && spans.AsSpan().SequenceEqual(other.spans);

    public override bool Equals(object? obj) => obj is WrapKey other && Equals(other);

    public override int GetHashCode() => hash;
}

/// <summary>A run of text in one style. <see cref="Glue"/> joins it to the word before; <see cref="Break"/> starts a new line.</summary>
internal sealed record Span(string Text, XFont Font, XBrush Brush, string? Link = null)
{
    /// <summary>All text the report draws passes here: a control character or lone surrogate in stored data becomes U+FFFD.</summary>
    public string Text { get; init; } = PlainText.ForOutput(Text);

    public bool Glue { get; init; }
    public bool Break { get; init; }
}
