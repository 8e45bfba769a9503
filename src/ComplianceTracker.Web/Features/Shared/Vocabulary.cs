namespace ComplianceTracker.Web.Features.Shared;

/// <summary>One status word: the code stored in the database and the label shown to readers.</summary>
public sealed record Term(string Code, string Label, string Meaning);

/// <summary>Who gives an assessment, and the statuses each of them can give.</summary>
public static class Assessors
{
    public const string Regulator = "regulator";
    public const string Plan = "plan";
    public const string Union = "union";

    /// <summary>A monitor appointed by a court or under a settlement to check the plan's compliance.</summary>
    public const string Monitor = "monitor";

    public static readonly IReadOnlyList<string> All = [Regulator, Plan, Union, Monitor];

    /// <summary>Whose findings can make a case's headline: the regulator's, or an independent monitor's.</summary>
    public static readonly IReadOnlyList<string> HeadlineRoles = [Regulator, Monitor];

    /// <summary>The status an assessor's item has before it says anything ("not-yet-assessed", "no-report").</summary>
    public static string Unassessed(string assessor) => assessor switch
    {
        Monitor => "no-report",
        Plan => "no-claim",
        Union => "no-evidence",
        _ => "not-yet-assessed",
    };

    /// <summary>An assessor's statuses that mean the deficiency is still there, as a headline counts them.</summary>
    public static IReadOnlySet<string> Uncorrected(string assessor) => assessor switch
    {
        Monitor => MonitorUncorrected,
        _ => RegulatorUncorrected,
    };

    private static readonly IReadOnlySet<string> MonitorUncorrected = new HashSet<string>(StringComparer.Ordinal) { "not-corrected", "partly-corrected" };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Term>> Statuses = new Dictionary<string, IReadOnlyList<Term>>
    {
        [Regulator] =
        [
            new("not-yet-assessed", "Not yet assessed", "The regulator has not yet said whether this deficiency is corrected."),
            new("found", "Found", "The regulator cited this deficiency; it stays uncorrected until the regulator says otherwise."),
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
        [Monitor] =
        [
            new("no-report", "No report yet", "The monitor has not reported on this item."),
            new("not-corrected", "Not corrected", "The monitor reports the deficiency still present."),
            new("partly-corrected", "Partly corrected", "The monitor reports some of it corrected."),
            new("corrected", "Corrected", "The monitor reports it corrected."),
        ],
    };

    public static string Label(string assessor) => assessor switch
    {
        Regulator => "Regulator",
        Plan => "Health plan",
        Union => "Union",
        Monitor => "Monitor",
        _ => assessor,
    };

    /// <summary>"DMHC, in its own reports and letters. Counts and headlines use only these.": who the assessor is and what it goes by.</summary>
    public static string Legend(string assessor, string name, string headline = Regulator) => assessor switch
    {
        Regulator => $"{name}, in its own reports and letters.",
        Plan => $"{name}, in its own public statements.",
        Union => $"{name}, from field evidence it has made public.",
        Monitor => $"{name}, in its monitoring reports.",
        _ => name,
    } + (assessor == headline ? " Counts and headlines use only these." : "");

    public static Term? Status(string assessor, string code) =>
        Statuses.TryGetValue(assessor, out var terms) ? terms.FirstOrDefault(t => t.Code == code) : null;

    public static string StatusLabel(string assessor, string code) => Status(assessor, code)?.Label ?? code;

    /// <summary>The regulator's statuses that mean the deficiency is still there: the headline counts these.</summary>
    public static readonly IReadOnlySet<string> RegulatorUncorrected = new HashSet<string>(StringComparer.Ordinal)
    {
        "found", "not-corrected", "referred-to-enforcement",
    };

    /// <summary>Whose own document a source can be. A status rests on its assessor's own document only when they match.</summary>
    public static readonly IReadOnlyList<Term> Parties =
    [
        new(Regulator, "Regulator", "A document the regulator itself issued."),
        new(Plan, "Health plan", "A document the health plan itself issued."),
        new(Union, "Union", "A document the union itself issued."),
        new(Monitor, "Monitor", "A report or letter of the monitor itself."),
        new("legislature", "Legislature", "A hearing record or other document of the legislature."),
        new("court", "Court", "A court record."),
        new("government", "Government", "A document of another public office, or the text of a law."),
    ];

    public static string PartyLabel(string? party) => party is null ? "" : Parties.FirstOrDefault(p => p.Code == party)?.Label ?? party;
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
        new("extended", "Extended", "A source shows the date was extended."),
        new("superseded", "Superseded", "A source shows it was replaced by a later arrangement."),
        new("outcome-unknown", "Outcome unknown", "It has passed and no source says whether it was met."),
        new("in-force", "In force", "A legal requirement that took effect on this date."),
        new("historical", "Historical", "Part of an earlier, closed matter."),
    ];

    public static string Label(string? code) => code is null ? "" : All.FirstOrDefault(t => t.Code == code)?.Label ?? code;
}

/// <summary>What kind of date a deadline is: it decides the words used once the date has passed.</summary>
public static class DeadlineTypes
{
    public const string Due = "due";
    public const string PeriodEnd = "period-end";
    public const string TakesEffect = "takes-effect";

    public static readonly IReadOnlyList<Term> All =
    [
        new(Due, "Due date", "Something must be done or paid by this date."),
        new(PeriodEnd, "End of a period", "A period ends on this date; nothing is owed by the date itself."),
        new(TakesEffect, "Takes effect", "A law or rule takes effect on this date."),
    ];

    public static string Label(string? code) => All.FirstOrDefault(t => t.Code == (code ?? Due))?.Label ?? code ?? "";
}

/// <summary>
/// What a source says happened at a passed deadline. Only "missed" makes a deadline overdue; a deadline nobody has
/// reported on has an unknown outcome, never an assumed one.
/// </summary>
public static class DeadlineOutcomes
{
    public const string Met = "met";
    public const string Missed = "missed";
    public const string Extended = "extended";
    public const string Superseded = "superseded";
    public const string TookEffect = "took-effect";
    public const string Closed = "closed";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<Term> All =
    [
        new(Met, "Met", "A source says it was met."),
        new(Missed, "Missed", "A source says it was missed; only these are counted as overdue."),
        new(Extended, "Extended", "A source says the date was extended."),
        new(Superseded, "Superseded", "A source says a later arrangement replaced it."),
        new(TookEffect, "Took effect", "A law or rule that took effect on the date."),
        new(Closed, "Closed", "Part of an earlier matter that has closed."),
        new(Unknown, "Outcome unknown", "The date has passed and no source on record says whether it was met."),
    ];

    public static string Label(string code) => All.FirstOrDefault(t => t.Code == code)?.Label ?? code;

    /// <summary>The outcome a passed deadline's status stands for.</summary>
    public static string FromStatus(string? status) => status switch
    {
        "met" => Met,
        "missed" => Missed,
        "extended" => Extended,
        "superseded" => Superseded,
        "in-force" => TookEffect,
        "historical" => Closed,
        _ => Unknown,
    };
}

/// <summary>
/// One scale a reader sees on every item: verified, reported, inferred (<see cref="Provenance.Confidences"/>). A status,
/// ledger entry or piece of evidence is recorded on it; an item's own details (a deficiency's description, a settlement
/// term, a timeline item) may be too, or carry the research's rating (high, medium, low) from the case files, which is
/// shown on the same scale by <see cref="Shown"/>: high and medium are what the cited sources state ("reported"), low is
/// the record's own reading of weak sources ("inferred"). "Verified" is never derived from a rating: the case files must
/// say it, and only where a party's own document is among the item's sources.
/// </summary>
public static class Confidence
{
    public const string Verified = "verified";
    public const string Reported = "reported";
    public const string Inferred = "inferred";

    public static readonly IReadOnlyList<string> FactLevels = ["high", "medium", "low"];
    public static readonly IReadOnlyList<string> EvidenceLevels = ["verified", "reported", "inferred"];

    /// <summary>What an item's details may carry: the reader's scale, or the research's rating kept from the case files.</summary>
    public static readonly IReadOnlyList<string> DetailLevels = [.. EvidenceLevels, .. FactLevels];

    /// <summary>The value on the reader's scale: a research rating becomes "reported" (high, medium) or "inferred" (low).</summary>
    public static string Shown(string? code) => code switch
    {
        "high" or "medium" => Reported,
        "low" => Inferred,
        _ => code ?? "",
    };

    public static string Label(string? code) => Shown(code) switch
    {
        "" => "",
        Verified => "Verified",
        Reported => "Reported",
        Inferred => "Inferred",
        var other => other,
    };
}
