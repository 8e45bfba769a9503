using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>The two facts about a status's source that decide how far a reader can lean on it.</summary>
public sealed record SourceBasis(string? Party, string Kind);

/// <summary>
/// Who gives a status, how sure the record is of it, and whether it rests on the assessor's own document or on
/// someone else's account (a news story, a union release reporting the regulator's finding). Every place that
/// shows a status shows this with it, and the report's "How to read" is written from <see cref="Bases"/> and <see cref="Confidences"/>.
/// </summary>
public sealed record Provenance(string? Assessor, string Confidence, SourceBasis? Source)
{
    public const string OwnDocument = "own-document";
    public const string Secondary = "secondary";
    public const string NoSource = "no-source";

    /// <summary>
    /// "own-document" when the source is the assessor's own document (for a settlement term or deadline, which no one
    /// assessor gives, any party's own document); "secondary" for anyone else's account; "no-source" without one.
    /// </summary>
    public string Basis => Source switch
    {
        null => NoSource,
        { Party: { } party } when Assessor is null || party == Assessor => OwnDocument,
        _ => Secondary,
    };

    public bool IsInferred => Confidence == Shared.Confidence.Inferred;

    /// <summary>Worth a reader's attention: inferred, resting on someone else's account, or on no source at all.</summary>
    public bool NeedsCaution => IsInferred || Basis != OwnDocument;

    /// <summary>"the regulator's own document", "a union release", "a news story", "no source".</summary>
    public string BasisLabel => Basis switch
    {
        NoSource => "no source",
        OwnDocument when Assessor is not null => $"the {AssessorNoun(Assessor)}'s own document",
        OwnDocument => $"a primary document ({Assessors.PartyLabel(Source!.Party).ToLowerInvariant()})",
        _ => KindWithArticle(Source!.Kind),
    };

    /// <summary>"Inferred · from a union release", "Verified · the regulator's own document", for a table cell.</summary>
    public string Short => $"{Shared.Confidence.Label(Confidence)} · {(Basis == OwnDocument ? "" : "from ")}{BasisLabel}";

    /// <summary>The machine form for CSV and the API.</summary>
    public static IReadOnlyList<Term> Bases =>
    [
        new(OwnDocument, "Own document", "The status is stated in the assessor's own document (for settlement terms and deadlines, a party's own document)."),
        new(Secondary, "Secondary source", "The status rests on someone else's account: a news story, or another party's release reporting what the assessor found."),
        new(NoSource, "No source", "No source is recorded for the status."),
    ];

    /// <summary>What each confidence means, as the app applies it.</summary>
    public static IReadOnlyList<Term> Confidences =>
    [
        new(Shared.Confidence.Verified, "Verified", "Read in the assessor's own document (for a settlement term or a date, a party's own document). The app refuses \"verified\" for any other source."),
        new(Shared.Confidence.Reported, "Reported", "Stated by the sources cited; this record does not say it was read in the assessor's own document (a news story, or another party's release)."),
        new(Shared.Confidence.Inferred, "Inferred", "Reasoned from sources, not stated in them, or stated only by a source too weak to rely on. Marked wherever it is shown."),
    ];

    /// <summary>True when "verified" may be given: the source is the assessor's own document.</summary>
    public static bool CanBeVerified(string? assessor, Source? source) =>
        source?.Party is { } party && (assessor is null || party == assessor);

    private static string AssessorNoun(string assessor) => assessor switch
    {
        Assessors.Plan => "health plan",
        _ => assessor,
    };

    private static string KindWithArticle(string kind) => kind switch
    {
        "regulator-report" => "a regulator's report",
        "regulator-release" => "a regulator's release",
        "settlement" => "a settlement document",
        "press-release" => "a press release",
        "news" => "a news story",
        "union-release" => "a union release",
        "hearing-record" => "a hearing record",
        "law" => "the text of a law",
        "plan-statement" => "a health plan statement",
        "monitor-report" => "a monitor's report",
        _ => "another document",
    };
}

/// <summary>An item's sources, its withdrawn links, and what names the item in a withdraw address.</summary>
public sealed record ItemSources(
    string ItemType, string ItemCode, IReadOnlyList<Sources.Source> Sources, IReadOnlyList<Changes.WithdrawalStore.WithdrawnLink> WithdrawnLinks, long ItemId = 0)
{
    /// <summary>The item as its passages name it (Schema/0013): a timeline item is "timeline-item".</summary>
    public string PassageItemType => ItemType == "timeline" ? "timeline-item" : ItemType;
}
