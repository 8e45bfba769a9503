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
    /// <summary>The document's address; empty when no source gives one.</summary>
    public string Url { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "seed";
    public int Version { get; set; } = 1;

    /// <summary>Whose own document this is (<see cref="Assessors.Parties"/>), or null for a secondary report.</summary>
    public string? Party { get; set; }

    /// <summary>A repost, mirror or copy of a document first published elsewhere.</summary>
    public bool IsCopy { get; set; }

    public long? CopyOfId { get; set; }
    public string? CopyOfKey { get; set; }

    public bool HasUrl => !string.IsNullOrEmpty(Url);

    /// <summary>A primary document: issued by a party itself (regulator, plan, union, legislature, court, government).</summary>
    public bool IsPrimary => Party is not null;

    /// <summary>"Primary document (Regulator)", "Secondary report", with ", copy" for a repost.</summary>
    public string Standing => (IsPrimary ? $"Primary document ({Assessors.PartyLabel(Party)})" : "Secondary report") + (IsCopy ? ", a copy" : "");

    /// <summary>Sources in the order a reader should take them: the given party's own documents, other primary documents,
    /// then secondary reports; within each, originals before copies; otherwise as given.</summary>
    public static List<Source> BestFirst(IEnumerable<Source> sources, string? party = null) =>
        sources
            .Select((s, i) => (s, i))
            .OrderBy(p => party is not null && p.s.Party == party ? 0 : p.s.IsPrimary ? 1 : 2)
            .ThenBy(p => p.s.IsCopy ? 1 : 0)
            .ThenBy(p => p.i)
            .Select(p => p.s)
            .ToList();
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
        new("monitor-report", "Monitor's report", "A report or letter of the monitor."),
        new("other", "Other", "Any other document."),
    ];

    /// <summary>Whose document a source of this kind is, when nothing else is said: a regulator's release is the regulator's.</summary>
    public static string? DefaultParty(string kind) => kind switch
    {
        "regulator-report" or "regulator-release" => Assessors.Regulator,
        "union-release" => Assessors.Union,
        "plan-statement" => Assessors.Plan,
        "monitor-report" => Assessors.Monitor,
        "hearing-record" => "legislature",
        "law" => "government",
        _ => null,
    };

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
