using System.Data.Common;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Data;

// The shapes of the open data: the JSON API returns these records, the CSV files flatten them.
// Dates keep their precision: "2025-10" is a month, "2025-10-31" a day.

// Every status carries its provenance: confidence (verified, reported, inferred) and basis (own-document, secondary,
// no-source: whether it rests on the assessor's own document). Instants carry the case's local offset.

public sealed record AssessmentDto(
    string Assessor, string Status, string Label, string EffectiveOn, string Confidence, string Basis, string? SourceKind, string Reason,
    string? SourceKey, string? SourceUrl, DateTimeOffset RecordedAt);

/// <summary>
/// Agency: the short name of the agency whose survey found the item (null when the record does not name it), which may
/// be another than the case's regulator. Occasions and FoundBefore: how often a source ties the failure to earlier
/// findings, one occasion per survey, and the sentence the item's page says; both null when no source ties it to any.
/// Repeats: the earlier findings, oldest first, as the item's page lists them. Passages: the quoted words the item
/// rests on, from the sources it still cites, as its page shows them.
/// </summary>
public sealed record DeficiencyDto(
    string Code, string Survey, int Slot, string? RegulatorNumber, string? Title, string? Area, string? LegalCitation, string? Finding,
    bool DetailsPublic, string? Confidence, IReadOnlyDictionary<string, AssessmentDto> Latest, bool AssessorsDisagree, string Permalink,
    FindingWithdrawalDto? Withdrawn, string? Agency, int? Occasions, string? FoundBefore, IReadOnlyList<RepeatDto> Repeats, IReadOnlyList<PassageDto> Passages)
{
    /// <summary>
    /// Where the headline assessor's aggregate finding counts this item but no document gives its own status: the
    /// sentence the list shows in its cell ("Counted in …; which is which is not yet in this record"); null otherwise.
    /// </summary>
    public string? CountedIn { get; init; }
}

/// <summary>The regulator's withdrawal of a finding: when (keeping its precision), the source saying so, and a note.</summary>
public sealed record FindingWithdrawalDto(string On, string Source, string? Note);

/// <summary>An earlier finding an item repeats: its code, survey (key and title), the survey's agency and the key of the source that ties the two.</summary>
public sealed record RepeatDto(string Code, string Survey, string SurveyTitle, string? Agency, string Source);

/// <summary>
/// The exact words of a source an item rests on. Check: "found" (in an archived copy of the source, whose SHA-256 is
/// ArchivedCopySha256), "not-found" (checked against the copies and not in them) or "unchecked" (no copy yet);
/// ArchivedCopySha256 is null unless found.
/// </summary>
public sealed record PassageDto(string Source, string Text, string Check, string? ArchivedCopySha256);

/// <summary>One row of passages.csv: what the passage is quoted under (deficiency, obligation or timeline item, by its code), then the passage.</summary>
public sealed record PassageRowDto(string SubjectKind, string SubjectCode, string SourceKey, string Text, string? ArchivedCopySha256, string Check);

public sealed record StatusChangeDto(
    long Id, string SubjectType, string SubjectCode, string? Assessor, string? From, string To, string EffectiveOn, DateTimeOffset RecordedAt,
    string RecordedBy, string Reason, string Confidence, string Basis, string? SourceKind, string? SourceKey, string? SourceUrl, long? Corrects, long? CorrectedBy,
    string State, DateTimeOffset? WithdrawnAt, string? WithdrawalReason);

public sealed record LedgerDto(
    long Id, string Entry, decimal AmountUsd, string On, string Confidence, string? Note, string? SourceUrl, long? Corrects, bool Counts,
    long? CorrectedBy, string State, DateTimeOffset? WithdrawnAt, string? WithdrawalReason);

public sealed record ObligationDto(
    string Code, string? Parent, string Kind, string Title, string? Description, decimal? AmountUsd, string? DueOn, string? DueNote,
    string Status, string? StatusConfidence, string StatusBasis, string? StatusNote, string Confidence, IReadOnlyList<LedgerDto> Ledger, IReadOnlyList<string> Sources, string Permalink);

public sealed record TimelineDto(
    string Code, string Kind, string? DeadlineType, string Title, string? Description, string Date, string Precision, string? AlternateDate, string? AlternateNote,
    string? Status, bool? Passed, int? DaysSince, int? DaysLeft, string? Outcome, bool? IsOverdue, string? Obligation, string Confidence, IReadOnlyList<string> Sources, string Permalink);

public sealed record SourceDto(
    string Key, string Title, string Publisher, string? PublishedOn, string Kind, bool Primary, string? Party, bool IsCopy, string? CopyOf, string? Url, string? Note);

public sealed record CountDto(string Status, string Label, int Min, int Max);

public sealed record SummaryDto(
    string Case, string Plan, string Regulator, string Survey, int Deficiencies, CountDto? NotCorrected, IReadOnlyList<CountDto> RegulatorCounts,
    string? CountBasis, string? CountBasisDate, string? CountBasisConfidence, string? CountBasisBasis, IReadOnlyList<string> CountBasisSources,
    TimelineDto? KeyDeadline, decimal? FineUsd, decimal? FinePaidUsd, decimal? ContingentUsd, decimal? InvestmentCommittedUsd, decimal? InvestmentReportedUsd, string AsOf,
    IReadOnlyList<AssessorDto> Assessors, IReadOnlyList<MoneyDto> Money, int DeficienciesFound, int DeficienciesWithdrawn, string? WithdrawnNote)
{
    /// <summary>Whose counts "regulatorCounts" and "notCorrected" are: "regulator", or "monitor" where the case says the monitor assesses.</summary>
    public string CountsAssessor { get; init; } = Shared.Assessors.Regulator;

    /// <summary>
    /// The money kinds the case has. A figure of a kind it does not have is left out of the JSON (fineUsd and
    /// finePaidUsd without a fine, contingentUsd without contingent money, the investment figures without an
    /// investment); a figure of a kind it has is null when no source gives it. See <see cref="OpenDataEndpoints"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (bool Fine, bool Contingent, bool Investment) Has { get; init; }

    /// <summary>Whether the JSON property <paramref name="name"/> (camelCase) belongs to a money kind the case has.</summary>
    public bool Carries(string name) => name switch
    {
        "fineUsd" or "finePaidUsd" => Has.Fine,
        "contingentUsd" => Has.Contingent,
        "investmentCommittedUsd" or "investmentReportedUsd" => Has.Investment,
        _ => true,
    };

    /// <summary>
    /// Without an aggregate finding: the date of the newest item-by-item status the counts are added up from (ISO,
    /// to its precision); null with one, or when nothing is assessed.
    /// </summary>
    public string? CountsAddedUpAsOf { get; init; }
}

/// <summary>
/// One money term of the case under its kind: "fine", "investment", "restitution", "ceiling" (a maximum, never owed
/// as such), "contingent" (owed only if a condition occurs) or "other"; only the kinds the case has are listed.
/// PaidUsd, WaivedUsd: what sources report (null when none does). Every amount in the API and the CSVs is US dollars
/// as an exact decimal number with no trailing zeros: 50000000 for a whole amount, 1234.5 or 1234.56 with cents.
/// </summary>
public sealed record MoneyDto(string Kind, string Code, string Title, decimal? AmountUsd, decimal? PaidUsd, decimal? WaivedUsd);

/// <summary>One of the case's assessors: its role and the name the case gives it.</summary>
public sealed record AssessorDto(string Role, string Name);

/// <summary>
/// Builds the open data from the stores, with the same rules the pages use. Each answer is read in one snapshot of the
/// record, so a file or an answer never mixes two states of it.
/// </summary>
public sealed class OpenData(Database database, CaseClock clock)
{
    public Task<IReadOnlyList<DeficiencyDto>> DeficienciesAsync(string baseUrl, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => DeficienciesAsync(connection, transaction, baseUrl, cancellationToken), cancellationToken);

    /// <summary>One deficiency (null when there is none) and its whole assessment history.</summary>
    public Task<(DeficiencyDto? Deficiency, IReadOnlyList<StatusChangeDto> History)> DeficiencyAsync(string baseUrl, string code, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var deficiency = (await DeficienciesAsync(connection, transaction, baseUrl, cancellationToken)).FirstOrDefault(d => d.Code == code);
            IReadOnlyList<StatusChangeDto> history = deficiency is null
                ? []
                : (await StatusChangesAsync(connection, transaction, cancellationToken)).Where(c => c.SubjectType == "deficiency" && c.SubjectCode == code).ToList();
            return (deficiency, history);
        }, cancellationToken);

    /// <summary>The case's assessors' roles, in its order, and every deficiency: the deficiencies file's columns and rows.</summary>
    public Task<(IReadOnlyList<string> Roles, IReadOnlyList<DeficiencyDto> Deficiencies)> DeficienciesWithRolesAsync(string baseUrl, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var roles = (await CaseStore.GetAsync(connection, transaction, cancellationToken))?.AssessorRoles ?? [Assessors.Regulator];
            return (roles, await DeficienciesAsync(connection, transaction, baseUrl, cancellationToken));
        }, cancellationToken);

    private async Task<IReadOnlyList<DeficiencyDto>> DeficienciesAsync(DbConnection connection, DbTransaction transaction, string baseUrl, CancellationToken cancellationToken)
    {
        var list = await DeficiencyStore.ListAsync(connection, transaction, cancellationToken);
        var latest = await StatusChangeStore.ListLatestAsync(connection, transaction, "deficiency", cancellationToken);
        // The items an aggregate finding counts without saying which status each has: their cell says so, not "None".
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken) ?? new CaseRecord();
        var countedIn = new Dictionary<long, string>();
        foreach (var survey in await SurveyStore.ListAsync(connection, transaction, cancellationToken))
        {
            var counts = RegulatorCount.ForSurvey(survey, list, latest, await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken), record.HeadlineAssessor);
            foreach (var id in counts.CoveredByBasis)
            {
                if (counts.CoveredNote(id, record.HeadlineName) is { } note)
                {
                    countedIn[id] = note;
                }
            }
        }
        var regulatorShort = record.RegulatorShort;
        var links = await DeficiencyStore.ListRepeatsAsync(connection, transaction, cancellationToken);
        var passages = (await LivePassagesAsync(connection, transaction, deficienciesOnly: true, cancellationToken)).ToLookup(p => p.SubjectCode);
        return DeficiencyBoard.Build(list, latest).Select(r =>
        {
            var d = r.Deficiency;
            var chain = DeficiencyRepeat.ChainOf(d.Id, links);
            var repeat = chain.Count > 0 ? RepeatedFinding.For(d, chain, regulatorShort, []) : null;
            return new DeficiencyDto(
                d.Code, d.SurveyKey, d.Slot, d.RegulatorNumber, d.Title, d.Area,
                d.LegalCitation, d.Finding, d.DetailsPublic, d.Confidence,
                r.Latest.ToDictionary(p => p.Key, p => Assessment(p.Value, clock)),
                r.HasDisagreement,
                $"{baseUrl}/deficiencies/{d.Code}",
                d.Withdrawn is { } on ? new FindingWithdrawalDto(on.Iso, d.WithdrawnSourceKey ?? "", d.WithdrawnNote) : null,
                NullIfBlank(d.SurveyRegulator),
                repeat?.Times,
                repeat?.Sentence,
                chain.Select(c => new RepeatDto(c.EarlierCode, c.EarlierSurveyKey, c.EarlierSurveyTitle, NullIfBlank(c.EarlierSurveyRegulator), c.SourceKey)).ToList(),
                passages[d.Code].Select(p => new PassageDto(p.SourceKey, p.Text, p.Check, p.ArchivedCopySha256)).ToList())
            {
                CountedIn = countedIn.GetValueOrDefault(d.Id),
            };
        }).ToList();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Every passage a reader sees under a deficiency, settlement term or timeline item, for passages.csv.</summary>
    public Task<IReadOnlyList<PassageRowDto>> PassagesAsync(CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => LivePassagesAsync(connection, transaction, deficienciesOnly: false, cancellationToken), cancellationToken);

    /// <summary>
    /// The passages quoted under items, exactly as their pages show them: withdrawn passages never, and only the words
    /// of sources the item still cites (a withdrawn source link takes its passages off the item with it).
    /// </summary>
    private static async Task<IReadOnlyList<PassageRowDto>> LivePassagesAsync(DbConnection connection, DbTransaction transaction, bool deficienciesOnly, CancellationToken cancellationToken)
    {
        var all = await PassageStore.ListAsync(connection, transaction, cancellationToken);
        if (all.Count == 0)
        {
            return [];
        }
        var copies = (await ArchivedCopyStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(c => c.Id, c => c.Sha256);
        var rows = new List<PassageRowDto>();
        void Add(string kind, string code, IEnumerable<Passage> passages, IEnumerable<long> cited)
        {
            var citedIds = cited.ToHashSet();
            rows.AddRange(passages.Where(p => citedIds.Contains(p.SourceId)).Select(p => new PassageRowDto(
                kind, code, p.SourceKey, p.Text, p.FoundInCopyId is { } id ? copies.GetValueOrDefault(id) : null, p.VerdictCode)));
        }
        var byItem = new PassageIndex(all);

        // An item's sources are read only for the items that have passages: few have.
        var deficiencyIds = all.Where(p => p.ItemType == "deficiency").Select(p => p.ItemId).ToHashSet();
        foreach (var d in (await DeficiencyStore.ListAsync(connection, transaction, cancellationToken)).Where(d => deficiencyIds.Contains(d.Id)))
        {
            Add("deficiency", d.Code, byItem.For("deficiency", d.Id), (await DeficiencyStore.ListSourcesAsync(connection, transaction, d.Id, cancellationToken)).Select(s => s.Id));
        }
        if (deficienciesOnly)
        {
            return rows;
        }
        var obligationSources = await ObligationStore.ListSourcesAsync(connection, transaction, cancellationToken);
        foreach (var o in await ObligationStore.ListAsync(connection, transaction, cancellationToken))
        {
            Add("obligation", o.Code, byItem.For("obligation", o.Id), obligationSources[o.Id].Select(s => s.Id));
        }
        foreach (var t in await TimelineStore.ListAsync(connection, transaction, cancellationToken))
        {
            Add("timeline-item", t.Code, byItem.For("timeline-item", t.Id), t.Sources.Select(s => s.Id));
        }
        return rows;
    }

    private static AssessmentDto Assessment(StatusChange c, CaseClock clock) => new(
        c.Assessor!, c.ToStatus, c.StatusLabel(c.ToStatus), c.Effective.Iso, c.Confidence, c.Provenance.Basis, c.SourceKind, c.Reason,
        c.SourceKey, NullIfEmpty(c.SourceUrl), clock.Local(c.RecordedAt));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public Task<IReadOnlyList<StatusChangeDto>> StatusChangesAsync(CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => StatusChangesAsync(connection, transaction, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<StatusChangeDto>> StatusChangesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var codes = (await DeficiencyStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(d => d.Id, d => d.Code);
        var obligationCodes = (await ObligationStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(o => o.Id, o => o.Code);
        var all = new List<StatusChange>();
        all.AddRange(await StatusChangeStore.ListForTypeAsync(connection, transaction, "deficiency", cancellationToken));
        all.AddRange(await StatusChangeStore.ListForTypeAsync(connection, transaction, "obligation", cancellationToken));
        return all.OrderBy(c => c.Id).Select(c => new StatusChangeDto(
            c.Id, c.SubjectType,
            (c.SubjectType == "deficiency" ? codes.GetValueOrDefault(c.SubjectId) : obligationCodes.GetValueOrDefault(c.SubjectId)) ?? "",
            c.Assessor, c.FromStatus, c.ToStatus, c.Effective.Iso, clock.Local(c.RecordedAt), c.RecordedBy, c.Reason, c.Confidence,
            c.Provenance.Basis, c.SourceKind, c.SourceKey, NullIfEmpty(c.SourceUrl), c.CorrectsId, c.CorrectedById,
            c.State, c.WithdrawnAt is { } at ? clock.Local(at) : null, c.Withdrawal?.Why)).ToList();
    }

    public Task<IReadOnlyList<ObligationDto>> ObligationsAsync(string baseUrl, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => ObligationsAsync(connection, transaction, baseUrl, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ObligationDto>> ObligationsAsync(DbConnection connection, DbTransaction transaction, string baseUrl, CancellationToken cancellationToken)
    {
        var list = await ObligationStore.ListAsync(connection, transaction, cancellationToken);
        var byId = list.ToDictionary(o => o.Id);
        var ledger = (await ObligationStore.ListLedgerAsync(connection, transaction, cancellationToken)).ToLookup(l => l.ObligationId);
        var sourceLinks = await ObligationStore.ListSourcesAsync(connection, transaction, cancellationToken);
        var status = (await StatusChangeStore.ListLatestAsync(connection, transaction, "obligation", cancellationToken)).ToDictionary(c => c.SubjectId);
        return list.Select(o => new ObligationDto(
            o.Code, o.ParentId is { } p ? byId[p].Code : null, o.Kind, o.Title, o.Description, o.AmountUsd, o.Due?.Iso, o.DueNote,
            status.TryGetValue(o.Id, out var s) ? s.ToStatus : "unknown", s?.Confidence, s?.Provenance.Basis ?? Provenance.NoSource, o.StatusNote, o.Confidence,
            ledger[o.Id].Select(l => new LedgerDto(l.Id, l.Entry, l.AmountUsd, l.Occurred.Iso, l.Confidence, l.Note, NullIfEmpty(l.SourceUrl), l.CorrectsId, l.Counts,
                l.CorrectedById, l.State, l.WithdrawnAt is { } at ? clock.Local(at) : null, l.Withdrawal?.Why)).ToList(),
            sourceLinks[o.Id].Select(x => x.Key).ToList(),
            $"{baseUrl}/settlement#{o.Code}")).ToList();
    }

    public async Task<IReadOnlyList<TimelineDto>> TimelineAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var items = await database.ReadSnapshotAsync((connection, transaction) => TimelineStore.ListAsync(connection, transaction, cancellationToken), cancellationToken);
        return items.Select(t => Timeline(t, today, baseUrl)).ToList();
    }

    public static TimelineDto Timeline(TimelineItem t, DateOnly today, string baseUrl)
    {
        var standing = t.IsDeadline ? DeadlineStanding.Of(t, today) : (DeadlineStanding?)null;
        return new TimelineDto(
            t.Code, t.Kind, t.IsDeadline ? t.DeadlineType ?? DeadlineTypes.Due : null, t.Title, t.Description, t.Occurs.Iso, t.Occurs.PrecisionName,
            t.Alternate?.Iso, t.AlternateNote, t.Status,
            standing?.IsPast, standing is { IsPast: true } p ? p.Days : null, standing is { IsPast: false } f ? f.Days : null, standing?.Outcome,
            standing?.IsOverdue, t.ObligationCode, t.Confidence, t.Sources.Select(s => s.Key).ToList(),
            $"{baseUrl}/timeline#{t.Code}");
    }

    public async Task<IReadOnlyList<SourceDto>> SourcesAsync(CancellationToken cancellationToken) =>
        (await database.ReadSnapshotAsync((connection, transaction) => SourceStore.ListAsync(connection, transaction, cancellationToken), cancellationToken))
            .Select(s => new SourceDto(s.Key, s.Title, s.Publisher, s.Published?.Iso, s.Kind, s.IsPrimary, s.Party, s.IsCopy, s.CopyOfKey, NullIfEmpty(s.Url), s.Note)).ToList();

    /// <summary>The dashboard's figures.</summary>
    public Task<SummaryDto> SummaryAsync(string baseUrl, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => SummaryAsync(connection, transaction, baseUrl, cancellationToken), cancellationToken);

    private async Task<SummaryDto> SummaryAsync(DbConnection connection, DbTransaction transaction, string baseUrl, CancellationToken cancellationToken)
    {
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken) ?? new CaseRecord();
        var survey = (await SurveyStore.ListAsync(connection, transaction, cancellationToken)).FirstOrDefault(s => s.Key == record.PrimarySurveyKey);
        var counts = new List<CountDto>();
        AggregateFinding? basis = null;
        var total = 0;
        var found = 0;
        string? withdrawnNote = null;
        // Null when there is no count to give (no survey, or nothing assessed and no aggregate finding): unknown, not 0.
        CountDto? notCorrected = null;
        PartialDate? latestItem = null;
        if (survey is not null)
        {
            var findings = await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken);
            var count = RegulatorCount.ForSurvey(
                survey, await DeficiencyStore.ListAsync(connection, transaction, cancellationToken), await StatusChangeStore.ListLatestAsync(connection, transaction, "deficiency", cancellationToken), findings, record.HeadlineAssessor);
            basis = count.Basis;
            latestItem = count.LatestItemAssessment;
            total = count.Total;
            found = count.Found;
            withdrawnNote = count.WithdrawnSentence(record.RegulatorShort);
            notCorrected = count.NothingAssessed
                ? null
                : new CountDto("not-corrected", "Not corrected (every uncorrected status)", count.Uncorrected.Min, count.Uncorrected.Max);
            counts = Assessors.Statuses[count.Assessor]
                .Select(t => new CountDto(t.Code, t.Label, count.Of(t.Code).Min, count.Of(t.Code).Max))
                .Where(c => c.Max > 0).ToList();
        }
        var items = await TimelineStore.ListAsync(connection, transaction, cancellationToken);
        var key = items.FirstOrDefault(i => i.Code == record.KeyDeadlineCode);
        var money = Money.From(
            await ObligationStore.ListAsync(connection, transaction, cancellationToken),
            await ObligationStore.ListLedgerAsync(connection, transaction, cancellationToken),
            (await StatusChangeStore.ListLatestAsync(connection, transaction, "obligation", cancellationToken)).ToDictionary(c => c.SubjectId));
        return new SummaryDto(
            record.Title, record.Plan, record.Regulator, survey?.Title ?? "", total, notCorrected, counts, basis?.Title, basis?.Effective.Iso,
            basis?.Confidence, basis?.Provenance.Basis, basis?.Sources.Select(s => s.Key).ToList() ?? [],
            key is null ? null : Timeline(key, clock.Today, baseUrl),
            // A case without a fine or an investment has none: never 0, and the figure is left out (SummaryDto.Has).
            money.HasFine ? money.FineTotal : null, money.FinePaid, money.HasContingent ? money.Contingent : null,
            money.HasInvestment ? money.InvestmentCommitted : null, money.InvestmentReported,
            clock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            record.Assessors.Select(a => new AssessorDto(a.Role, a.Name)).ToList(),
            MoneyTerms(money),
            found,
            found - total,
            withdrawnNote)
        {
            CountsAssessor = record.HeadlineAssessor,
            CountsAddedUpAsOf = latestItem?.Iso,
            Has = (money.HasFine, money.HasContingent, money.HasInvestment),
        };
    }

    private static List<MoneyDto> MoneyTerms(Money money)
    {
        var terms = new List<MoneyDto>();
        terms.AddRange(money.Fines.Select(f => new MoneyDto("fine", f.Code, f.Title, f.Amount, money.Fines.Count == 1 ? money.FinePaid : null, money.Fines.Count == 1 ? money.FineWaived : null)));
        terms.AddRange(money.ContingentTerms.Select(c => new MoneyDto("contingent", c.Code, c.Title, c.Amount, null, null)));
        terms.AddRange(money.Investments.Select(i => new MoneyDto("investment", i.Code, i.Title, i.Amount, null, null)));
        terms.AddRange(money.Restitutions.Select(r => new MoneyDto("restitution", r.Code, r.Title, r.Amount, money.Restitutions.Count == 1 ? money.RestitutionPaid : null, null)));
        terms.AddRange(money.Ceilings.Select(c => new MoneyDto("ceiling", c.Code, c.Title, c.Amount, null, null)));
        terms.AddRange(money.OtherAmounts.Select(o => new MoneyDto("other", o.Code, o.Title, o.Amount, null, null)));
        return terms;
    }
}
