using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The report's "How to read" text, written from the vocabularies and rules the app applies (and from this edition's
/// own data where a rule has a count or an example), so the report never promises what its tables contradict.
/// Both the PDF and /reports/current render these paragraphs; neither keeps its own copy.
/// </summary>
public static class ReportMethod
{
    public static IReadOnlyList<ReportParagraph> HowToRead(CaseRecord record, IReadOnlyList<TimelineItem> items, IReadOnlyList<StatusChange> current, string zoneName, Provenance? headline = null)
    {
        // The cover says what the headline count rests on; this text must not say less.
        var who = "the " + Assessors.Label(record.HeadlineAssessor).ToLowerInvariant();
        var headlineBasis = headline switch
        {
            { NeedsCaution: false } or null => "",
            { Basis: Provenance.OwnDocument } => $" In this edition {who}'s count is inferred, as the cover marks it.",
            _ => $" In this edition {who}'s count itself is known from {headline.BasisLabel}, not from {who}'s own document, as the cover marks it.",
        };
        var uncorrected = string.Join(", ", Assessors.Statuses[record.HeadlineAssessor]
            .Where(t => Assessors.Uncorrected(record.HeadlineAssessor).Contains(t.Code))
            .Select(t => t.Label.ToLowerInvariant()));
        var inferred = current.Count(c => c.Provenance.IsInferred);
        var secondary = current.Count(c => c.Provenance.Basis == Provenance.Secondary);
        var unsourced = current.Count(c => c.Provenance.Basis == Provenance.NoSource);
        var marked = new List<string>();
        if (inferred > 0) marked.Add(Format.Plural(inferred, "is inferred", "are inferred"));
        if (secondary > 0) marked.Add(Format.Plural(secondary, "rests on a secondary source", "rest on a secondary source"));
        if (unsourced > 0) marked.Add(Format.Plural(unsourced, "has no source", "have no source"));
        var thisEdition = marked.Count == 0
            ? "In this edition every current status is stated in its assessor's own document."
            : $"Of the current statuses in this edition, {string.Join("; ", marked)}; each is marked where it appears.";

        var examples = DateExamples(items);
        return
        [
            new(null,
                "Every claim in this report comes from a cited source, and every status has its assessor. Where no document in the record gives a detail, the report says so rather than guessing. "
                + $"An assessment is the status one side gives a deficiency: {record.AssessorList("or")}. The headline counts use only {who}'s assessments, "
                + $"and count as not corrected every status that means the deficiency is still present ({uncorrected})." + headlineBasis),
            new(null,
                $"When {who} reports only how many deficiencies have a status, not which, the count is given as it was reported (or as a range once later assessments make it uncertain). "
                + "A status given to one deficiency may be inferred from such a count or from other accounts rather than stated by its assessor. "
                + "Beside every status the report gives its confidence (verified, reported or inferred) and what it rests on: the assessor's own document, or a secondary source such as a news story or another party's release. "
                + "Only a status read in its assessor's own document is marked verified. " + thisEdition),
            new("Dates",
                $"Dates are given at the precision the sources give{examples}. A deadline known only to the month or year falls due on the last day of that month or year. "
                + "Once a deadline has passed, its outcome is what a source says: met, missed, extended or superseded. Where no source says, the outcome is unknown, and the report says how many days ago the date passed, never that it is overdue. "
                + "Only a deadline a source says was missed is counted as overdue. The end of a period is said to have ended, not to be overdue. "
                + $"Where sources disagree on a date, both are shown. Days are counted to the edition's as-of date in {zoneName}."),
            new("Sources",
                $"Each source is marked as a primary document (issued by {record.PrimaryIssuers()}) or a secondary report (a news story or another account). "
                + "A page that copies another document is marked as a copy: it is not independent evidence."),
        ];
    }

    /// <summary>": a day (12 October 2023), a month (October 2025) or a year (2028)", from the case's own items.</summary>
    private static string DateExamples(IReadOnlyList<TimelineItem> items)
    {
        string? Example(DatePrecision precision) => items.Where(i => i.Occurs.Precision == precision).Select(i => i.Occurs.ToString()).FirstOrDefault();
        var parts = new List<string>();
        if (Example(DatePrecision.Day) is { } day) parts.Add($"a day ({day})");
        if (Example(DatePrecision.Month) is { } month) parts.Add($"a month ({month})");
        if (Example(DatePrecision.Year) is { } year) parts.Add($"a year ({year})");
        return parts.Count switch
        {
            0 => ": a day, a month or a year",
            1 => ": " + parts[0],
            _ => ": " + string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[^1],
        };
    }

    /// <summary>"Primary document (Union)", "Secondary report, a copy" for the report's list of sources.</summary>
    public static string Standing(Source source) => source.Standing;
}
