using System.Data.Common;
using System.Globalization;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Requests;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Web.Features.Brief;

/// <summary>
/// The aide's brief: what was promised, what has passed and how it ended, what comes next, what happened since a date,
/// and what the record cannot answer yet. One model, read by the page and by the PDF renderer: no database, no clock.
/// </summary>
public sealed partial record Brief
{
    public required DateOnly Today { get; init; }
    public required string ZoneName { get; init; }
    public required string BaseUrl { get; init; }
    public required CaseRecord Case { get; init; }

    /// <summary>The headline figures: the regulator's count, the key deadline, the money — those the case has.</summary>
    public required IReadOnlyList<BriefFigure> Figures { get; init; }

    /// <summary>Every passed deadline with its outcome, oldest first.</summary>
    public required IReadOnlyList<BriefDeadline> Passed { get; init; }

    /// <summary>Passed deadlines older than those listed, left to the timeline so the brief keeps to two pages.</summary>
    public int PassedLeft { get; init; }

    /// <summary>The next dated items, soonest first.</summary>
    public required IReadOnlyList<BriefDeadline> Next { get; init; }

    public required BriefSince Since { get; init; }

    /// <summary>The dates beside the date box: the last edition, 30 and 90 days, the case's milestones.</summary>
    public IReadOnlyList<BriefPreset> Presets { get; init; } = [];

    /// <summary>What took effect after <see cref="Since"/>, oldest first.</summary>
    public required IReadOnlyList<BriefChange> Changes { get; init; }

    /// <summary>
    /// What was recorded after <see cref="Since"/> but took effect on or before its day (a finding learned late), in
    /// the order recorded. An entry that took effect after the day is in <see cref="Changes"/> only.
    /// </summary>
    public IReadOnlyList<BriefChange> Recorded { get; init; } = [];

    public required IReadOnlyList<BriefQuestion> Questions { get; init; }

    /// <summary>Public records requests sent and not yet answered, oldest first.</summary>
    public IReadOnlyList<AskedRow> Asked { get; init; } = [];

    /// <summary>Where a settlement term's status, ledger and deadline outcome contradict each other, in words.</summary>
    public IReadOnlyList<BriefDisagreement> Disagreements { get; init; } = [];

    /// <summary>Deficiencies of the primary survey that a source ties to earlier findings of the same failure.</summary>
    public required IReadOnlyList<RepeatedFinding> Repeats { get; init; }

    /// <summary>Findings found before beyond those listed, left to their pages so the brief keeps to two pages.</summary>
    public int RepeatsLeft { get; init; }

    public required IReadOnlyList<ReportSource> Sources { get; init; }

    public string Title => $"Brief: {Case.Title}";

    /// <summary>"compliancetracker-brief-kp-dmhc-2026-12-02-since-2025-05-06.pdf": the case and the day in the name.</summary>
    public string FileName => FileNameFor(Case.Key, Today, Since.Date);

    public static string FileNameFor(string caseKey, DateOnly today, DateOnly since)
    {
        var key = new string([.. caseKey.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return string.Create(CultureInfo.InvariantCulture, $"compliancetracker-brief-{(key.Length == 0 ? "case" : key)}-{today:yyyy-MM-dd}-since-{since:yyyy-MM-dd}.pdf");
    }

    public string Link(string path) => BaseUrl.TrimEnd('/') + path;
}

/// <summary>A date beside the date box: "edition 3 (1 December 2026)", "the last 30 days", a milestone of the case.</summary>
public sealed record BriefPreset(string Label, DateOnly Date, bool Current)
{
    public string Path => "/brief?since=" + Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Label: "Deficiencies not corrected"; Figure: "19 of 20"; AsOf: "DMHC's count as of March 2025, 20 months ago; no newer finding on record."; Lines: Further sentences: what the count adds up, what is unknown; Provenance: Who gives the figure and how sure, when it is a status; Sources: Numbers in the brief's source list, best first; Path: Where the figure is explained on the site.</summary>
public sealed record BriefFigure(string Label, string Figure, string? AsOf, IReadOnlyList<string> Lines, Provenance? Provenance, IReadOnlyList<int> Sources, string Path);

/// <summary>Standing: "ended 408 days ago, outcome unknown", "12 days left"; Outcome: For a passed deadline: "Missed", "Met", "Outcome unknown"…; null for what is still to come.</summary>
public sealed record BriefDeadline(string Code, string Title, string When, bool IsDeadline, string Standing, string? Outcome, bool OutcomeUnknown, int Days, string Path, IReadOnlyList<int> Sources);

/// <summary>Date: The date given (defaults to the previous edition's day); Label: "edition 3 (1 December 2026)" or "6 May 2025"; IsDefault: True when no date was asked for.</summary>
public sealed record BriefSince(DateOnly Date, string Label, bool IsDefault)
{
    /// <summary>
    /// An entry recorded after this instant counts as recorded since: the end of <see cref="Date"/> in the case's time
    /// zone, or for an edition the instant it was made, so nothing recorded later that day is missed.
    /// </summary>
    public DateTimeOffset RecordedAfter { get; init; }

    /// <summary>The edition the date is the day of, when it is.</summary>
    public int? Edition { get; init; }
}

/// <summary>When: "24 March 2025", "October 2025"; Kind: "Status", "Finding", "Event", "Deadline passed", "Money"; Recorded: for an entry listed by the date it was recorded, that day ("27 November 2026").</summary>
public sealed record BriefChange(PartialDate Date, string When, string Kind, string Item, string What, Provenance? Provenance, string Path, IReadOnlyList<int> Sources, string? Recorded = null);

/// <summary>Item: "O-1a $40 million of the fine, paid up front"; Text: the disagreement in a sentence, as the settlement page gives it.</summary>
public sealed record BriefDisagreement(string Item, string Text, string Path);

/// <summary>Question: "Were the $40M due by 21 October 2023 paid?"; Why: What the record holds and lacks; Ask: Whom to ask: the regulator, the plan, or both, by name.</summary>
public sealed record BriefQuestion(string Question, string Why, string Ask, string Path)
{
    /// <summary>The question's key ("paid:O-1a"), which a records request drafted from it keeps.</summary>
    public string Key { get; init; } = "";

    /// <summary>The public records requests asked about it: "Asked DMHC on 9 December 2026 (due 19 December 2026)."</summary>
    public IReadOnlyList<AskedMention> Asked { get; init; } = [];
}

/// <summary>Times: How many times the regulator has found this failure: the earlier findings and this one; Earlier: "RS-02, 2012 routine survey (January 2012)", oldest first.</summary>

/// <summary>Reads the stores and builds the brief for a day and a "since" date, every read in one snapshot of the record.</summary>
public sealed class BriefQuery(Database database, ReportAddress address, CaseClock clock, RecordsLaws laws)
{
    /// <summary>How many dated items the "next" list gives.</summary>
    public const int NextCount = 5;

    /// <summary>
    /// How many passed deadlines and repeated findings the brief lists (the newest deadlines; the repeats in code
    /// order): a larger case says how many more there are and where, rather than running past two pages.
    /// </summary>
    public const int PassedCount = 8;

    public const int RepeatsCount = 4;

    /// <summary>How many sources an item of the brief cites, best first; its page lists every one.</summary>
    public const int BestSources = 2;

    /// <summary>Without a date and without an edition: the last 30 days.</summary>
    public const int DefaultDays = 30;

    /// <summary>The longer of the two spans beside the date box.</summary>
    public const int LongerDays = 90;

    public Task<Brief> BuildAsync(DateOnly? since, CancellationToken cancellationToken = default) =>
        database.ReadSnapshotAsync((connection, transaction) => BuildAsync(connection, transaction, since, cancellationToken), cancellationToken);

    private async Task<Brief> BuildAsync(DbConnection connection, DbTransaction transaction, DateOnly? since, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken) ?? new CaseRecord { Title = "No case loaded" };
        var allSources = (await SourceStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(s => s.Id);
        var refs = new StatusReportQuery.SourceNumbers(allSources);
        var regulatorName = string.IsNullOrEmpty(record.RegulatorShort) ? "the regulator" : record.RegulatorShort;
        var headlineName = string.IsNullOrEmpty(record.HeadlineName) ? "the " + Assessors.Label(record.HeadlineAssessor).ToLowerInvariant() : record.HeadlineName;
        var planName = string.IsNullOrEmpty(record.Plan) ? "the health plan" : record.Plan.Split(',')[0];

        var latestEdition = await EditionStore.LatestAsync(connection, transaction, cancellationToken);
        var sinceInfo = Since(since, today, latestEdition);

        // The brief is two pages: each item cites its best sources; the item's page lists them all.
        IReadOnlyList<int> Best(IEnumerable<Source> of) => refs.Cite(Source.BestFirst(of).Take(BestSources).Select(s => s.Id), keepOrder: true);

        var allSurveys = await SurveyStore.ListAsync(connection, transaction, cancellationToken);
        var survey = allSurveys.FirstOrDefault(s => s.Key == record.PrimarySurveyKey);
        var allDeficiencies = await DeficiencyStore.ListAsync(connection, transaction, cancellationToken);
        var latestDeficiency = await StatusChangeStore.ListLatestAsync(connection, transaction, "deficiency", cancellationToken);
        var items = await TimelineStore.ListAsync(connection, transaction, cancellationToken);
        var obligationList = await ObligationStore.ListAsync(connection, transaction, cancellationToken);
        var ledger = await ObligationStore.ListLedgerAsync(connection, transaction, cancellationToken);
        var obligationStatus = (await StatusChangeStore.ListLatestAsync(connection, transaction, "obligation", cancellationToken)).ToDictionary(c => c.SubjectId);
        var citations = (await SourceStore.ListCitationsAsync(connection, transaction, cancellationToken)).SelectMany(g => g).ToLookup(c => (c.ItemType, c.Code), c => c.SourceId);

        var figures = new List<BriefFigure>();
        var questions = new List<BriefQuestion>();
        RegulatorCount? counts = null;
        IReadOnlyList<AggregateFinding> findings = [];
        if (survey is not null)
        {
            findings = await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken);
            counts = RegulatorCount.ForSurvey(survey, allDeficiencies, latestDeficiency, findings, record.HeadlineAssessor);
            var lines = new List<string>();
            if (counts.CountsSentence(record.HeadlineName) is { } countsSentence)
            {
                lines.Add(countsSentence);
            }
            // Another assessor's aggregate finding is on record as what it is, not folded into the headline's count.
            foreach (var other in findings.Where(f => f.Assessor != record.HeadlineAssessor).GroupBy(f => f.Assessor).Select(g => g.First()))
            {
                var name = record.Assessors.FirstOrDefault(a => a.Role == other.Assessor)?.Name ?? Assessors.Label(other.Assessor);
                var tally = Format.List(other.OrderedCounts.Where(c => c.Count > 0).Select(c => $"{c.Count.ToString("N0", Format.Us)} {c.Status.Label.ToLowerInvariant()}"));
                lines.Add($"Also on record, not counted here: {name}'s aggregate finding “{other.Title}” ({other.Effective}): {tally} of {other.Total.ToString("N0", Format.Us)}.");
            }
            figures.Add(new BriefFigure(
                counts.FigureLabel,
                counts.Figure,
                string.Join(" ", new[] { counts.WithdrawnSentence(record.RegulatorShort), counts.AsOfSentence(record.HeadlineName, today), counts.DisagreementSentence(record.HeadlineName), counts.ContradictionSentence(record) }.OfType<string>()) is { Length: > 0 } asOfSentence ? asOfSentence : null,
                lines,
                counts.Basis?.Provenance,
                counts.Basis is null ? [] : refs.Cite(counts.Basis.Sources.Take(BestSources).Select(s => s.Id), keepOrder: true),
                $"/deficiencies?survey={Uri.EscapeDataString(survey.Key)}"));
        }

        if (items.FirstOrDefault(i => i.Code == record.KeyDeadlineCode) is { } key)
        {
            var standing = DeadlineStanding.Of(key, today);
            figures.Add(new BriefFigure(
                $"— {key.Title}: {standing.Describe()}",
                $"{key.Occurs} deadline",
                key.Occurs.Precision == DatePrecision.Day ? null : $"The sources give this date only to the {key.Occurs.PrecisionName}; days are counted from its last day, {Format.Day(key.Occurs.End)}.",
                [],
                null,
                Best(key.Sources),
                "/timeline#" + key.Code));
        }

        var money = Money.From(obligationList, ledger, obligationStatus);
        if (!money.IsEmpty)
        {
            var lines = new List<string>();
            if (money.HasFine)
            {
                if (money.Fines.Count > 1)
                {
                    lines.Add(money.FineSentence);
                }
                var (known, unknown) = money.Payment;
                lines.Add(unknown is null ? known : $"{known} {unknown}");
                lines.AddRange(money.ContingentSentences);
            }
            if (money.HasInvestment)
            {
                if (money.Investments.Count > 1)
                {
                    lines.Add(money.InvestmentSentence.TrimEnd(';') + ".");
                }
                var (known, unknown) = money.Spending;
                lines.Add(unknown is null ? known : $"{(known.Length > 0 ? known + " " : "")}{char.ToUpperInvariant(unknown[0])}{unknown[1..]}");
            }
            lines.AddRange(money.OtherSentences);
            var moneySources = obligationList.Where(o => o.ParentId is null && Money.MoneyKinds.Contains(o.Kind))
                .SelectMany(o => citations[("obligation", o.Code)]);
            figures.Add(new BriefFigure(
                "on record",
                money.Figure,
                money.LatestFigureOn is { } on ? $"Newest money figure on record: {on}, {Format.Age(on.End, today)}." : null,
                lines,
                null,
                refs.Cite(moneySources),
                "/settlement"));
        }

        BriefDeadline Dated(TimelineItem i)
        {
            var standing = DeadlineStanding.Of(i, today);
            var passed = i.IsDeadline && standing.IsPast;
            return new BriefDeadline(
                i.Code,
                i.Title,
                i.Occurs.ToString(),
                i.IsDeadline,
                i.IsDeadline ? standing.Describe() : Format.Plural(standing.Days, "day", "days") + (standing.IsPast ? " ago" : " from now"),
                passed ? DeadlineOutcomes.Label(standing.Outcome ?? DeadlineOutcomes.Unknown) : null,
                passed && standing.IsOutcomeUnknown,
                standing.Days,
                "/timeline#" + i.Code,
                Best(i.Sources));
        }

        var passed = items.Where(i => DeadlineStanding.HasPassed(i, today)).OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        var next = items.Where(i => i.Occurs.End >= today).OrderBy(i => i.Occurs.End).ThenBy(i => i.Id).Take(NextCount).ToList();

        var stories = ObligationStory.ForAll(obligationList, ledger, obligationStatus, items, today);
        var disagreements = obligationList.Select(o => stories[o.Id])
            .SelectMany(story => story.Disagreements.Select(text => new BriefDisagreement(story.Label, text, story.Path)))
            .ToList();

        var (changes, recorded) = await ChangesAsync(connection, transaction, sinceInfo, today, findings, allSurveys, items, obligationList, ledger, refs, cancellationToken);

        // Questions: what the record lacks, each to whoever could answer it.
        if (survey is not null && counts is not null)
        {
            var ofSurvey = allDeficiencies.Where(d => d.SurveyId == survey.Id).ToList();
            var undisclosed = ofSurvey.Count(d => !d.DetailsPublic);
            var surveyPath = $"/deficiencies?survey={Uri.EscapeDataString(survey.Key)}";
            if (undisclosed > 0)
            {
                questions.Add(new BriefQuestion(
                    $"What are the {Format.Plural(undisclosed, "deficiency", "deficiencies")} of the {survey.Title} that this record does not yet describe?",
                    $"{undisclosed} of {ofSurvey.Count} have no title or finding in this record yet.",
                    $"{regulatorName} or {planName}",
                    surveyPath)
                { Key = RequestOrigins.Key(RequestOrigins.Undescribed, survey.Key) });
            }
            var corrected = counts.Of("corrected");
            var pinned = latestDeficiency.Count(c => c.Assessor == counts.Assessor && c.ToStatus == "corrected" && ofSurvey.Any(d => d.Id == c.SubjectId));
            var assessorWords = "the " + Assessors.Label(counts.Assessor).ToLowerInvariant();
            // Only items the aggregate counts without saying which leave "which ones" open; where every item has its
            // own status, what is open is which of the document's own figures is right.
            if (counts.Basis is not null && corrected.Max > 0 && pinned < corrected.Max && counts.CoveredByBasis.Count > 0)
            {
                questions.Add(new BriefQuestion(
                    corrected.Max == 1 ? $"Which deficiency did {assessorWords} find corrected?" : $"Which deficiencies did {assessorWords} find corrected?",
                    $"{counts.Basis.Title} gives {corrected} as corrected; {(corrected.Max == 1 ? "which one is" : "which ones are")} not in this record.",
                    headlineName,
                    surveyPath)
                { Key = RequestOrigins.Key(RequestOrigins.Corrected, survey.Key) });
            }
            if (counts.DisagreementFigures is { } documentFigures)
            {
                questions.Add(new BriefQuestion(
                    $"Which of the figures in “{counts.Basis!.Title}” is right: its count or its item-by-item list?",
                    $"It gives {documentFigures}.",
                    headlineName,
                    surveyPath));
            }
            if (counts.Basis is not null && counts.NewerAssessments == 0)
            {
                questions.Add(new BriefQuestion(
                    $"Has {headlineName} assessed the deficiencies since {counts.Basis.Effective.ToString(DatePrecision.Month)}?",
                    $"The latest count on record is from {counts.Basis.Effective.ToString(DatePrecision.Month)}, {Format.Age(counts.Basis.Effective.End, today)}; no later finding is on record.",
                    regulatorName,
                    surveyPath)
                { Key = RequestOrigins.Key(RequestOrigins.Assessed, survey.Key) });
            }
        }

        var byId = obligationList.ToDictionary(o => o.Id);
        bool Under(Obligation o, string kind) => o.Kind == kind || (o.ParentId is { } p && byId.TryGetValue(p, out var parent) && Under(parent, kind));
        var asked = new HashSet<long>();
        foreach (var o in obligationList.Where(o => Under(o, "payment") && o.AmountUsd is not null && o.Due is { } due && due.End < today))
        {
            var paid = ledger.Any(l => l.ObligationId == o.Id && l.Entry == "paid" && l.Counts);
            var status = obligationStatus.GetValueOrDefault(o.Id)?.ToStatus ?? "unknown";
            if (!paid && status is "unknown" or "pending")
            {
                asked.Add(o.Id);
                questions.Add(new BriefQuestion(
                    $"Was the {Format.Usd(o.AmountUsd!.Value)} due {(o.Due!.Value.Precision == DatePrecision.Day ? "by " : "in ")}{o.Due} paid?",
                    $"{o.Title}: no source on record confirms payment.",
                    $"{planName} or {regulatorName}",
                    "/settlement#" + o.Code)
                { Key = RequestOrigins.Key(RequestOrigins.Paid, o.Code) });
            }
        }
        foreach (var o in obligationList.Where(o => o.ParentId is null && o.Kind == "investment" && o.AmountUsd is > 0))
        {
            if (!ledger.Any(l => l.ObligationId == o.Id && l.Entry == "reported-spent" && l.Counts))
            {
                questions.Add(new BriefQuestion(
                    $"How much of the {Format.Usd(o.AmountUsd!.Value)} has been spent, and on what?",
                    $"{o.Title}: no source on record reports any spending.",
                    planName,
                    "/settlement#" + o.Code)
                { Key = RequestOrigins.Key(RequestOrigins.Spent, o.Code) });
            }
        }
        foreach (var i in passed.Where(i => DeadlineStanding.Of(i, today).IsOutcomeUnknown))
        {
            // A term whose record disagrees with itself is listed with the disagreement: "no source says" would not be true.
            if (i.ObligationId is { } oid && (asked.Contains(oid) || stories.GetValueOrDefault(oid)?.HasDisagreement == true))
            {
                continue;
            }
            var standing = DeadlineStanding.Of(i, today);
            questions.Add(new BriefQuestion(
                i.DeadlineType == DeadlineTypes.PeriodEnd ? $"What came of “{i.Title}” ({i.Occurs})?" : $"Was the deadline “{i.Title}” ({i.Occurs}) met?",
                $"It {standing.Describe().Replace(", outcome unknown", "", StringComparison.Ordinal)}; {NoOutcome(i, regulatorName)}",
                regulatorName,
                "/timeline#" + i.Code)
            { Key = RequestOrigins.Key(RequestOrigins.Outcome, i.Code) });
        }

        // Capped before they are cited, so the source list holds only what the brief shows.
        var repeats = await RepeatsAsync(connection, transaction, survey, allDeficiencies, record.RegulatorShort, refs, RepeatsCount, cancellationToken);
        var passedShown = passed.Skip(Math.Max(0, passed.Count - PassedCount)).ToList();

        // What has been asked of an agency about each question, and what is still unanswered: public requests only.
        var requests = await RequestsQuery.ListAsync(connection, transaction, laws, today, includePrivate: false, cancellationToken);
        questions = questions.Select(q => q with { Asked = BriefRequests.Mentions(requests, q.Key) }).ToList();

        return new Brief
        {
            Today = today,
            ZoneName = clock.ZoneName,
            BaseUrl = address.BaseUrl,
            Case = record,
            Figures = figures,
            Passed = passedShown.Select(Dated).ToList(),
            PassedLeft = passed.Count - passedShown.Count,
            Next = next.Select(Dated).ToList(),
            Since = sinceInfo,
            Presets = Presets(sinceInfo, today, latestEdition, items, record.KeyDeadlineCode),
            Changes = changes,
            Recorded = recorded,
            Questions = questions,
            Disagreements = disagreements,
            Repeats = repeats.Shown,
            RepeatsLeft = repeats.Left,
            Asked = BriefRequests.Awaiting(requests),
            Sources = refs.List(),
        };
    }

    private BriefSince Since(DateOnly? since, DateOnly today, Edition? latest)
    {
        // The latest edition's day, asked for or by default, is that edition: what was recorded after it was made counts,
        // even later the same day.
        if (latest is not null && (since is null || since == clock.DateOf(latest.AsOf)))
        {
            var day = clock.DateOf(latest.AsOf);
            return new BriefSince(day, $"edition {latest.Number.ToString(CultureInfo.InvariantCulture)} ({Format.Day(day)})", IsDefault: since is null)
            {
                RecordedAfter = latest.AsOf,
                Edition = latest.Number,
            };
        }
        if (since is { } asked)
        {
            return new BriefSince(asked, Format.Day(asked), IsDefault: false) { RecordedAfter = EndOf(asked) };
        }
        var fallback = today.AddDays(-DefaultDays);
        return new BriefSince(fallback, $"{Format.Day(fallback)} (the last {DefaultDays} days; no edition yet)", IsDefault: true) { RecordedAfter = EndOf(fallback) };
    }

    /// <summary>The last instant of a day in the case's time zone.</summary>
    private DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), clock.Zone);
        return new DateTimeOffset(midnight, TimeSpan.Zero).AddTicks(-1);
    }

    /// <summary>The last edition, 30 and 90 days, then the case's milestones (and its key deadline) that have begun, latest first.</summary>
    private IReadOnlyList<BriefPreset> Presets(BriefSince since, DateOnly today, Edition? latest, IReadOnlyList<TimelineItem> items, string? keyDeadlineCode)
    {
        var presets = new List<(string Label, DateOnly Date)>();
        if (latest is not null)
        {
            var day = clock.DateOf(latest.AsOf);
            presets.Add(($"edition {latest.Number.ToString(CultureInfo.InvariantCulture)} ({Format.Day(day)})", day));
        }
        presets.Add(($"the last {DefaultDays} days", today.AddDays(-DefaultDays)));
        presets.Add(($"the last {LongerDays} days", today.AddDays(-LongerDays)));
        presets.AddRange(items
            .Where(i => (i.Milestone || i.Code == keyDeadlineCode) && i.Occurs.Start <= today && PartialDate.IsYearInBounds(i.Occurs.Start))
            .OrderByDescending(i => i.SortDay).ThenByDescending(i => i.Occurs).ThenByDescending(i => i.Id)
            .Select(i => ($"{i.Title} ({i.Occurs})", i.Occurs.Start)));
        var current = presets.FindIndex(p => p.Date == since.Date);
        return presets.Select((p, n) => new BriefPreset(p.Label, p.Date, n == current)).ToList();
    }

    /// <summary>
    /// What took effect after <paramref name="sinceInfo"/>'s day up to today, by the date it took effect: status entries,
    /// the regulator's aggregate findings, events, money entries and deadlines that passed. An item dated only to a
    /// month or year counts when its period ends after the day. Then, apart, what was recorded after it but took
    /// effect on or before the day: status entries, events and deadlines, money entries learned late. Entries loaded
    /// from the case files were recorded when the record began, not when anyone learned them: they count by date only.
    /// </summary>
    private async Task<(IReadOnlyList<BriefChange> TookEffect, IReadOnlyList<BriefChange> Recorded)> ChangesAsync(
        DbConnection connection,
        DbTransaction transaction,
        BriefSince sinceInfo,
        DateOnly today,
        IReadOnlyList<AggregateFinding> primaryFindings,
        IReadOnlyList<Survey> allSurveys,
        IReadOnlyList<TimelineItem> items,
        IReadOnlyList<Obligation> obligationList,
        IReadOnlyList<LedgerEntry> ledger,
        StatusReportQuery.SourceNumbers refs,
        CancellationToken cancellationToken)
    {
        var since = sinceInfo.Date;
        bool After(PartialDate date) => date.End > since && date.Start <= today;
        var changes = new List<BriefChange>();

        // Stored dates are the start of their period: a year-dated entry starts up to a year before it ends.
        foreach (var c in await StatusChangeStore.ListEffectiveFromAsync(connection, transaction, since.AddYears(-1), cancellationToken))
        {
            if (!After(c.Effective) || !c.Stands)
            {
                continue;
            }
            var path = c.SubjectType switch
            {
                "deficiency" => "/deficiencies/" + c.SubjectCode,
                "obligation" => "/settlement#" + c.SubjectCode,
                _ => "/timeline#" + c.SubjectCode,
            };
            changes.Add(new BriefChange(c.Effective, c.Effective.ToString(), "Status", $"{c.SubjectCode} {c.SubjectLabel}", c.Movement, c.Provenance, path,
                c.SourceId is { } s ? refs.Cite([s]) : []));
        }

        var findings = new List<(Survey Survey, AggregateFinding Finding)>();
        foreach (var survey in allSurveys)
        {
            var ofSurvey = primaryFindings.Count > 0 && primaryFindings[0].SurveyId == survey.Id
                ? primaryFindings
                : await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken);
            findings.AddRange(ofSurvey.Select(f => (survey, f)));
        }
        foreach (var (survey, f) in findings.Where(x => After(x.Finding.Effective)))
        {
            var what = string.Join(", ", f.OrderedCounts.Select(x => $"{x.Count} {x.Status.Label.ToLowerInvariant()}")) + $" of {f.Total}";
            changes.Add(new BriefChange(f.Effective, f.Effective.ToString(), "Finding", f.Title, what, f.Provenance,
                $"/deficiencies?survey={Uri.EscapeDataString(survey.Key)}", refs.Cite(f.Sources.Select(s => s.Id), keepOrder: true)));
        }

        foreach (var i in items.Where(i => After(i.Occurs)))
        {
            if (i.IsDeadline && i.Occurs.End >= today)
            {
                continue;
            }
            var standing = DeadlineStanding.Of(i, today);
            changes.Add(new BriefChange(i.Occurs, i.Occurs.ToString(), i.IsDeadline ? "Deadline" : "Event", i.Title,
                i.IsDeadline ? standing.Describe() : "", null, "/timeline#" + i.Code,
                refs.Cite(Source.BestFirst(i.Sources).Take(BestSources).Select(s => s.Id), keepOrder: true)));
        }

        var obligationById = obligationList.ToDictionary(o => o.Id);
        foreach (var l in ledger.Where(l => l.Counts && After(l.Occurred)))
        {
            var o = obligationById.GetValueOrDefault(l.ObligationId);
            changes.Add(new BriefChange(l.Occurred, l.Occurred.ToString(), "Money", o is null ? "" : $"{o.Code} {o.Title}",
                $"{l.EntryLabel} {Format.Usd(l.AmountUsd)}", null, "/settlement#" + o?.Code, l.SourceId is { } s ? refs.Cite([s]) : []));
        }

        var tookEffect = changes.OrderBy(c => c.Date.End).ThenBy(c => c.Date.Start).ThenBy(c => c.Item, StringComparer.Ordinal).ToList();

        // Learned late: recorded after the date, dated on or before it (a later date is listed above, once).
        bool Learned(DateTimeOffset recordedAt, string recordedBy, PartialDate date) =>
            recordedAt > sinceInfo.RecordedAfter && recordedBy != SeedLoader.RecordedBy && date.End <= since;
        var recorded = new List<(DateTimeOffset At, long Order, BriefChange Change)>();
        string Day(DateTimeOffset instant) => Format.Day(clock.DateOf(instant));

        foreach (var c in await StatusChangeStore.ListRecordedAfterAsync(connection, transaction, sinceInfo.RecordedAfter, cancellationToken))
        {
            if (!Learned(c.RecordedAt, c.RecordedBy, c.Effective) || !c.Stands)
            {
                continue;
            }
            var path = c.SubjectType switch
            {
                "deficiency" => "/deficiencies/" + c.SubjectCode,
                "obligation" => "/settlement#" + c.SubjectCode,
                _ => "/timeline#" + c.SubjectCode,
            };
            recorded.Add((c.RecordedAt, c.Id, new BriefChange(c.Effective, c.Effective.ToString(), "Status", $"{c.SubjectCode} {c.SubjectLabel}", c.Movement, c.Provenance, path,
                c.SourceId is { } s ? refs.Cite([s]) : [], Day(c.RecordedAt))));
        }

        foreach (var i in items.Where(i => Learned(i.RecordedAt, i.RecordedBy, i.Occurs)))
        {
            var standing = DeadlineStanding.Of(i, today);
            recorded.Add((i.RecordedAt, i.Id, new BriefChange(i.Occurs, i.Occurs.ToString(), i.IsDeadline ? "Deadline" : "Event", i.Title,
                i.IsDeadline ? standing.Describe() : "", null, "/timeline#" + i.Code,
                refs.Cite(Source.BestFirst(i.Sources).Take(BestSources).Select(s => s.Id), keepOrder: true), Day(i.RecordedAt))));
        }

        foreach (var l in ledger.Where(l => l.Counts && Learned(l.RecordedAt, l.RecordedBy, l.Occurred)))
        {
            var o = obligationById.GetValueOrDefault(l.ObligationId);
            recorded.Add((l.RecordedAt, l.Id, new BriefChange(l.Occurred, l.Occurred.ToString(), "Money", o is null ? "" : $"{o.Code} {o.Title}",
                $"{l.EntryLabel} {Format.Usd(l.AmountUsd)}", null, "/settlement#" + o?.Code, l.SourceId is { } s ? refs.Cite([s]) : [], Day(l.RecordedAt))));
        }

        return (tookEffect, recorded.OrderBy(r => r.At).ThenBy(r => r.Order).Select(r => r.Change).ToList());
    }

    /// <summary>
    /// What the record lacks about a passed deadline's outcome, said no more broadly than is true: where another party
    /// wrote about it from its date on (a union's account of the end of a period), it is the regulator's word that is
    /// missing, not every source's.
    /// </summary>
    public static string NoOutcome(TimelineItem item, string regulatorName)
    {
        var since = item.Sources.Where(s => s.PublishedOn is { } on && on >= item.Occurs.Start).ToList();
        if (since.Any(s => s.Party == Assessors.Regulator))
        {
            return "the sources on record give no outcome.";
        }
        return since.Count > 0
            ? $"no {regulatorName} source on record says what happened."
            : "no source on record says what happened.";
    }

    private static async Task<(IReadOnlyList<RepeatedFinding> Shown, int Left)> RepeatsAsync(DbConnection connection, DbTransaction transaction, Survey? survey, IReadOnlyList<Deficiency> allDeficiencies, string regulatorShort, StatusReportQuery.SourceNumbers refs, int count, CancellationToken cancellationToken)
    {
        if (survey is null)
        {
            return ([], 0);
        }
        var links = await DeficiencyStore.ListRepeatsAsync(connection, transaction, cancellationToken);
        var repeated = DeficiencyRepeat.Chains(allDeficiencies.Where(d => d.SurveyId == survey.Id), links).Select(x => x.Deficiency).ToList();
        return (RepeatedFinding.Of(repeated.Take(count), links, regulatorShort, ids => refs.Cite(ids)), Math.Max(0, repeated.Count - count));
    }
}
