namespace ComplianceTracker.Web.Features.Shared;

/// <summary>One status word: the code stored in the database and the label shown to readers.</summary>
public sealed record Term(string Code, string Label, string Meaning);

/// <summary>Who gives an assessment, and the statuses each of them can give.</summary>
public static class Assessors
{
    public const string Regulator = "regulator";
    public const string Plan = "plan";
    public const string Union = "union";

    public static readonly IReadOnlyList<string> All = [Regulator, Plan, Union];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Term>> Statuses = new Dictionary<string, IReadOnlyList<Term>>
    {
        [Regulator] =
        [
            new("not-yet-assessed", "Not yet assessed", "The regulator has not yet said whether this deficiency is corrected."),
            new("not-corrected", "Not corrected", "The regulator found the deficiency still present."),
            new("corrected", "Corrected", "The regulator found the deficiency corrected."),
            new("referred-to-enforcement", "Referred to enforcement", "The regulator found it not corrected and sent it to its enforcement office."),
        ],
        [Plan] =
        [
            new("no-claim", "No public claim", "The health plan has said nothing public about this item."),
            new("in-progress", "Work in progress", "The health plan says it is working on it."),
            new("claims-corrected", "Claims corrected", "The health plan says it has corrected it."),
            new("disputes-finding", "Disputes the finding", "The health plan disputes that this is a deficiency."),
        ],
        [Union] =
        [
            new("no-evidence", "No field evidence yet", "The union has not reported evidence either way."),
            new("not-corrected", "Not corrected", "The union's field evidence says the problem goes on."),
            new("partly-corrected", "Partly corrected", "The union's field evidence shows some improvement."),
            new("corrected", "Corrected", "The union's field evidence says the problem is fixed."),
        ],
    };

    public static string Label(string assessor) => assessor switch
    {
        Regulator => "Regulator",
        Plan => "Health plan",
        Union => "Union",
        _ => assessor,
    };

    public static Term? Status(string assessor, string code) =>
        Statuses.TryGetValue(assessor, out var terms) ? terms.FirstOrDefault(t => t.Code == code) : null;

    public static string StatusLabel(string assessor, string code) => Status(assessor, code)?.Label ?? code;
}

public static class ObligationStatuses
{
    public static readonly IReadOnlyList<Term> All =
    [
        new("pending", "Pending", "Not yet due, or due and not yet shown to be met."),
        new("met", "Met", "A source shows the term was met."),
        new("missed", "Missed", "A source shows the term was not met when due."),
        new("partly-met", "Partly met", "A source shows part of the term was met."),
        new("contingent", "Contingent", "Owed only if a condition occurs."),
        new("unknown", "Unknown", "No source says whether the term was met."),
    ];

    public static string Label(string code) => All.FirstOrDefault(t => t.Code == code)?.Label ?? code;
}

public static class DeadlineStatuses
{
    public static readonly IReadOnlyList<Term> All =
    [
        new("open", "Open", "Still to come, or passed with nothing yet required."),
        new("met", "Met", "A source shows it was met."),
        new("missed", "Missed", "A source shows it was missed."),
        new("outcome-unknown", "Outcome unknown", "It has passed and no source says whether it was met."),
        new("in-force", "In force", "A legal requirement that took effect on this date."),
        new("historical", "Historical", "Part of an earlier, closed matter."),
    ];

    public static string Label(string? code) => code is null ? "" : All.FirstOrDefault(t => t.Code == code)?.Label ?? code;

    /// <summary>Deadlines whose passing leaves something outstanding: these are shown as overdue once past.</summary>
    public static bool CanBeOverdue(string? code) => code is "open" or "outcome-unknown" or "missed";
}

public static class Confidence
{
    public static readonly IReadOnlyList<string> FactLevels = ["high", "medium", "low"];
    public static readonly IReadOnlyList<string> EvidenceLevels = ["verified", "reported", "inferred"];

    public static string Label(string? code) => code switch
    {
        null => "",
        "high" => "High confidence",
        "medium" => "Medium confidence",
        "low" => "Low confidence",
        "verified" => "Verified",
        "reported" => "Reported",
        "inferred" => "Inferred",
        _ => code,
    };
}
