using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>
/// The report's words, once: its cover and sections as blocks of styled runs, built from a <see cref="StatusReport"/>
/// by the section files beside this one. The web page (<c>/reports/current</c>) and the PDF renderer both walk this;
/// neither writes a sentence of its own, so the two cannot drift apart. A block says what a thing is (a paragraph, a
/// note, a table, a chart), never how it looks: each renderer decides that.
/// </summary>
public sealed record ReportDocument(ReportCover Cover, IReadOnlyList<ReportSection> Sections);

/// <summary>
/// The cover: the kicker ("Status report · Edition 4"), the case's title, the lede, the headline blocks (count,
/// deadline, money), and at its foot the case in brief beside the contents.
/// </summary>
public sealed record ReportCover(string Kicker, string Title, string Lede, IReadOnlyList<ReportBlock> Blocks, string AboutHeading, string About, string ContentsHeading);

/// <summary>One section: its anchor on the web page, its title (a bookmark in the PDF) and its blocks in reading order.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>How a run of words reads. Each renderer gives each its face and colour (PDF) or element and class (HTML).</summary>
public enum RunStyle
{
    /// <summary>Ordinary text.</summary>
    Plain,

    /// <summary>Bold: a code, a term's name, a figure stated.</summary>
    Strong,

    /// <summary>What the record does not hold ("not yet in this record"): italic and muted.</summary>
    Unknown,

    /// <summary>An unknown that matters to the reader ("amount paid: unknown"): italic, in the accent colour.</summary>
    Flag,

    /// <summary>A warning in its own right ("Assessors disagree", "Overdue by 40 days"): bold, in the accent colour.</summary>
    Alert,

    /// <summary>A secondary detail (who recorded it, a term's note): smaller and muted.</summary>
    Note,

    /// <summary>A status label, coloured by <see cref="ReportRun.Status"/>.</summary>
    Status,

    /// <summary>Who gives a status and how sure (<see cref="Provenance.Short"/>); accent when <see cref="ReportRun.Caution"/>.</summary>
    Provenance,

    /// <summary>"[3, 7]": the numbers of the sources cited, each linked to its entry in the sources section.</summary>
    Cite,
}

/// <summary>
/// Words in one style. Runs of a block are read with a space between them, unless <see cref="Glue"/> joins a run to
/// the word before or <see cref="Break"/> starts it on a new line.
/// </summary>
public sealed record ReportRun(string Text, RunStyle Style = RunStyle.Plain)
{
    /// <summary>A page of the site ("/deficiencies/D-01") or a full address: the run is a link to it.</summary>
    public string? Href { get; init; }

    public bool Break { get; init; }

    public bool Glue { get; init; }

    /// <summary>The status code a <see cref="RunStyle.Status"/> run is coloured by.</summary>
    public string? Status { get; init; }

    /// <summary>For a <see cref="RunStyle.Provenance"/> run: the status needs caution (inferred, secondary, no source).</summary>
    public bool Caution { get; init; }

    /// <summary>For a <see cref="RunStyle.Cite"/> run: the source numbers, in order.</summary>
    public IReadOnlyList<int> Sources { get; init; } = [];
}

/// <summary>A piece of a section, in reading order.</summary>
public abstract record ReportBlock;

/// <summary>What kind of paragraph: ordinary text, a smaller line, a muted note, or a statement that nothing is on record.</summary>
public enum ParagraphKind
{
    Body,
    Small,
    Note,
    Empty,
}

public sealed record ReportParagraphBlock(IReadOnlyList<ReportRun> Runs, ParagraphKind Kind = ParagraphKind.Body) : ReportBlock;

/// <summary>
/// A subheading within a section (the section's title is its own). <see cref="Prominent"/> marks the cover's large
/// statements (the key deadline); <see cref="Alert"/> puts one in the accent colour.
/// </summary>
public sealed record ReportHeadingBlock(string Text, string? Id = null, bool Prominent = false, bool Alert = false) : ReportBlock;

/// <summary>The cover's headline: the figure, printed large ("19 of 20"), and the words after it.</summary>
public sealed record ReportFigureBlock(string Figure, string Label) : ReportBlock
{
    public string Sentence => $"{Figure} {Label}";
}

/// <summary>Blocks that belong together: one anchor on the web page, kept on one page in the PDF when short.</summary>
public sealed record ReportGroupBlock(string? Id, IReadOnlyList<ReportBlock> Blocks, bool KeepTogether = false) : ReportBlock;

/// <summary>A list whose items each have a marker ("•", "[3]"); an item may have an anchor ("source-3").</summary>
public sealed record ReportListBlock(IReadOnlyList<ReportListItem> Items, bool Numbered = false, bool Small = false) : ReportBlock;

public sealed record ReportListItem(string Marker, IReadOnlyList<ReportRun> Runs, string? Id = null, int? Value = null);

/// <summary>
/// A table with a header row. <see cref="Caption"/> names it for screen readers (and heads its continuation in the
/// PDF); the columns' widths are the PDF's, in points, and the web's proportions.
/// </summary>
public sealed record ReportTableBlock(string Caption, string Kind, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows) : ReportBlock;

public sealed record ReportColumn(string Header, double Width, bool Numeric = false);

/// <summary>A row; <see cref="Depth"/> indents its first cell (a settlement term under the one it belongs to).</summary>
public sealed record ReportRow(IReadOnlyList<IReadOnlyList<ReportRun>> Cells, int Depth = 0);

/// <summary>A colour key of a chart: its words and what it colours ("corrected", "uncertain", "confirmed"…).</summary>
public sealed record ReportKey(string Label, string Key);

/// <summary>
/// One square per deficiency, coloured by the regulator's status; uncertain ones outlined. <see cref="Alt"/> states the
/// numbers the squares show, for a screen reader.
/// </summary>
public sealed record ReportUnitChartBlock(ReportHeadline Headline, string Alt, IReadOnlyList<ReportKey> Legend, string Note) : ReportBlock
{
    /// <summary>The squares in order: a status code each, "uncertain" for those no status is certain of.</summary>
    public IReadOnlyList<string> Squares()
    {
        var squares = new List<string>(Headline.Total);
        foreach (var (code, _, count) in Headline.ByStatus)
        {
            // Never more marks than items, whatever the counts add up to.
            squares.AddRange(Enumerable.Repeat(code, Math.Max(0, Math.Min(count.Min, Headline.Total - squares.Count))));
        }
        while (squares.Count < Headline.Total)
        {
            squares.Add("uncertain");
        }
        return squares;
    }
}

/// <summary>The fine and the investment as bars on one dollar scale; each bar's parts are confirmed, unconfirmed or committed.</summary>
public sealed record ReportMoneyChartBlock(Money Money, string Alt, IReadOnlyList<ReportBar> Bars, IReadOnlyList<ReportKey> Legend) : ReportBlock
{
    public decimal Scale => Math.Max(Math.Max(Math.Max(Money.FineTotal, Money.InvestmentCommitted), Money.RestitutionTotal), 1);
}

/// <summary>One bar: its label, its whole, its parts (<see cref="ReportKey.Key"/> "confirmed" or "unconfirmed") and the words beside it.</summary>
public sealed record ReportBar(string Label, decimal Total, IReadOnlyList<(decimal Amount, string Key)> Parts, string Note);

/// <summary>What part of the report a page's <c>_ReportText</c> shows, passed in its view data under <see cref="Key"/>.</summary>
public static class ReportTextParts
{
    public const string Key = "ReportTextParts";

    /// <summary>The cover and the sections given, without the contents of the whole report.</summary>
    public const string WithoutContents = "without-contents";
}
