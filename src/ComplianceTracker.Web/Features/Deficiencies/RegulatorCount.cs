using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Deficiencies;

/// <summary>How many deficiencies have a status: exactly, or within bounds when the sources do not say which item is which.</summary>
public readonly record struct CountRange(int Min, int Max)
{
    public bool IsExact => Min == Max;

    public override string ToString() => IsExact ? Min.ToString("N0") : $"{Min:N0}–{Max:N0}";
}

/// <summary>
/// The headline assessor's counts for one survey (the regulator's, or an independent monitor's where the case says so),
/// combining its aggregate finding with individual assessments.
/// </summary>
public sealed class RegulatorCount
{
    public required int Total { get; init; }

    /// <summary>Whose counts these are: <see cref="Assessors.Regulator"/> unless the case names the monitor.</summary>
    public string Assessor { get; init; } = Assessors.Regulator;

    /// <summary>Without an aggregate finding: the date of the newest item-by-item status the sum rests on.</summary>
    public PartialDate? LatestItemAssessment { get; private set; }

    /// <summary>
    /// The survey's items on which another assessor's latest status contradicts the headline assessor's (one says
    /// corrected, the other not), each with who says what: the headline says so in words.
    /// </summary>
    public IReadOnlyList<(Deficiency Deficiency, string OtherAssessor, string OtherStatus, string OwnStatus)> Contradicted { get; private set; } = [];

    /// <summary>The latest aggregate finding the counts rest on, if any.</summary>
    public AggregateFinding? Basis { get; init; }

    /// <summary>Individual regulator assessments made after the aggregate finding.</summary>
    public required IReadOnlyList<(Deficiency Deficiency, StatusChange Change)> Since { get; init; }

    public required IReadOnlyDictionary<string, CountRange> ByStatus { get; init; }

    public CountRange Of(string status) => ByStatus.GetValueOrDefault(status, new CountRange(0, 0));

    /// <summary>The items the aggregate finding counts without saying which status each has (no status of their own since).</summary>
    public IReadOnlySet<long> CoveredByBasis { get; init; } = new HashSet<long>();

    /// <summary>
    /// What an item's regulator cell says when the aggregate finding counts it but no document says its own status:
    /// "Counted in DMHC's March 2025 count (19 not corrected, 1 corrected); which is which is not in this record".
    /// </summary>
    public string? CoveredNote(long deficiencyId, string regulatorShort)
    {
        if (Basis is null || !CoveredByBasis.Contains(deficiencyId))
        {
            return null;
        }
        var who = Who(regulatorShort, lower: true);
        var counts = Format.List(Basis.OrderedCounts.Where(c => c.Count > 0).Select(c => $"{c.Count.ToString("N0", Format.Us)} {c.Status.Label.ToLowerInvariant()}"));
        return $"Counted in {who}'s {Basis.Effective.ToString(DatePrecision.Month)} count ({counts}); which is which is not yet in this record";
    }

    /// <summary>
    /// Statuses on which the aggregate finding's own count and its item-by-item list (the items assessed on the same
    /// day) disagree: the document says one number in its summary and another in its list. Empty when they agree.
    /// </summary>
    public IReadOnlyList<(string Status, int Summary, int Items)> SummaryDisagrees { get; init; } = [];

    /// <summary>
    /// "DMHC's follow-up letter gives 34 as corrected in its count and 32 in its item-by-item list; the figures here
    /// span both.", or null when they agree. Said wherever the count is.
    /// </summary>
    public string? DisagreementSentence(string regulatorShort)
    {
        if (Basis is null || SummaryDisagrees.Count == 0)
        {
            return null;
        }
        var who = Who(regulatorShort, lower: false);
        var parts = SummaryDisagrees.Select(d =>
            $"{d.Summary.ToString("N0", Format.Us)} as {Assessors.StatusLabel(Assessor, d.Status).ToLowerInvariant()} in its count and {d.Items.ToString("N0", Format.Us)} in its item-by-item list");
        return $"{Titled(who, Basis.Title)} disagrees with itself: it gives {Format.List(parts)}. "
          + (Since.Count == 0 ? "The figures here span both." : "The figures here span both, with the items assessed individually since.");
    }

    /// <summary>"34 as corrected in its count and 32 in its item-by-item list": where the aggregate finding disagrees with itself; null when it does not.</summary>
    public string? DisagreementFigures => Basis is null || SummaryDisagrees.Count == 0
        ? null
        : Format.List(SummaryDisagrees.Select(d =>
            $"{d.Summary.ToString("N0", Format.Us)} as {Assessors.StatusLabel(Assessor, d.Status).ToLowerInvariant()} in its count and {d.Items.ToString("N0", Format.Us)} in its item-by-item list"));

    /// <summary>The survey's findings the regulator has since withdrawn: on record, but not counted in <see cref="Total"/>.</summary>
    public IReadOnlyList<Deficiency> Withdrawn { get; init; } = [];

    /// <summary>The deficiencies the survey found, withdrawn ones included: the regulator's original number.</summary>
    public int Found => Total + Withdrawn.Count;

    /// <summary>Withdrawn items the aggregate finding counted without saying which status each had.</summary>
    private int WithdrawnUnpinned { get; init; }

    /// <summary>
    /// "20 deficiencies found; 1 withdrawn by DMHC (March 2024), 19 stand.", and when the aggregate finding the counts
    /// rest on counted a different number, what that count holds; null when nothing is withdrawn. Said wherever the count is.
    /// </summary>
    public string? WithdrawnSentence(string regulatorShort)
    {
        if (Withdrawn.Count == 0)
        {
            return null;
        }
        var by = string.IsNullOrEmpty(regulatorShort) ? "the regulator" : regulatorShort;
        var dates = Withdrawn.Select(d => d.Withdrawn!.Value).Order().Select(d => d.ToString()).Distinct(StringComparer.Ordinal);
        var found = $"{Format.Plural(Found, "deficiency", "deficiencies")} found; {Withdrawn.Count.ToString("N0", Format.Us)} withdrawn by {by} ({Format.List(dates)}), {Total.ToString("N0", Format.Us)} {(Total == 1 ? "stands" : "stand")}.";
        if (Basis is null || Basis.Total == Total)
        {
            return found;
        }
        var titled = Titled(string.IsNullOrEmpty(regulatorShort) ? "The regulator" : regulatorShort, Basis.Title);
        if (Basis.Total == Found)
        {
            var them = Withdrawn.Count == 1 ? "the withdrawn one" : "the withdrawn ones";
            return $"{found} {titled} ({Basis.Effective.ToString(DatePrecision.Month)}) counts {Basis.Total.ToString("N0", Format.Us)}, {them} among them; the figures here count the {Total.ToString("N0", Format.Us)} that stand"
                + (WithdrawnUnpinned > 0 ? $", as ranges where that count does not say which status {them} had." : ".");
        }
        return $"{found} {titled} ({Basis.Effective.ToString(DatePrecision.Month)}) counts {Basis.Total.ToString("N0", Format.Us)}: its count and this record disagree, and its figures are given as it gave them.";
    }

    /// <summary>Regulator assessments of the survey's items dated after the aggregate finding (any, not only the latest).</summary>
    public int NewerAssessments { get; private set; }

    /// <summary>
    /// "DMHC's count as of March 2025, 20 months ago; no newer finding on record.", or null without an aggregate finding.
    /// The dashboard, the editions and the brief all say it in these words.
    /// </summary>
    public string? AsOfSentence(string regulatorShort, DateOnly today)
    {
        var who = Who(regulatorShort, lower: false);
        if (Basis is null)
        {
            // Without an aggregate finding the figure is the tracker's sum of the assessor's own item-by-item statuses,
            // as old as the newest of them.
            var assessed = Total - Of(NotYetAssessed).Max;
            var asOf = LatestItemAssessment is { } latest
                ? $", the newest dated {latest.ToString(DatePrecision.Month)}, {Format.Age(latest.End, today)}"
                : "";
            return NothingAssessed
                ? $"{who} has not yet given any of the {Format.Plural(Total, "deficiency", "deficiencies")} a status on record, so no count of corrected and uncorrected items can be given."
                : $"Added up by this tracker from {Possessive(who)} item-by-item assessments{asOf}: {assessed.ToString("N0", Format.Us)} of {Total.ToString("N0", Format.Us)} assessed individually{(assessed < Total ? $", {(Total - assessed).ToString("N0", Format.Us)} not yet" : "")}; no aggregate finding of {Who(regulatorShort, lower: true)} is on record.";
        }
        return $"{Possessive(who)} count as of {Basis.Effective.ToString(DatePrecision.Month)}, {Format.Age(Basis.Effective.End, today)}; "
          + (NewerAssessments == 0 ? "no newer finding on record." : Format.Plural(NewerAssessments, "item assessed individually since.", "items assessed individually since."));
    }

    private string NotYetAssessed => Assessors.Unassessed(Assessor);

    /// <summary>"DMHC", or "the regulator" / "the monitor" when the case gives no name.</summary>
    private string Who(string name, bool lower) =>
        !string.IsNullOrEmpty(name) ? name : (lower ? "the " : "The ") + Assessors.Label(Assessor).ToLowerInvariant();

    /// <summary>"HCIC's “Follow-up report”", but "The “HCIC follow-up report”": a title that names its agency stands alone.</summary>
    private static string Titled(string who, string title) =>
        title.Contains(who, StringComparison.Ordinal) ? $"The “{title}”" : $"{Possessive(who)} “{title}”";

    private static string Possessive(string who) => who.EndsWith('s') ? who + "'" : who + "'s";

    /// <summary>
    /// "The monitor's latest status contradicts this count on 3 of the deficiencies (D-01, D-02 and D-03): it marks them
    /// corrected.", or null when no other assessor's latest status contradicts the headline assessor's.
    /// </summary>
    public string? ContradictionSentence(Cases.CaseRecord record)
    {
        if (Contradicted.Count == 0)
        {
            return null;
        }
        var parts = Contradicted
            .GroupBy(c => c.OtherAssessor)
            .OrderBy(g => record.AssessorRoles.ToList().IndexOf(g.Key))
            .Select(g =>
            {
                var name = record.Assessors.FirstOrDefault(a => a.Role == g.Key)?.Name is { Length: > 0 } n ? n : "the " + Assessors.Label(g.Key).ToLowerInvariant();
                var codes = g.Select(c => c.Deficiency.Code).ToList();
                var says = Format.List(g.Select(c => $"“{Assessors.StatusLabel(g.Key, c.OtherStatus).ToLowerInvariant()}”").Distinct(), "or");
                return $"{Possessive(name)} latest status is {says} on {codes.Count.ToString("N0", Format.Us)} of these deficiencies ({Format.List(codes.Take(6))}{(codes.Count > 6 ? " and others" : "")})";
            });
        var who = Who(record.HeadlineName, lower: false);
        return $"Not every assessor agrees with {Possessive(who)} statuses: {string.Join("; ", parts)}. Each deficiency's page shows who says what.";
    }

    /// <summary>No aggregate finding and no item assessed: there is no count to give, and the headline says so.</summary>
    public bool NothingAssessed => Basis is null && Of(NotYetAssessed).Min == Total;

    /// <summary>"19 of 20", or "None assessed" when nothing is: the headline figure.</summary>
    public string Figure => NothingAssessed ? "None assessed" : $"{Uncorrected} of {Total.ToString("N0", Format.Us)}";

    /// <summary>"deficiencies not corrected", or "4 deficiencies on record, none with a status yet".</summary>
    public string FigureLabel => NothingAssessed
        ? $"{Format.Plural(Total, "deficiency", "deficiencies")} on record, none with a status yet"
        : Total == 1 ? "deficiency not corrected" : "deficiencies not corrected";

    /// <summary>"19 of 20 deficiencies not corrected", or "None of the 4 deficiencies on record has a status yet".</summary>
    public string Headline => NothingAssessed
        ? $"None of the {Format.Plural(Total, "deficiency", "deficiencies")} on record has a status yet"
        : $"{Figure} {FigureLabel}";

    /// <summary>"“Not corrected” counts the regulator's statuses found, not corrected and referred to enforcement."</summary>
    public string? CountsSentence(string regulatorShort) => NothingAssessed
        ? null
        : $"“Not corrected” counts each deficiency whose latest status from {Who(regulatorShort, lower: true)} is "
          + Format.List(Assessors.Statuses[Assessor].Where(t => Assessors.Uncorrected(Assessor).Contains(t.Code)).Select(t => t.Label.ToLowerInvariant()), "or") + ".";

    /// <summary>The uncorrected statuses the counts hold ("found", "not corrected", "referred to enforcement"…).</summary>
    public IReadOnlyList<string> UncorrectedStatuses =>
        Assessors.Statuses[Assessor].Select(t => t.Code)
            .Where(c => Assessors.Uncorrected(Assessor).Contains(c) && Of(c).Max > 0).ToList();

    /// <summary>Deficiencies still present by the regulator's account: every uncorrected status, added up.</summary>
    public CountRange Uncorrected => new(
        Math.Min(Total, UncorrectedStatuses.Sum(c => Of(c).Min)),
        Math.Min(Total, UncorrectedStatuses.Sum(c => Of(c).Max)));

    /// <summary>
    /// The headline assessor's counts for one survey (<paramref name="assessor"/>: the regulator unless the case names
    /// the monitor), from all deficiencies, the latest assessments of every assessor and the survey's aggregate findings
    /// (newest first). The dashboard, the brief, the API and the PDF reports all use this, so they give the same figures.
    /// </summary>
    public static RegulatorCount ForSurvey(
        Survey survey,
        IEnumerable<Deficiency> deficiencies,
        IEnumerable<StatusChange> latest,
        IEnumerable<AggregateFinding> findings,
        string assessor = Assessors.Regulator)
    {
        var all = deficiencies.Where(d => d.SurveyId == survey.Id).ToList();
        var ofSurvey = all.Where(d => !d.IsWithdrawn).ToList();
        var latestList = latest.ToList();
        var ownLatest = latestList.Where(c => c.Assessor == assessor).ToDictionary(c => c.SubjectId);
        var counts = Compute(ofSurvey, ownLatest, findings.FirstOrDefault(f => f.Assessor == assessor), all.Where(d => d.IsWithdrawn).ToList(), assessor);
        counts.NewerAssessments = counts.Basis is { } basis
            ? ofSurvey.Count(d => ownLatest.TryGetValue(d.Id, out var c) && c.EffectiveOn > basis.EffectiveOn)
            : 0;
        var ownOfSurvey = ofSurvey.Where(d => ownLatest.ContainsKey(d.Id)).Select(d => ownLatest[d.Id]).ToList();
        counts.LatestItemAssessment = counts.Basis is null && ownOfSurvey.Count > 0
            ? ownOfSurvey.OrderByDescending(c => c.Effective.End).First().Effective
            : null;
        // An item the headline counts as uncorrected (its own status, or its share of an aggregate finding that counts
        // only uncorrected items) that another assessor marks corrected, or the reverse.
        var allUncorrected = counts.Basis is { } b && b.Counts.Where(p => p.Value > 0).All(p => Assessors.Uncorrected(assessor).Contains(p.Key));
        var contradicted = new List<(Deficiency, string, string, string)>();
        var bySubject = latestList.Where(c => c.Assessor is not null && c.Assessor != assessor).ToLookup(c => c.SubjectId);
        foreach (var d in ofSurvey)
        {
            var own = ownLatest.TryGetValue(d.Id, out var ownChange) && (counts.Basis is null || ownChange.EffectiveOn >= counts.Basis.EffectiveOn)
                ? ownChange.ToStatus
                : counts.Basis is not null && allUncorrected ? counts.Basis.Counts.First(p => p.Value > 0).Key : null;
            var ownSide = Agreement.Classify(own);
            if (own is null || ownSide is null)
            {
                continue;
            }
            // The plan's own claims are its answer to the findings, shown on every item; what the headline flags is
            // an independent assessor (the regulator, a monitor, the union's field evidence) that sees it otherwise.
            foreach (var other in bySubject[d.Id].Where(o => o.Assessor != Assessors.Plan))
            {
                if (Agreement.Classify(other.ToStatus) is { } side && side != ownSide)
                {
                    contradicted.Add((d, other.Assessor!, other.ToStatus, own));
                }
            }
        }
        counts.Contradicted = contradicted;
        return counts;
    }

    /// <summary>
    /// An aggregate finding says how many items had each status but not which. An individual assessment dated the same
    /// day belongs to that finding and pins its item; one dated later replaces the item's unknown share of the aggregate,
    /// so the counts can only be given as bounds until every such item is assessed.
    /// <paramref name="deficiencies"/> are the items that stand; <paramref name="withdrawn"/> those the regulator has
    /// withdrawn. An aggregate finding that counts more items than stand counted the withdrawn ones too: its own figures
    /// are kept, and a withdrawn item's share leaves the count of its status when the finding pins it (a same-day
    /// assessment), or widens the bounds when it does not.
    /// </summary>
    public static RegulatorCount Compute(
        IReadOnlyList<Deficiency> deficiencies,
        IReadOnlyDictionary<long, StatusChange> regulatorLatest,
        AggregateFinding? aggregate,
        IReadOnlyList<Deficiency>? withdrawn = null,
        string assessor = Assessors.Regulator)
    {
        withdrawn ??= [];
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string status) => exact[status] = exact.GetValueOrDefault(status) + 1;

        if (aggregate is null)
        {
            foreach (var d in deficiencies)
            {
                Add(regulatorLatest.TryGetValue(d.Id, out var change) ? change.ToStatus : Assessors.Unassessed(assessor));
            }
            return new RegulatorCount
            {
                Total = deficiencies.Count,
                Assessor = assessor,
                Since = [],
                ByStatus = exact.ToDictionary(p => p.Key, p => new CountRange(p.Value, p.Value)),
                Withdrawn = withdrawn,
            };
        }

        var remaining = new Dictionary<string, int>(aggregate.Counts, StringComparer.Ordinal);
        var sameDay = new Dictionary<string, int>(StringComparer.Ordinal);
        var since = new List<(Deficiency, StatusChange)>();
        var unknown = 0;
        var covered = new HashSet<long>();
        foreach (var d in deficiencies)
        {
            if (!regulatorLatest.TryGetValue(d.Id, out var change) || change.EffectiveOn < aggregate.EffectiveOn)
            {
                unknown++;
                covered.Add(d.Id);
            }
            else if (change.EffectiveOn == aggregate.EffectiveOn)
            {
                Add(change.ToStatus);
                sameDay[change.ToStatus] = sameDay.GetValueOrDefault(change.ToStatus) + 1;
                remaining[change.ToStatus] = Math.Max(0, remaining.GetValueOrDefault(change.ToStatus) - 1);
            }
            else
            {
                Add(change.ToStatus);
                since.Add((d, change));
            }
        }

        var withdrawnUnpinned = 0;
        if (aggregate.Total > deficiencies.Count)
        {
            foreach (var d in withdrawn)
            {
                if (regulatorLatest.TryGetValue(d.Id, out var change) && change.EffectiveOn == aggregate.EffectiveOn)
                {
                    sameDay[change.ToStatus] = sameDay.GetValueOrDefault(change.ToStatus) + 1;
                    remaining[change.ToStatus] = Math.Max(0, remaining.GetValueOrDefault(change.ToStatus) - 1);
                }
                else
                {
                    withdrawnUnpinned++;
                }
            }
        }

        var statuses = exact.Keys.Union(remaining.Keys).ToList();
        var ranges = new Dictionary<string, CountRange>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            var share = remaining.GetValueOrDefault(status);
            var known = exact.GetValueOrDefault(status);
            var min = known + Math.Max(0, share - since.Count - withdrawnUnpinned);
            var max = known + Math.Min(share, unknown);
            // A document whose count and item list disagree can leave more of its count than items to hold it: the
            // range then spans the two figures rather than coming out inverted.
            ranges[status] = new CountRange(Math.Min(min, max), Math.Max(min, max));
        }
        // The document disagrees with itself when its list has more items of a status than its count, or its count
        // has more left over than there are items it could be about.
        var overfull = remaining.Values.Sum() > unknown + since.Count + withdrawnUnpinned;
        var disagrees = aggregate.Counts.Keys.Union(sameDay.Keys)
            .Select(s => (Status: s, Summary: aggregate.Counts.GetValueOrDefault(s), Items: sameDay.GetValueOrDefault(s)))
            .Where(d => d.Items > d.Summary || (overfull && unknown == 0 && d.Items != d.Summary))
            .OrderBy(d => d.Status, StringComparer.Ordinal)
            .ToList();
        // Where the document's count and its list disagree and nothing has been assessed since, each disagreeing
        // status spans both of the document's figures: neither is taken over the other.
        if (since.Count == 0)
        {
            foreach (var d in disagrees)
            {
                var r = ranges.GetValueOrDefault(d.Status, new CountRange(0, 0));
                ranges[d.Status] = new CountRange(Math.Min(r.Min, Math.Min(d.Summary, d.Items)), Math.Max(r.Max, Math.Max(d.Summary, d.Items)));
            }
        }
        return new RegulatorCount
        {
            Total = deficiencies.Count,
            Assessor = assessor,
            Basis = aggregate,
            Since = since,
            ByStatus = ranges,
            SummaryDisagrees = disagrees,
            CoveredByBasis = covered,
            Withdrawn = withdrawn,
            WithdrawnUnpinned = withdrawnUnpinned,
        };
    }
}
