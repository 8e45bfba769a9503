namespace ComplianceTracker.Web.Infrastructure.Seed;

// The shapes of the seed files documented in data/README.md. Properties not listed here are refused.

public sealed class CaseFile
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string Plan { get; init; }
    public required string Regulator { get; init; }
    public required string RegulatorShort { get; init; }
    public required string Summary { get; init; }
    public required string PrimarySurvey { get; init; }
    public required string KeyDeadline { get; init; }
}

public sealed class SourceItem
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string Publisher { get; init; }
    public string? PublishedOn { get; init; }
    public required string Kind { get; init; }

    /// <summary>Whose own document it is; null (or absent) for a secondary report.</summary>
    public string? Party { get; init; }

    public bool IsCopy { get; init; }
    public string? CopyOf { get; init; }

    /// <summary>Null when no source gives the document's address.</summary>
    public required string? Url { get; init; }
    public string? Note { get; init; }
}

public sealed class SurveyItem
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string Regulator { get; init; }
    public string? StartedOn { get; init; }
    public required int DeficiencyCount { get; init; }
    public required string CodePrefix { get; init; }
    public required string Description { get; init; }
    public List<string> Sources { get; init; } = [];
    public required string Confidence { get; init; }
    public List<AggregateFindingItem> AggregateFindings { get; init; } = [];
}

public sealed class AggregateFindingItem
{
    public required string Assessor { get; init; }
    public required string EffectiveOn { get; init; }
    public required string Title { get; init; }
    public required Dictionary<string, int> Counts { get; init; }
    public List<string> Sources { get; init; } = [];
    public required string Confidence { get; init; }
    public string? Note { get; init; }
}

public sealed class DeficiencyItem
{
    public required string Survey { get; init; }
    public required int Slot { get; init; }
    public string? RegulatorNumber { get; init; }
    public string? Title { get; init; }
    public string? Area { get; init; }
    public string? LegalCitation { get; init; }
    public string? Finding { get; init; }
    public string? Notes { get; init; }
    public List<string> Sources { get; init; } = [];
    public List<EvidenceItem> Evidence { get; init; } = [];
    public List<RepeatItem> Repeats { get; init; } = [];
    public required string Confidence { get; init; }
    public List<AssessmentItem> Assessments { get; init; } = [];
}

/// <summary>An earlier survey's finding that this deficiency repeats, with the source that ties the two.</summary>
public sealed class RepeatItem
{
    public required string Survey { get; init; }
    public required int Slot { get; init; }
    public required string Source { get; init; }
    public string? Note { get; init; }
}

public sealed class EvidenceItem
{
    public required string Text { get; init; }
    public string? Source { get; init; }
    public required string Confidence { get; init; }
    public string? Note { get; init; }
}

public sealed class AssessmentItem
{
    public required string Assessor { get; init; }
    public required string Status { get; init; }
    public required string EffectiveOn { get; init; }
    public required string Reason { get; init; }
    public string? Source { get; init; }
    public required string Confidence { get; init; }
}

public sealed class ObligationItem
{
    public required string Code { get; init; }
    public string? Parent { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public long? AmountUsd { get; init; }
    public string? DueOn { get; init; }
    public string? DueNote { get; init; }
    public required string Status { get; init; }
    public string? StatusOn { get; init; }
    public required string StatusReason { get; init; }
    public string? StatusSource { get; init; }
    public List<string> Sources { get; init; } = [];
    public required string Confidence { get; init; }
    public List<LedgerItem> Ledger { get; init; } = [];
}

public sealed class LedgerItem
{
    public required string Entry { get; init; }
    public required long AmountUsd { get; init; }
    public required string On { get; init; }
    public string? Source { get; init; }
    public required string Confidence { get; init; }
    public string? Note { get; init; }
}

public sealed class TimelineEntryItem
{
    public required string Code { get; init; }
    public required string Kind { get; init; }
    public string? DeadlineType { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string Date { get; init; }
    public string? AlternateDate { get; init; }
    public string? AlternateNote { get; init; }
    public string? Status { get; init; }
    public string? Obligation { get; init; }
    public bool Milestone { get; init; }
    public List<string> Sources { get; init; } = [];
    public required string Confidence { get; init; }
}

/// <summary>A seed folder read and checked, ready to load.</summary>
public sealed class SeedCase
{
    public required CaseFile Case { get; init; }
    public required List<SourceItem> Sources { get; init; }
    public required List<SurveyItem> Surveys { get; init; }
    public required List<DeficiencyItem> Deficiencies { get; init; }
    public required List<ObligationItem> Obligations { get; init; }
    public required List<TimelineEntryItem> Timeline { get; init; }
}

/// <summary>A seed file that cannot be loaded. The message names the file, the item and the problem.</summary>
public sealed class SeedException(string message) : Exception(message);
