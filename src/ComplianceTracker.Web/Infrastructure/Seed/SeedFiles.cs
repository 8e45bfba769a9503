namespace ComplianceTracker.Web.Infrastructure.Seed;

// The shapes of the seed files documented in data/README.md. Properties not listed here are refused.
// Format 1 is the hand-written seed; format 2 (an export, see RecordExporter) adds each item's history, with the
// ids, times and names the public record shows. The properties marked "format 2" are optional in format 1.

public sealed class CaseFile
{
    /// <summary>1 (absent) for a hand-written seed; 2 for an export with history.</summary>
    public int? FormatVersion { get; init; }

    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string Plan { get; init; }
    public required string Regulator { get; init; }
    public required string RegulatorShort { get; init; }
    public required string Summary { get; init; }
    public required string PrimarySurvey { get; init; }

    /// <summary>Null when the case has no deadline to feature.</summary>
    public string? KeyDeadline { get; init; }

    /// <summary>Who assesses the deficiencies, in order; absent: the regulator and the plan, by the names above.</summary>
    public List<AssessorItem>? Assessors { get; init; }

    /// <summary>Format 2: when the case was first loaded (UTC ISO-8601).</summary>
    public string? LoadedAt { get; init; }

    /// <summary>The IANA time zone the case's dates are read in ("Pacific/Honolulu"); absent: the site's.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeZone { get; init; }

    /// <summary>What the obligations come from: settlement (absent), order, accusation, consent-decree or agreement.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ObligationOrigin { get; init; }

    /// <summary>Whose findings make the headline count: regulator (absent) or monitor, which must then be among the assessors.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? HeadlineAssessor { get; init; }

    /// <summary>
    /// The agencies the case may ask for records, each with its records law (a file of data/laws/) and records address;
    /// absent: the regulator alone, with no law named (see Features/Requests/RequestsSeed).
    /// </summary>
    public List<Features.Requests.AgencyItem>? Agencies { get; init; }
}

public sealed class AssessorItem
{
    public required string Role { get; init; }
    public required string Name { get; init; }
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

    /// <summary>Format 2: when and by whom the source was put on file, its version, and its edits.</summary>
    public string? AddedAt { get; init; }
    public string? AddedBy { get; init; }
    public int? Version { get; init; }
    public List<FieldEditItem>? Edits { get; init; }
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

    /// <summary>The exact words of a cited source that the item rests on (each source among the item's own).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<PassageItem>? Passages { get; init; }
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

    /// <summary>The exact words of a cited source that the item rests on (each source among the item's own).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<PassageItem>? Passages { get; init; }
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

    /// <summary>The exact words of a cited source that the item rests on (each source among the item's own).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<PassageItem>? Passages { get; init; }
    public List<EvidenceItem> Evidence { get; init; } = [];
    public List<RepeatItem> Repeats { get; init; } = [];

    /// <summary>The regulator's withdrawal of this finding, when a source says it withdrew it; null while it stands.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FindingWithdrawalItem? Withdrawn { get; init; }

    /// <summary>Required in format 1; null in an export for a slot no source describes but that has a history.</summary>
    public string? Confidence { get; init; }
    public List<AssessmentItem> Assessments { get; init; } = [];

    /// <summary>Format 2: the item's version and its field edits.</summary>
    public int? Version { get; init; }
    public List<FieldEditItem>? Edits { get; init; }
}

/// <summary>
/// A regulator withdrawing one of its findings: when (a date of any precision), the source that says so, and a note.
/// Not the tracker's withdrawal of an entry made in error (<see cref="WithdrawalItem"/>).
/// </summary>
public sealed class FindingWithdrawalItem
{
    public required string On { get; init; }
    public required string Source { get; init; }
    public string? Note { get; init; }
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

    /// <summary>The exact words of the entry's source that it rests on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Passage { get; init; }
    public required string Confidence { get; init; }
    public string? Note { get; init; }
}

public sealed class AssessmentItem
{
    /// <summary>Format 2: the entry's number in the public record (its permalink and feed id).</summary>
    public long? Id { get; init; }
    public required string Assessor { get; init; }

    /// <summary>Format 2: the status before this entry (format 1 works it out from the order).</summary>
    public string? FromStatus { get; init; }
    public required string Status { get; init; }
    public required string EffectiveOn { get; init; }
    public required string Reason { get; init; }
    public string? Source { get; init; }

    /// <summary>The exact words of the entry's source that it rests on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Passage { get; init; }
    public required string Confidence { get; init; }
    public string? RecordedAt { get; init; }
    public string? RecordedBy { get; init; }

    /// <summary>Format 2: the id of the entry this one corrects.</summary>
    public long? Corrects { get; init; }
    public int? ResultingVersion { get; init; }

    /// <summary>Format 2: set when the entry was withdrawn (it stays in the history and no longer counts).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawalItem? Withdrawn { get; init; }
}

/// <summary>Format 2: one entry of an obligation's or a deadline's status history.</summary>
public sealed class StatusChangeItem
{
    public required long Id { get; init; }
    public string? FromStatus { get; init; }
    public required string Status { get; init; }
    public required string EffectiveOn { get; init; }
    public required string Reason { get; init; }
    public string? Source { get; init; }

    /// <summary>The exact words of the entry's source that it rests on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Passage { get; init; }
    public required string Confidence { get; init; }
    public required string RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
    public long? Corrects { get; init; }
    public int? ResultingVersion { get; init; }

    /// <summary>Format 2: set when the entry was withdrawn (it stays in the history and no longer counts).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawalItem? Withdrawn { get; init; }
}

/// <summary>Format 2: one field of an item changed by an editor.</summary>
public sealed class FieldEditItem
{
    public required long Id { get; init; }
    public required string Field { get; init; }
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }
    public required string Reason { get; init; }
    public string? Source { get; init; }
    public required string RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
    public int? ResultingVersion { get; init; }

    /// <summary>Format 2: set when the entry was withdrawn (it stays in the history and no longer counts).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawalItem? Withdrawn { get; init; }
}

/// <summary>A passage of one of the item's sources: the source's key and its exact words.</summary>
public sealed class PassageItem
{
    public required string Source { get; init; }
    public required string Text { get; init; }

    /// <summary>Format 2: when and by whom the passage was added (a hand-written seed's passages are the case files').</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AddedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AddedBy { get; init; }
}

/// <summary>Format 2: an archived copy of a source's document; its bytes are the file archive/SHA256 beside the seed.</summary>
public sealed class ArchivedCopyItem
{
    public required string Source { get; init; }
    public required string Sha256 { get; init; }
    public required long Bytes { get; init; }
    public required string MediaType { get; init; }
    public string? FileName { get; init; }
    public required string Method { get; init; }
    public string? RequestedUrl { get; init; }
    public string? RetrievedFrom { get; init; }
    public int? HttpStatus { get; init; }
    public required string RetrievedAt { get; init; }
    public required string AddedBy { get; init; }
}

/// <summary>Format 2: who withdrew an entry, when and why.</summary>
public sealed class WithdrawalItem
{
    /// <summary>entered-in-error, source-retracted or other.</summary>
    public required string Kind { get; init; }
    public string? Reason { get; init; }
    public required string At { get; init; }
    public required string By { get; init; }
}

/// <summary>Format 2: a published report edition's metadata (the PDF files themselves stay in Reports:Directory).</summary>
public sealed class EditionItem
{
    public required int Number { get; init; }
    public required string AsOf { get; init; }
    public required string GeneratedAt { get; init; }
    public required string Trigger { get; init; }
    public string? OccurrenceKey { get; init; }
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public required long Bytes { get; init; }
    public required int Pages { get; init; }
}

public sealed class ObligationItem
{
    public required string Code { get; init; }
    public string? Parent { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    /// <summary>Dollars, with cents as at most two decimals (1234.56); stored as whole cents.</summary>
    public decimal? AmountUsd { get; init; }
    public string? DueOn { get; init; }
    public string? DueNote { get; init; }
    public required string Status { get; init; }
    public string? StatusOn { get; init; }
    public required string StatusReason { get; init; }
    public string? StatusSource { get; init; }

    /// <summary>
    /// How sure the status is (verified, reported, inferred); absent: "reported". "Verified" needs a party's own document
    /// as <see cref="StatusSource"/>, as the form does.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusConfidence { get; init; }

    /// <summary>The exact words of the status's source that the status rests on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusPassage { get; init; }
    public List<string> Sources { get; init; } = [];

    /// <summary>The exact words of a cited source that the item rests on (each source among the item's own).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<PassageItem>? Passages { get; init; }
    public required string Confidence { get; init; }
    public List<LedgerItem> Ledger { get; init; } = [];

    /// <summary>Format 2: the version, the status history (status fields above then give the current status) and edits.</summary>
    public int? Version { get; init; }
    public List<StatusChangeItem>? StatusChanges { get; init; }
    public List<FieldEditItem>? Edits { get; init; }
}

public sealed class LedgerItem
{
    /// <summary>Format 2: the entry's number in the public record.</summary>
    public long? Id { get; init; }
    public required string Entry { get; init; }
    /// <summary>Dollars, with cents as at most two decimals (1234.56); stored as whole cents.</summary>
    public required decimal AmountUsd { get; init; }
    public required string On { get; init; }
    public string? Source { get; init; }

    /// <summary>The exact words of the entry's source that it rests on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Passage { get; init; }
    public required string Confidence { get; init; }
    public string? Note { get; init; }
    public string? RecordedAt { get; init; }
    public string? RecordedBy { get; init; }
    public long? Corrects { get; init; }
    public int? ResultingVersion { get; init; }

    /// <summary>Format 2: set when the entry was withdrawn (it stays in the history and no longer counts).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawalItem? Withdrawn { get; init; }
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

    /// <summary>The exact words of a cited source that the item rests on (each source among the item's own).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<PassageItem>? Passages { get; init; }
    public required string Confidence { get; init; }

    /// <summary>Format 2: when and by whom the item was recorded, its version, its status history and its edits.</summary>
    public string? RecordedAt { get; init; }
    public string? RecordedBy { get; init; }
    public int? Version { get; init; }
    public List<StatusChangeItem>? StatusChanges { get; init; }
    public List<FieldEditItem>? Edits { get; init; }

    /// <summary>Format 2: set when the item was added in error and withdrawn (it is then in no list).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WithdrawalItem? Withdrawn { get; init; }
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

    /// <summary>Format 2 only: editions.json; empty for a hand-written seed.</summary>
    public List<EditionItem> Editions { get; init; } = [];

    /// <summary>archive.json and the files of archive/: copies of the sources' documents; empty when there are none.</summary>
    public List<ArchivedCopyItem> Archive { get; init; } = [];

    /// <summary>Format 2 only: requests.json, the records requests of an export; empty when there are none.</summary>
    public List<Features.Requests.RequestItem> Requests { get; init; } = [];

    public bool HasHistory => Case.FormatVersion == SeedReader.ExportFormatVersion;
}

/// <summary>A seed file that cannot be loaded. The message names the file, the item and the problem.</summary>
public sealed class SeedException(string message) : Exception(message);

/// <summary>How a seed's problems are told to whoever started the app or a command: a heading and one problem a line.</summary>
public static class SeedProblems
{
    public static string Describe(string directory, SeedException problem)
    {
        var lines = problem.Message.Split(Environment.NewLine);
        var count = lines.Length == 1 ? "a problem" : $"{lines.Length} problems";
        return $"The seed in {directory} has {count}, so nothing was loaded:{Environment.NewLine}{problem.Message}";
    }
}
