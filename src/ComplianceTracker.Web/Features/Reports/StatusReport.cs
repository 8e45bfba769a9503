using System.Data.Common;
using System.Globalization;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>Everything one edition of the status report says, ready to render: no database, no clock.</summary>
public sealed record StatusReport
{
    public required int Edition { get; init; }

    /// <summary>
    /// The report as it would read if an edition were made now (<c>/reports/current</c>), not a published edition: its
    /// sentences say "now" and "today" where an edition's say "this edition".
    /// </summary>
    public bool Draft { get; init; }
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The as-of day in the case's time zone: the "today" that days overdue are counted to.</summary>
    public required DateOnly AsOfDate { get; init; }

    public int? PreviousEdition { get; init; }
    public DateTimeOffset? PreviousAsOf { get; init; }
    public DateOnly? PreviousAsOfDate { get; init; }

    public required string BaseUrl { get; init; }
    public required ReportCase Case { get; init; }
    public ReportHeadline? Headline { get; init; }
    public ReportDeadline? KeyDeadline { get; init; }
    public required Money Money { get; init; }
    public required IReadOnlyList<int> MoneySources { get; init; }
    public required IReadOnlyList<ReportChange> Changes { get; init; }
    public string? SurveyTitle { get; init; }
    public required IReadOnlyList<ReportDeficiency> Deficiencies { get; init; }

    /// <summary>Deficiencies a source ties to earlier findings of the same failure: how many times it has been found.</summary>
    public IReadOnlyList<RepeatedFinding> Repeats { get; init; } = [];
    public required IReadOnlyList<ReportObligation> Obligations { get; init; }
    public required ReportTimeline Timeline { get; init; }
    public required IReadOnlyList<ReportSource> Sources { get; init; }
    public required IReadOnlyList<ReportVocabulary> Vocabularies { get; init; }

    /// <summary>The case's assessors, in its order: the deficiency table has a column for each.</summary>
    public IReadOnlyList<ReportAssessor> Assessors { get; init; } = [];

    /// <summary>Whose findings make the headline (the regulator unless the case names the monitor): its column carries the aggregate's notes.</summary>
    public string HeadlineAssessor { get; init; } = Shared.Assessors.Regulator;

    /// <summary>"How to read this report": the rules the app applies, written from its vocabularies, read by both renderings.</summary>
    public required IReadOnlyList<ReportParagraph> HowToRead { get; init; }

    /// <summary>The case's time zone as readers know it ("Pacific Time (Los Angeles)").</summary>
    public string ZoneName { get; init; } = "";

    public string Title => $"ComplianceTracker status report, edition {Edition}";

    public string Subject => $"{Case.Title} — the record as of {Format.Day(AsOfDate)}";

    /// <summary>The full address of a page of the site.</summary>
    public string Link(string path) => BaseUrl.TrimEnd('/') + path;
}

/// <summary>One of the case's assessors: "regulator", "Regulator", "DMHC".</summary>
public sealed record ReportAssessor(string Role, string Label, string Name);

/// <summary>One paragraph of explanatory text, under an optional heading.</summary>
public sealed record ReportParagraph(string? Heading, string Text);

public sealed record ReportCase(string Title, string Plan, string Regulator, string RegulatorShort, string Summary)
{
    /// <summary>What the case's obligations come from: the settlement section's title and sentences follow it.</summary>
    public Cases.ObligationOrigins.Origin Origin { get; init; } = Cases.ObligationOrigins.Of(null);
}

/// <summary>The regulator's count for the primary survey, as the dashboard gives it.</summary>
public sealed record ReportHeadline
{
    public required CountRange NotCorrected { get; init; }
    public required int Total { get; init; }
    public required IReadOnlyList<(string Code, string Label, CountRange Count)> ByStatus { get; init; }
    public string? BasisTitle { get; init; }

    /// <summary>"March 2025": the aggregate finding's date at month precision, as the dashboard shows it.</summary>
    public string? BasisPeriod { get; init; }

    public string? BasisNote { get; init; }

    /// <summary>"21 months ago": the age of the figure on the edition's as-of date.</summary>
    public string? BasisAge { get; init; }

    /// <summary>"DMHC's count as of March 2025, 21 months ago; no newer finding on record."</summary>
    public string? AsOfSentence { get; init; }

    /// <summary>Who gives the count, how sure, and what kind of source it rests on.</summary>
    public Provenance? Provenance { get; init; }

    /// <summary>What "not corrected" adds up, in a sentence; null when nothing is assessed.</summary>
    public string? Counts { get; init; }

    /// <summary>Best source first: the assessor's own document, other primary documents, then reports, copies last.</summary>
    public IReadOnlyList<int> Sources { get; init; } = [];

    /// <summary>Individual assessments after the aggregate finding: "D-03 Corrected (20 November 2026)".</summary>
    public IReadOnlyList<string> Since { get; init; } = [];

    /// <summary>"19 of 20 deficiencies not corrected", or that nothing is assessed yet.</summary>
    public required string Sentence { get; init; }

    /// <summary>"19 of 20" (or "None assessed"), printed large, and the words after it.</summary>
    public required string Figure { get; init; }
    public required string FigureLabel { get; init; }
}

public sealed record ReportDeadline
{
    public required string Code { get; init; }
    public required string Title { get; init; }

    /// <summary>"October 2025".</summary>
    public required string Occurs { get; init; }

    public required DateOnly DueOn { get; init; }
    public required bool KnownToTheDay { get; init; }
    public required string PrecisionName { get; init; }
    public required string StatusLabel { get; init; }
    public required DeadlineStanding Standing { get; init; }
    public string? Description { get; init; }
    public required string Path { get; init; }
    public IReadOnlyList<int> Sources { get; init; } = [];
}

/// <summary>One thing recorded between two editions.</summary>
public sealed record ReportChange
{
    public required DateTimeOffset RecordedAt { get; init; }
    public required DateOnly RecordedOn { get; init; }
    public required string RecordedBy { get; init; }

    /// <summary>"Status change", "Detail edit", "Correction", "Ledger entry", "New deadline"…</summary>
    public required string Kind { get; init; }

    public required string ItemCode { get; init; }
    public string? ItemTitle { get; init; }
    public required string Description { get; init; }

    /// <summary>For a status entry: who gives it, how sure, and what it rests on.</summary>
    public Provenance? Provenance { get; init; }

    public string? Reason { get; init; }
    public required string Path { get; init; }
    public IReadOnlyList<int> Sources { get; init; } = [];

    /// <summary>"Withdrawn since; no longer counts." for an entry that no longer stands when the edition is made.</summary>
    public string? StateNote { get; init; }
}

/// <summary>A status with its provenance: the two always travel together.</summary>
public sealed record ReportStatus(string Code, string Label, Provenance? Provenance = null)
{
    /// <summary>"Not corrected (Inferred · from a union release)" for a single line of text.</summary>
    public string WithProvenance => Provenance is { } p ? $"{Label} ({p.Short})" : Label;
}

public sealed record ReportDeficiency
{
    public required string Code { get; init; }

    /// <summary>Null while no source has made the title public.</summary>
    public string? Title { get; init; }

    public string? Area { get; init; }
    /// <summary>Null while no source has made the finding public.</summary>
    public string? Finding { get; init; }

    public ReportStatus? Regulator => Statuses.GetValueOrDefault(Shared.Assessors.Regulator);

    /// <summary>For an item the regulator's aggregate count covers without its own status: what its regulator cell says.</summary>
    public string? RegulatorCovered { get; init; }

    /// <summary>"EDHP no. 3.1": the agency's own number for the item, where a source gives it; null otherwise.</summary>
    public string? OwnNumber { get; init; }

    /// <summary>Each of the case's assessors' latest status, by role (null: none given).</summary>
    public IReadOnlyDictionary<string, ReportStatus?> Statuses { get; init; } = new Dictionary<string, ReportStatus?>();

    /// <summary>The title, else the finding, else "Details not yet in this record".</summary>
    public string DisplayTitle => Deficiency.Label(Title, Finding);

    public string? LastChange { get; init; }
    public bool HasDisagreement { get; init; }
    public required string Path { get; init; }
    public IReadOnlyList<int> Sources { get; init; } = [];

    /// <summary>"Withdrawn by DMHC in March 2024" when the regulator withdrew the finding, with the source saying so.</summary>
    public string? Withdrawn { get; init; }
    public IReadOnlyList<int> WithdrawnSources { get; init; } = [];
}

public sealed record ReportObligation
{
    public required string Code { get; init; }
    public required int Depth { get; init; }
    public required string Title { get; init; }
    public required string KindLabel { get; init; }
    public decimal? AmountUsd { get; init; }
    public string? Due { get; init; }
    public required ReportStatus Status { get; init; }
    public string? StatusNote { get; init; }

    /// <summary>Where the term's status, ledger and deadline outcome contradict each other, in words (<see cref="ObligationStory"/>).</summary>
    public IReadOnlyList<string> Disagreements { get; init; } = [];
    public IReadOnlyList<ReportLedgerEntry> Ledger { get; init; } = [];
    public required string Path { get; init; }
    public IReadOnlyList<int> Sources { get; init; } = [];
}

public sealed record ReportLedgerEntry(string EntryLabel, decimal AmountUsd, string Occurred, bool Counts, string? Note, IReadOnlyList<int> Sources);

public sealed record ReportTimeline
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required IReadOnlyList<ReportTimelineItem> Past { get; init; }
    public required IReadOnlyList<ReportTimelineItem> Coming { get; init; }

    /// <summary>
    /// The case's key milestones across its whole span — the items its files mark as milestones (surveys, reports, the
    /// settlement) and every deadline — oldest first, so no edition leaves out what lies outside its window.
    /// </summary>
    public IReadOnlyList<ReportTimelineItem> Milestones { get; init; } = [];

    /// <summary>Deadlines that fell due before the window whose outcome is missed (overdue) or still unknown.</summary>
    public required IReadOnlyList<ReportTimelineItem> OverdueEarlier { get; init; }

    /// <summary>The first deadline after the window, so an empty "coming" list still says what is next.</summary>
    public ReportTimelineItem? NextLater { get; init; }
}

public sealed record ReportTimelineItem
{
    public required string Code { get; init; }
    public required bool IsDeadline { get; init; }
    public required string Title { get; init; }

    /// <summary>"October 2025", "12 October 2023".</summary>
    public required string When { get; init; }

    public string? Alternate { get; init; }
    public string? StatusLabel { get; init; }

    /// <summary>For a deadline a source says was missed: days since it fell due (the period's last day).</summary>
    public int? DaysOverdue { get; init; }

    /// <summary>For a passed deadline: "passed 398 days ago, outcome unknown", "ended 30 days ago, outcome unknown"…</summary>
    public string? Standing { get; init; }

    public int? DaysLeft { get; init; }
    public required string Path { get; init; }
    public IReadOnlyList<int> Sources { get; init; } = [];
}

public sealed record ReportSource(int Number, string Key, string Title, string Publisher, string? Published, string Url, string Path, string Standing)
{
    /// <summary>The source's archived copies, newest first: what a reader can check the cited words against.</summary>
    public IReadOnlyList<ReportArchivedCopy> Archived { get; init; } = [];
}

/// <summary>An archived copy as the sources list names it: "Archived copy, PDF, retrieved 7 December 2026, SHA-256 …".</summary>
public sealed record ReportArchivedCopy(string Format, string Retrieved, string Sha256, string Path);

/// <summary>One assessor's or one kind of item's status words, for the methodology.</summary>
/// <summary>One vocabulary of "How to read": who gives its values (an assessor, this tracker), or, where no one
/// "gives" them (a confidence, an outcome), what they say.</summary>
public sealed record ReportVocabulary(string Name, string Who, IReadOnlyList<Term> Terms, bool Given = true);

/// <summary>
/// Reads the stores and builds the model of one edition. The headline, deadline and money figures come from the same
/// code the dashboard uses (<see cref="RegulatorCount"/>, <see cref="DeadlineStanding"/>, <see cref="Money"/>).
/// Every read of one edition is made in one snapshot of the record, so an edition never mixes two states of it.
/// </summary>
public sealed class StatusReportQuery(Database database, ReportAddress address, CaseClock clock)
{
    /// <summary>The case's time zone (Site:TimeZone): the one days and "today" are counted in.</summary>
    public TimeZoneInfo Zone => clock.Zone;

    /// <summary>The day an instant falls on in the case's time zone.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => clock.DateOf(instant);

    /// <param name="edition">The number the edition will have.</param>
    /// <param name="asOf">The instant the record is read at; changes recorded after the previous edition's as-of, up to this, are listed.</param>
    /// <param name="previous">The edition before, or null for the first.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public Task<StatusReport> BuildAsync(int edition, DateTimeOffset asOf, Edition? previous, CancellationToken cancellationToken = default) =>
        database.ReadSnapshotAsync((connection, transaction) => BuildAsync(connection, transaction, edition, asOf, previous, cancellationToken), cancellationToken);

    private async Task<StatusReport> BuildAsync(
        DbConnection connection, DbTransaction transaction, int edition, DateTimeOffset asOf, Edition? previous, CancellationToken cancellationToken)
    {
        var today = DayOf(asOf);
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken) ?? new CaseRecord { Title = "No case loaded" };
        var allSources = (await SourceStore.ListAsync(connection, transaction, cancellationToken)).ToDictionary(s => s.Id);
        var citations = await SourceStore.ListCitationsAsync(connection, transaction, cancellationToken);
        var cited = citations.SelectMany(g => g)
            .ToLookup(c => (c.ItemType, c.Code), c => c.SourceId);
        var archived = (await Evidence.ArchivedCopyStore.ListAsync(connection, transaction, cancellationToken))
            .ToLookup(c => c.SourceId, c => new ReportArchivedCopy(c.FormatLabel, Format.Day(DayOf(c.RetrievedAt)), c.Sha256, c.Path));
        var refs = new SourceNumbers(allSources, archived);
        IReadOnlyList<int> Cite(string itemType, string code) => refs.Cite(cited[(itemType, code)]);

        var allSurveys = await SurveyStore.ListAsync(connection, transaction, cancellationToken);
        var survey = allSurveys.FirstOrDefault(s => s.Key == record.PrimarySurveyKey);
        var allDeficiencies = await DeficiencyStore.ListAsync(connection, transaction, cancellationToken);
        var latestDeficiency = await StatusChangeStore.ListLatestAsync(connection, transaction, "deficiency", cancellationToken);
        var items = await TimelineStore.ListAsync(connection, transaction, cancellationToken);
        var obligationList = await ObligationStore.ListAsync(connection, transaction, cancellationToken);
        var ledger = await ObligationStore.ListLedgerAsync(connection, transaction, cancellationToken);
        var obligationStatus = (await StatusChangeStore.ListLatestAsync(connection, transaction, "obligation", cancellationToken)).ToDictionary(c => c.SubjectId);

        // Cover: the regulator's count, the key deadline and the money, in that order, so they cite [1], [2]…
        ReportHeadline? headline = null;
        IReadOnlyList<Deficiency> ofSurvey = [];
        RegulatorCount? surveyCounts = null;
        if (survey is not null)
        {
            ofSurvey = allDeficiencies.Where(d => d.SurveyId == survey.Id).ToList();
            var findings = await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken);
            var counts = RegulatorCount.ForSurvey(survey, allDeficiencies, latestDeficiency, findings, record.HeadlineAssessor);
            surveyCounts = counts;
            var age = counts.Basis is null ? null : Format.Age(counts.Basis.Effective.End, today);
            headline = new ReportHeadline
            {
                NotCorrected = counts.Uncorrected,
                Total = counts.Total,
                ByStatus = Assessors.Statuses[counts.Assessor]
                    .Select(t => (t.Code, t.Label, counts.Of(t.Code)))
                    .Where(s => s.Item3.Max > 0)
                    .ToList(),
                BasisTitle = counts.Basis?.Title,
                BasisPeriod = counts.Basis?.Effective.ToString(DatePrecision.Month),
                BasisNote = counts.Basis?.Note,
                BasisAge = age,
                AsOfSentence = string.Join(" ", new[] { counts.WithdrawnSentence(record.RegulatorShort), counts.AsOfSentence(record.HeadlineName, today), counts.DisagreementSentence(record.HeadlineName), counts.ContradictionSentence(record) }.OfType<string>()) is { Length: > 0 } asOfSentence ? asOfSentence : null,
                Provenance = counts.Basis?.Provenance,
                Counts = counts.CountsSentence(record.HeadlineName),
                Sentence = counts.Headline,
                Figure = counts.Figure,
                FigureLabel = counts.FigureLabel,
                Sources = counts.Basis is null ? [] : refs.Cite(counts.Basis.Sources.Select(s => s.Id), keepOrder: true),
                Since = counts.Since.Select(s => $"{s.Deficiency.Code} {s.Change.StatusLabel(s.Change.ToStatus)} ({s.Change.Effective})").ToList(),
            };
        }

        ReportDeadline? deadline = null;
        if (items.FirstOrDefault(i => i.Code == record.KeyDeadlineCode) is { } key)
        {
            deadline = new ReportDeadline
            {
                Code = key.Code,
                Title = key.Title,
                Occurs = key.Occurs.ToString(),
                DueOn = key.Occurs.End,
                KnownToTheDay = key.Occurs.Precision == DatePrecision.Day,
                PrecisionName = key.Occurs.PrecisionName,
                StatusLabel = DeadlineStatuses.Label(key.Status),
                Standing = DeadlineStanding.Of(key, today),
                Description = key.Description,
                Path = "/timeline#" + key.Code,
                Sources = refs.Cite(key.Sources.Select(s => s.Id)),
            };
        }

        var money = Money.From(obligationList, ledger, obligationStatus);
        var moneySources = refs.Cite(obligationList
            .Where(o => o.ParentId is null && Money.MoneyKinds.Contains(o.Kind))
            .SelectMany(o => cited[("obligation", o.Code)]));

        var changes = previous is null
            ? []
            : await ListChangesAsync(connection, transaction, previous.AsOf, asOf, allDeficiencies, obligationList, ledger, items, allSources.Values, refs, cancellationToken);

        var board = DeficiencyBoard.Build(ofSurvey, latestDeficiency);
        var deficiencyRows = board.Select(row => new ReportDeficiency
        {
            Code = row.Deficiency.Code,
            Title = row.Deficiency.Title,
            Area = row.Deficiency.Area,
            Finding = row.Deficiency.Finding,
            Statuses = record.AssessorRoles.ToDictionary(role => role, role => Status(row.LatestOf(role))),
            RegulatorCovered = surveyCounts?.CoveredNote(row.Deficiency.Id, record.HeadlineName),
            OwnNumber = string.IsNullOrWhiteSpace(row.Deficiency.RegulatorNumber)
                ? null
                : $"{(string.IsNullOrWhiteSpace(row.Deficiency.SurveyRegulator) ? "Regulator's" : row.Deficiency.SurveyRegulator.Trim())} no. {row.Deficiency.RegulatorNumber}",
            LastChange = row.LastChange?.Effective.ToShortString(),
            HasDisagreement = row.HasDisagreement,
            Path = "/deficiencies/" + row.Deficiency.Code,
            Sources = Cite("deficiency", row.Deficiency.Code),
            Withdrawn = row.Deficiency.WithdrawnSentence(record.RegulatorShort),
            WithdrawnSources = row.Deficiency.WithdrawnSourceId is { } withdrawnBy ? refs.Cite([withdrawnBy]) : [],
        }).ToList();

        var repeats = RepeatedFinding.Of(ofSurvey, await DeficiencyStore.ListRepeatsAsync(connection, transaction, cancellationToken), record.RegulatorShort, ids => refs.Cite(ids));

        var ledgerOf = ledger.ToLookup(l => l.ObligationId);
        var stories = ObligationStory.ForAll(obligationList, ledger, obligationStatus, items, today);
        var children = obligationList.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value);
        var obligationRows = new List<ReportObligation>();
        void AddObligation(Obligation o, int depth)
        {
            var current = obligationStatus.GetValueOrDefault(o.Id);
            var status = current?.ToStatus ?? "unknown";
            obligationRows.Add(new ReportObligation
            {
                Code = o.Code,
                Depth = depth,
                Title = o.Title,
                KindLabel = o.KindLabel,
                AmountUsd = o.AmountUsd,
                Due = stories[o.Id].Due is { } due ? due.Date + (due.Deadline is { } d ? $" (from the timeline{(string.IsNullOrEmpty(d.Confidence) ? "" : ", " + Confidence.Label(d.Confidence).ToLowerInvariant())})" : "") : null,
                Status = new ReportStatus(status, ObligationStatuses.Label(status), current?.Provenance),
                StatusNote = stories[o.Id].Note,
                Disagreements = stories[o.Id].Disagreements,
                Ledger = ledgerOf[o.Id].Select(l => new ReportLedgerEntry(
                    l.EntryLabel, l.AmountUsd, l.Occurred.ToString(), l.Counts, l.Note,
                    l.SourceId is { } s ? refs.Cite([s]) : [])).ToList(),
                Path = "/settlement#" + o.Code,
                Sources = Cite("obligation", o.Code),
            });
            foreach (var child in children[o.Id])
            {
                AddObligation(child, depth + 1);
            }
        }
        foreach (var o in obligationList.Where(o => o.ParentId is null))
        {
            AddObligation(o, 0);
        }

        var report = new StatusReport
        {
            Edition = edition,
            AsOf = asOf,
            AsOfDate = today,
            PreviousEdition = previous?.Number,
            PreviousAsOf = previous?.AsOf,
            PreviousAsOfDate = previous is null ? null : DayOf(previous.AsOf),
            BaseUrl = address.BaseUrl,
            Case = new ReportCase(record.Title, record.Plan, record.Regulator, record.RegulatorShort, record.Summary) { Origin = record.Origin },
            Headline = headline,
            KeyDeadline = deadline,
            Money = money,
            MoneySources = moneySources,
            Changes = changes,
            SurveyTitle = survey?.Title,
            Deficiencies = deficiencyRows,
            Repeats = repeats,
            Obligations = obligationRows,
            Timeline = BuildTimeline(items, today, refs, Cite),
            Sources = [],
            Vocabularies = Vocabularies(record),
            Assessors = record.Assessors.Select(a => new ReportAssessor(a.Role, Assessors.Label(a.Role), a.Name)).ToList(),
            HeadlineAssessor = record.HeadlineAssessor,
            HowToRead = ReportMethod.HowToRead(record, items, latestDeficiency.Concat(obligationStatus.Values).ToList(), clock.ZoneName, headline?.Provenance),
            ZoneName = clock.ZoneName,
        };
        return report with { Sources = refs.List() };
    }

    private static ReportStatus? Status(StatusChange? change) =>
        change is null ? null : new ReportStatus(change.ToStatus, change.StatusLabel(change.ToStatus), change.Provenance);

    private static ReportTimeline BuildTimeline(IReadOnlyList<TimelineItem> items, DateOnly today, SourceNumbers refs, Func<string, string, IReadOnlyList<int>> cite)
    {
        var from = today.AddMonths(-12);
        var to = today.AddMonths(12);
        ReportTimelineItem Item(TimelineItem i)
        {
            var standing = DeadlineStanding.Of(i, today);
            return new ReportTimelineItem
            {
                Code = i.Code,
                IsDeadline = i.IsDeadline,
                Title = i.Title,
                When = i.Occurs.ToString(),
                Alternate = i.Alternate is { } alt ? $"{alt}{(i.AlternateNote is null ? "" : " — " + i.AlternateNote)}" : null,
                StatusLabel = i.IsDeadline ? DeadlineStatuses.Label(i.Status) : null,
                DaysOverdue = i.IsDeadline && standing.IsOverdue ? standing.Days : null,
                DaysLeft = i.IsDeadline && !standing.IsPast ? standing.Days : null,
                Standing = i.IsDeadline && standing.IsPast ? standing.Describe() : null,
                Path = "/timeline#" + i.Code,
                Sources = cite(i.Kind, i.Code),
            };
        }
        // An item belongs to the window if any day of its period does; month- and year-dates span their period.
        var inWindow = items.Where(i => i.Occurs.End >= from && i.Occurs.Start <= to).OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        var past = inWindow.Where(i => i.Occurs.End < today).Select(Item).ToList();
        var coming = inWindow.Where(i => i.Occurs.End >= today).Select(Item).ToList();
        var overdueEarlier = items
            .Where(i => i.IsDeadline && i.Occurs.End < from && DeadlineStanding.Of(i, today) is { } s && (s.IsOverdue || s.IsOutcomeUnknown))
            .OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).Select(Item).ToList();
        var next = items.Where(i => i.IsDeadline && i.Occurs.Start > to).OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).FirstOrDefault();
        var milestones = items.Where(i => i.Milestone || i.IsDeadline).OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).Select(Item).ToList();
        return new ReportTimeline
        {
            Milestones = milestones,
            From = from,
            To = to,
            Past = past,
            Coming = coming,
            OverdueEarlier = overdueEarlier,
            NextLater = next is null ? null : Item(next),
        };
    }

    /// <summary>
    /// Everything recorded after <paramref name="from"/> up to and including <paramref name="to"/>: status changes and
    /// their corrections, edits of details, ledger entries, and new events and deadlines. Instants are compared as
    /// instants, not as text, because stored instants come in more than one textual form.
    /// </summary>
    private async Task<IReadOnlyList<ReportChange>> ListChangesAsync(
        DbConnection connection,
        DbTransaction transaction,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyList<Deficiency> allDeficiencies,
        IReadOnlyList<Obligation> obligationList,
        IReadOnlyList<LedgerEntry> allLedger,
        IReadOnlyList<TimelineItem> items,
        IEnumerable<Source> allSources,
        SourceNumbers refs,
        CancellationToken cancellationToken)
    {
        bool Between(DateTimeOffset at) => at > from && at <= to;
        var deficiencyById = allDeficiencies.ToDictionary(d => d.Id);
        var obligationById = obligationList.ToDictionary(o => o.Id);
        var itemById = items.ToDictionary(i => i.Id);
        var sourceById = allSources.ToDictionary(s => s.Id);
        var changes = new List<ReportChange>();

        (string Code, string? Title, string Path) Subject(string type, long id) => type switch
        {
            "deficiency" when deficiencyById.TryGetValue(id, out var d) => (d.Code, d.Title, "/deficiencies/" + d.Code),
            "obligation" when obligationById.TryGetValue(id, out var o) => (o.Code, o.Title, "/settlement#" + o.Code),
            "deadline" or "timeline" when itemById.TryGetValue(id, out var t) => (t.Code, t.Title, "/timeline#" + t.Code),
            "source" when sourceById.TryGetValue(id, out var s) => (s.Key, s.Title, "/sources#" + s.Key),
            _ => ($"#{id}", null, "/"),
        };

        // Status changes of every kind, oldest entry first, then detail edits: the order the final sort keeps for ties.
        foreach (var c in (await StatusChangeStore.ListRecordedBetweenAsync(connection, transaction, from, to, cancellationToken)).OrderBy(c => c.SubjectType == "deficiency" ? 0 : c.SubjectType == "obligation" ? 1 : 2))
        {
            var (code, title, path) = Subject(c.SubjectType, c.SubjectId);
            changes.Add(new ReportChange
            {
                RecordedAt = c.RecordedAt,
                RecordedOn = DayOf(c.RecordedAt),
                RecordedBy = c.RecordedBy,
                Kind = c.CorrectsId is null ? "Status change" : "Correction",
                ItemCode = code,
                ItemTitle = title,
                Description = c.CorrectsId is null
                    ? $"{c.Movement}, effective {c.Effective}"
                    : $"{c.Who}an earlier entry corrected to {c.StatusLabel(c.ToStatus)}, effective {c.Effective}",
                Provenance = c.Provenance,
                Reason = c.Reason,
                Path = path,
                Sources = c.SourceId is { } s ? refs.Cite([s]) : [],
                StateNote = StateNote(c.State),
            });
        }

        foreach (var e in await FieldEditStore.ListRecordedBetweenAsync(connection, transaction, from, to, cancellationToken))
        {
            var (code, title, path) = Subject(e.ItemType, e.ItemId);
            changes.Add(new ReportChange
            {
                RecordedAt = e.RecordedAt,
                RecordedOn = DayOf(e.RecordedAt),
                RecordedBy = e.RecordedBy,
                Kind = "Detail edit",
                ItemCode = code,
                ItemTitle = title,
                Description = $"{e.Field}: {Quote(e.OldShown)} → {Quote(e.NewShown)}",
                Reason = e.Reason,
                Path = path,
                Sources = e.SourceId is { } s ? refs.Cite([s]) : [],
                StateNote = StateNote(e.State),
            });
        }

        foreach (var l in allLedger.Where(l => Between(l.RecordedAt)))
        {
            var (code, title, path) = Subject("obligation", l.ObligationId);
            changes.Add(new ReportChange
            {
                RecordedAt = l.RecordedAt,
                RecordedOn = DayOf(l.RecordedAt),
                RecordedBy = l.RecordedBy,
                Kind = l.CorrectsId is null ? "Ledger entry" : "Ledger correction",
                ItemCode = code,
                ItemTitle = title,
                Description = $"{l.EntryLabel} {Format.Usd(l.AmountUsd)}, {l.Occurred}{(l.CorrectsId is null ? "" : ", replacing an earlier entry")}",
                Reason = l.Note,
                Path = path,
                Sources = l.SourceId is { } s ? refs.Cite([s]) : [],
                StateNote = StateNote(l.State),
            });
        }

        foreach (var i in items.Where(i => Between(i.RecordedAt)))
        {
            changes.Add(new ReportChange
            {
                RecordedAt = i.RecordedAt,
                RecordedOn = DayOf(i.RecordedAt),
                RecordedBy = i.RecordedBy,
                Kind = i.IsDeadline ? "New deadline" : "New event",
                ItemCode = i.Code,
                ItemTitle = i.Title,
                Description = $"{i.Occurs}: {i.Title}",
                Path = "/timeline#" + i.Code,
                Sources = refs.Cite(i.Sources.Select(s => s.Id)),
            });
        }

        // A withdrawal is a change of its own: the entry it takes back may have been in an earlier edition.
        foreach (var w in await WithdrawalStore.ListRecordedBetweenAsync(connection, transaction, from, to, cancellationToken))
        {
            var entry = await WithdrawalStore.FindAsync(connection, transaction, w.EntryType, w.EntryId, cancellationToken);
            if (entry is null)
            {
                continue;
            }
            var (code, title, path) = Subject(entry.ItemType, entry.ItemId);
            changes.Add(new ReportChange
            {
                RecordedAt = w.WithdrawnAt,
                RecordedOn = DayOf(w.WithdrawnAt),
                RecordedBy = w.WithdrawnBy,
                Kind = "Withdrawal",
                ItemCode = code,
                ItemTitle = title,
                Description = $"Withdrawn, no longer counts: {entry.What}",
                Reason = w.Withdrawal.Why,
                Path = path,
            });
        }

        return changes.OrderBy(c => c.RecordedAt).ThenBy(c => c.ItemCode, StringComparer.Ordinal).ToList();
    }

    private static string? StateNote(string state) => state switch
    {
        EntryStates.Withdrawn => "Withdrawn since; no longer counts.",
        EntryStates.Corrected => "Corrected since by a later entry; no longer counts.",
        _ => null,
    };

    /// <summary>A field value as the changes list shows it: quoted, cut at 240 characters, "(empty)" for none.</summary>
    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "(empty)";
        }
        var flat = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "“" + (flat.Length > 240 ? flat[..239].TrimEnd() + "…" : flat) + "”";
    }

    private static IReadOnlyList<ReportVocabulary> Vocabularies(CaseRecord record) =>
    [
        .. record.Assessors.Select(a => new ReportVocabulary(Assessors.Label(a.Role), Assessors.Legend(a.Role, a.Name, record.HeadlineAssessor), Assessors.Statuses[a.Role])),
        new("Settlement terms", "This tracker, from the sources cited on each term.", ObligationStatuses.All),
        new("Deadlines", "This tracker, from the sources cited on each deadline.", DeadlineStatuses.All),
        new("Outcome of a passed deadline", "What a source says happened. Only a missed deadline is counted as overdue.", DeadlineOutcomes.All, Given: false),
        new("Confidence", "How the record knows a status, an amount or an item's details: one scale for all of them.", Provenance.Confidences, Given: false),
        new("What a status rests on", "Shown beside every status.", Provenance.Bases, Given: false),
    ];

    /// <summary>Numbers sources in the order the report first cites them.</summary>
    internal sealed class SourceNumbers(IReadOnlyDictionary<long, Source> all, ILookup<long, ReportArchivedCopy>? archived = null)
    {
        private readonly Dictionary<long, int> numbers = [];
        private readonly List<ReportSource> list = [];

        /// <param name="sourceIds">The sources cited.</param>
        /// <param name="keepOrder">Keep the order given (best source first) instead of oldest first.</param>
        public IReadOnlyList<int> Cite(IEnumerable<long> sourceIds, bool keepOrder = false)
        {
            var found = sourceIds.Distinct().Where(all.ContainsKey).Select(id => all[id]);
            if (!keepOrder)
            {
                found = found.OrderBy(s => s.PublishedOn ?? DateOnly.MaxValue).ThenBy(s => s.Id);
            }
            return found.Select(Number).ToList();
        }

        private int Number(Source source)
        {
            if (!numbers.TryGetValue(source.Id, out var number))
            {
                number = list.Count + 1;
                numbers[source.Id] = number;
                list.Add(new ReportSource(number, source.Key, source.Title, source.Publisher, source.Published?.ToString(), source.Url, "/sources/" + Uri.EscapeDataString(source.Key), ReportMethod.Standing(source))
                {
                    Archived = archived?[source.Id].ToList() ?? [],
                });
            }
            return number;
        }

        public IReadOnlyList<ReportSource> List() => list.ToList();
    }
}

/// <summary>Small formatting shared by the PDF and the HTML changes page.</summary>
public static class ReportText
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Size(long bytes) => Features.Shared.Format.Bytes(bytes);

    /// <summary>"[7, 11, 12]"; three or more numbers in a row are given as a range, "[2–5, 9]".</summary>
    public static string Markers(IReadOnlyList<int> sources)
    {
        if (sources.Count == 0)
        {
            return "";
        }
        var sorted = sources.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var end = i;
            while (end + 1 < sorted.Count && sorted[end + 1] == sorted[end] + 1)
            {
                end++;
            }
            if (end - i >= 2)
            {
                parts.Add(string.Create(Us, $"{sorted[i]}–{sorted[end]}"));
            }
            else
            {
                parts.AddRange(sorted[i..(end + 1)].Select(n => n.ToString(Us)));
            }
            i = end + 1;
        }
        return "[" + string.Join(", ", parts) + "]";
    }
}
