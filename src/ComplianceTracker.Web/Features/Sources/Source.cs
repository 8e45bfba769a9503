using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Sources;

public sealed class Source
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Publisher { get; set; } = "";
    public DateOnly? PublishedOn { get; set; }
    public string? PublishedPrecision { get; set; }
    public string Kind { get; set; } = "other";
    public string Url { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "seed";
    public int Version { get; set; } = 1;

    public PartialDate? Published =>
        PublishedOn is { } on && PublishedPrecision is { } precision ? PartialDate.FromStored(on, precision) : null;

    public static readonly IReadOnlyList<Term> Kinds =
    [
        new("regulator-report", "Regulator report", "A report issued by the regulator."),
        new("regulator-release", "Regulator release", "A press release or notice from the regulator."),
        new("settlement", "Settlement document", "The text of a settlement agreement."),
        new("press-release", "Press release", "A press release from a government office or organisation."),
        new("news", "News story", "A news article."),
        new("union-release", "Union release", "A release or bulletin from the union."),
        new("hearing-record", "Hearing record", "A legislative hearing record or transcript."),
        new("law", "Law or regulation", "Statute or regulation text, or a summary of it."),
        new("plan-statement", "Health plan statement", "A statement from the health plan."),
        new("other", "Other", "Any other document."),
    ];

    public string KindLabel => Kinds.FirstOrDefault(k => k.Code == Kind)?.Label ?? Kind;
}

/// <summary>One item that cites a source, for the sources page.</summary>
public sealed class Citation
{
    public long SourceId { get; set; }
    public string ItemType { get; set; } = "";
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
}
