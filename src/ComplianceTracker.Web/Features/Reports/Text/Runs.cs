using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>The runs every section writes the same way: citations, statuses with their provenance, unknowns.</summary>
public static class Runs
{
    /// <summary>What the report says where the record holds no title, area or finding: it is not yet in this record.</summary>
    public const string NotInRecord = "not yet in this record";

    public static ReportRun Plain(string text) => new(text);

    public static ReportRun Strong(string text) => new(text, RunStyle.Strong);

    public static ReportRun Note(string text) => new(text, RunStyle.Note);

    public static ReportRun Link(string text, string href, RunStyle style = RunStyle.Plain) => new(text, style) { Href = href };

    /// <summary>"[3, 7]" glued to the word before; nothing when nothing is cited.</summary>
    public static IEnumerable<ReportRun> Cites(IReadOnlyList<int> sources) =>
        sources.Count == 0 ? [] : [new ReportRun(ReportText.Markers(sources), RunStyle.Cite) { Glue = true, Sources = sources }];

    /// <summary>A title, or "not yet in this record" while no document on file gives it.</summary>
    public static ReportRun TitleOrUnknown(string? title) =>
        title is null ? new ReportRun(NotInRecord, RunStyle.Unknown) : new ReportRun(title);

    /// <summary>Who gives a status and how sure, on a line of its own.</summary>
    public static IEnumerable<ReportRun> Provenance(Provenance? provenance) =>
        provenance is null ? [] : [new ReportRun(provenance.Short, RunStyle.Provenance) { Break = true, Caution = provenance.NeedsCaution }];

    /// <summary>A status label in its colour, its provenance under it; "None" when the assessor has given none.</summary>
    public static IReadOnlyList<ReportRun> Status(ReportStatus? status) =>
        status is null
            ? [Note("None")]
            : [new ReportRun(status.Label, RunStyle.Status) { Status = status.Code }, .. Provenance(status.Provenance)];

    /// <summary>A paragraph of one run.</summary>
    public static ReportParagraphBlock Paragraph(string text, ParagraphKind kind = ParagraphKind.Body) => new([new ReportRun(text)], kind);

    public static ReportParagraphBlock Paragraph(params ReportRun[] runs) => new(runs);

    /// <summary>A statement that nothing of a kind is on record: said in words, never an empty table.</summary>
    public static ReportParagraphBlock Empty(string text) => new([new ReportRun(text)], ParagraphKind.Empty);
}
