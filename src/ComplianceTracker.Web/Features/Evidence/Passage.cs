namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// The exact words of a source that one citation rests on, and what the check against the source's archived copies
/// found. ItemType and ItemId name the citing entry or item (see Schema/0013).
/// </summary>
public sealed class Passage
{
    public long Id { get; set; }
    public string ItemType { get; set; } = "";
    public long ItemId { get; set; }
    public long SourceId { get; set; }
    public string SourceKey { get; set; } = "";
    public string SourceTitle { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "";

    /// <summary>How many of the source's archived copies it was checked against.</summary>
    public int CopiesChecked { get; set; }

    /// <summary>The newest copy it was found in, and the page there (null: found in none).</summary>
    public long? FoundInCopyId { get; set; }
    public int? FoundPage { get; set; }
    public int? FoundPageCount { get; set; }

    /// <summary>The kinds of citing item a passage can belong to.</summary>
    public static readonly IReadOnlyList<string> ItemTypes = ["status", "ledger", "evidence", "survey", "aggregate-finding", "deficiency", "obligation", "timeline-item"];

    public bool IsFound => FoundInCopyId is not null;

    /// <summary>Checked against at least one copy and found in none.</summary>
    public bool IsNotFound => CopiesChecked > 0 && FoundInCopyId is null;

    /// <summary>
    /// What the check found, as a reader is told it: "Quoted from the archived copy, page 3", "Passage not found in the
    /// archived copy", or, with no copy to check against, that the words are as the record gives them.
    /// </summary>
    public string Verdict => this switch
    {
        { IsFound: true, FoundPageCount: > 1 } => $"Quoted from the archived copy, page {FoundPage}",
        { IsFound: true } => "Quoted from the archived copy",
        { IsNotFound: true } => "Passage not found in the archived copy",
        _ => "No archived copy of the source to check it against yet",
    };

    /// <summary>"found", "not-found" or "unchecked", for the page's styling and tests.</summary>
    public string VerdictCode => IsFound ? "found" : IsNotFound ? "not-found" : "unchecked";

    /// <summary>The copy the passage was found in, to link the verdict to.</summary>
    public string? FoundInPath => FoundInCopyId is { } id ? $"/sources/{Uri.EscapeDataString(SourceKey)}/copies/{id}.txt" : null;
}

/// <summary>The passages of the record, found by the item or entry that cites them.</summary>
public sealed class PassageIndex(IEnumerable<Passage> passages)
{
    private readonly ILookup<(string, long), Passage> byItem = passages.ToLookup(p => (p.ItemType, p.ItemId));

    public static readonly PassageIndex Empty = new([]);

    public IReadOnlyList<Passage> For(string itemType, long itemId) => byItem[(itemType, itemId)].ToList();

    /// <summary>The passages of one citation: an item's words from one of its sources.</summary>
    public IReadOnlyList<Passage> For(string itemType, long itemId, long sourceId) =>
        byItem[(itemType, itemId)].Where(p => p.SourceId == sourceId).ToList();
}

/// <summary>An entry or item that cites a source: what a passage of the source can be attached to.</summary>
public sealed class CitingEntry
{
    public string ItemType { get; set; } = "";
    public long ItemId { get; set; }

    /// <summary>The item's code (D-01, O-1a, DL-…) or survey key.</summary>
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>For a status or ledger entry: "corrected 2025-03-24 regulator", "paid 2023-10-21".</summary>
    public string Detail { get; set; } = "";

    /// <summary>What the entry is about: deficiency, obligation, deadline (any timeline item) or survey.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The form's value for this choice: "status:412".</summary>
    public string Value => $"{ItemType}:{ItemId}";

    /// <summary>Where a reader sees the citing item.</summary>
    public string Href => Subject switch
    {
        "deficiency" => $"/deficiencies/{Uri.EscapeDataString(Code)}",
        "obligation" => $"/settlement#{Code}",
        "survey" => $"/deficiencies?survey={Uri.EscapeDataString(Code)}",
        _ => $"/timeline#{Code}",
    };

    /// <summary>The choice as an editor reads it: "Status entry of D-01: corrected 2025-03-24 regulator".</summary>
    public string Describe() => ItemType switch
    {
        "aggregate-finding" => $"Headline finding: {Label}",
        "survey" => $"Survey {Code}: {Label}",
        "deficiency" => $"{Code} {Label}",
        "evidence" => $"Evidence under {Code}: {Shorten(Label)}",
        "obligation" => $"{Code} {Label}",
        "ledger" => $"Money entry of {Code}: {Detail}",
        "timeline-item" => $"{Code} {Label}",
        "status" => $"Status entry of {Code}: {Detail}",
        _ => $"{Code} {Label}",
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..79].TrimEnd() + "…";
}
