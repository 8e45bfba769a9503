using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;

namespace ComplianceTracker.Web.Features.Deficiencies;

public sealed class Survey
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Regulator { get; set; } = "";
    public DateOnly? StartedOn { get; set; }
    public string? StartedPrecision { get; set; }
    public int DeficiencyCount { get; set; }
    public string CodePrefix { get; set; } = "";
    public string Description { get; set; } = "";
    public string Confidence { get; set; } = "";

    public PartialDate? Started =>
        StartedOn is { } on && StartedPrecision is { } precision ? PartialDate.FromStored(on, precision) : null;
}

/// <summary>A finding given only as counts per status, without saying which deficiency has which.</summary>
public sealed class AggregateFinding
{
    public long Id { get; set; }
    public long SurveyId { get; set; }
    public string Assessor { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public string EffectivePrecision { get; set; } = "day";
    public string Title { get; set; } = "";
    public string Confidence { get; set; } = "";
    public string? Note { get; set; }
    public Dictionary<string, int> Counts { get; set; } = [];
    public List<Source> Sources { get; set; } = [];

    public PartialDate Effective => PartialDate.FromStored(EffectiveOn, EffectivePrecision);

    public int Total => Counts.Values.Sum();

    /// <summary>The finding's provenance rests on its best source (the assessor's own document first).</summary>
    public Provenance Provenance => new(Assessor, Confidence, Sources.FirstOrDefault() is { } best ? new SourceBasis(best.Party, best.Kind) : null);

    /// <summary>The counts in the order of the assessor's vocabulary, for display.</summary>
    public IEnumerable<(Term Status, int Count)> OrderedCounts =>
        Assessors.Statuses.GetValueOrDefault(Assessor, [])
            .Where(t => Counts.ContainsKey(t.Code))
            .Select(t => (t, Counts[t.Code]));
}

public sealed class Deficiency
{
    public const string NotInRecord = "Details not yet in this record";

    public long Id { get; set; }
    public long SurveyId { get; set; }
    public string SurveyKey { get; set; } = "";
    public string SurveyTitle { get; set; } = "";

    /// <summary>The short name of the agency whose survey found the item (a case can hold another agency's survey).</summary>
    public string SurveyRegulator { get; set; } = "";
    public string Code { get; set; } = "";
    public int Slot { get; set; }
    public string? RegulatorNumber { get; set; }
    public string? Title { get; set; }
    public string? Area { get; set; }
    public string? LegalCitation { get; set; }
    public string? Finding { get; set; }
    public string? Notes { get; set; }
    public string? Confidence { get; set; }
    public int Version { get; set; }

    // The regulator's withdrawal of this finding, when a source says it withdrew it: the item stops counting among the
    // survey's standing deficiencies but stays on record, at its address, with its history.
    public DateOnly? WithdrawnOn { get; set; }
    public string? WithdrawnPrecision { get; set; }
    public long? WithdrawnSourceId { get; set; }
    public string? WithdrawnNote { get; set; }
    public string? WithdrawnSourceKey { get; set; }
    public string? WithdrawnSourceTitle { get; set; }
    public string? WithdrawnSourceUrl { get; set; }
    public string? WithdrawnSourcePublisher { get; set; }

    public bool IsWithdrawn => WithdrawnOn is not null;

    public PartialDate? Withdrawn =>
        WithdrawnOn is { } on ? PartialDate.FromStored(on, WithdrawnPrecision ?? "day") : null;

    /// <summary>"Withdrawn by DMHC on 12 March 2024", "… in March 2024": what the item's page and the list say.</summary>
    public string? WithdrawnSentence(string regulatorShort) => Withdrawn is { } on
        ? $"Withdrawn by {(string.IsNullOrEmpty(regulatorShort) ? "the regulator" : regulatorShort)} {(on.Precision == DatePrecision.Day ? "on" : "in")} {on}"
        : null;

    /// <summary>True when a source gives the item's title or its finding: either is enough to say what it is.</summary>
    public bool DetailsPublic => Title is not null || Finding is not null;

    public string DisplayTitle => Label(Title, Finding);

    /// <summary>
    /// The item's title; without one, its finding (shortened at a word to about 100 characters), since that says what
    /// the item is; without either, that its details are not yet in this record.
    /// </summary>
    public static string Label(string? title, string? finding)
    {
        if (title is not null) return title;
        if (finding is null) return NotInRecord;
        var text = finding.Trim();
        if (text.Length <= 100) return text;
        var cut = text.LastIndexOf(' ', 100);
        return text[..(cut > 40 ? cut : 100)].TrimEnd(',', ';', ':', '.') + "…";
    }
}

/// <summary>Something a source cites under a deficiency (a wait, a case) that is evidence, not a deficiency of its own.</summary>
public sealed class DeficiencyEvidence
{
    public long Id { get; set; }
    public long DeficiencyId { get; set; }
    public string Text { get; set; } = "";
    public long? SourceId { get; set; }
    public string Confidence { get; set; } = "";
    public string? Note { get; set; }
    public int SortOrder { get; set; }
    public string? SourceKey { get; set; }
    public string? SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public string? SourcePublisher { get; set; }
}

/// <summary>
/// A deficiency that repeats an earlier survey's finding, tied by a source that says so. Read with both items' codes,
/// titles and surveys, so a chain can be shown without further queries.
/// </summary>
public sealed class DeficiencyRepeat
{
    public long Id { get; set; }
    public long DeficiencyId { get; set; }
    public long EarlierDeficiencyId { get; set; }
    public long SourceId { get; set; }
    public string? Note { get; set; }
    public string Code { get; set; } = "";
    public string? Title { get; set; }
    public string SurveyKey { get; set; } = "";
    public string SurveyTitle { get; set; } = "";
    public string SurveyRegulator { get; set; } = "";
    public string EarlierCode { get; set; } = "";
    public string? EarlierTitle { get; set; }
    public long EarlierSurveyId { get; set; }
    public string EarlierSurveyKey { get; set; } = "";
    public string EarlierSurveyTitle { get; set; } = "";

    /// <summary>The short name of the agency whose survey made the earlier finding: not always the case's regulator.</summary>
    public string EarlierSurveyRegulator { get; set; } = "";
    public DateOnly? EarlierSurveyStartedOn { get; set; }
    public string? EarlierSurveyStartedPrecision { get; set; }
    public string SourceKey { get; set; } = "";
    public string SourceTitle { get; set; } = "";
    public string SourceUrl { get; set; } = "";
    public string SourcePublisher { get; set; } = "";

    public PartialDate? EarlierSurveyStarted => EarlierSurveyStartedOn is { } on
        ? PartialDate.FromStored(on, EarlierSurveyStartedPrecision ?? "day")
        : null;

    /// <summary>
    /// The earlier findings a deficiency repeats, followed back link by link (a 2022 item that repeats a 2013 item that
    /// itself repeats an older one), oldest first, each with the link that ties it.
    /// </summary>
    public static IReadOnlyList<DeficiencyRepeat> ChainOf(long deficiencyId, IReadOnlyList<DeficiencyRepeat> all)
    {
        var chain = new List<DeficiencyRepeat>();
        var seen = new HashSet<long> { deficiencyId };
        var frontier = new Queue<long>([deficiencyId]);
        while (frontier.TryDequeue(out var id))
        {
            foreach (var link in all.Where(r => r.DeficiencyId == id && seen.Add(r.EarlierDeficiencyId)))
            {
                chain.Add(link);
                frontier.Enqueue(link.EarlierDeficiencyId);
            }
        }
        return chain.OrderBy(r => r.EarlierSurveyStartedOn).ThenBy(r => r.EarlierCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>The items that repeat earlier findings, each with its chain: what the brief and the editions count.</summary>
    public static IReadOnlyList<(Deficiency Deficiency, IReadOnlyList<DeficiencyRepeat> Chain)> Chains(IEnumerable<Deficiency> deficiencies, IReadOnlyList<DeficiencyRepeat> all) =>
        all.Count == 0
            ? []
            : deficiencies.Select(d => (d, ChainOf(d.Id, all))).Where(x => x.Item2.Count > 0).ToList();

    /// <summary>"the 2012 routine survey (January 2012)".</summary>
    public string EarlierSurveyLabel => $"the {EarlierSurveyTitle}{(EarlierSurveyStarted is { } on ? $" ({on})" : "")}";
}

/// <summary>
/// How often a failure was found: once in the item's own survey and once in each earlier survey a source ties to it (two
/// earlier findings of one survey are one occasion), each named with the agency whose survey it was.
/// </summary>
public sealed class FindingOccasions
{
    /// <summary>What an occasion's agency is called when the record does not name it.</summary>
    public const string UnnamedAgency = "an agency not named in this record";

    private readonly List<(string Agency, string Survey)> occasions;
    private readonly string regulatorShort;

    private FindingOccasions(List<(string Agency, string Survey)> occasions, string regulatorShort)
    {
        this.occasions = occasions;
        this.regulatorShort = regulatorShort;
    }

    /// <summary>The item's own survey first, then each earlier survey of its chain, newest first.</summary>
    public static FindingOccasions Of(Deficiency deficiency, IReadOnlyList<DeficiencyRepeat> chain, string regulatorShort)
    {
        var list = new List<(string, string)> { (Agency(deficiency.SurveyRegulator), "the " + deficiency.SurveyTitle) };
        list.AddRange(EarlierSurveys(chain).Select(g => (Agency(g.First().EarlierSurveyRegulator), g.First().EarlierSurveyLabel)));
        return new FindingOccasions(list, regulatorShort.Trim());
    }

    /// <summary>The earlier surveys of a chain, newest first, each with the links to its items in code order.</summary>
    public static IReadOnlyList<IReadOnlyList<DeficiencyRepeat>> EarlierSurveys(IReadOnlyList<DeficiencyRepeat> chain) =>
        chain.GroupBy(r => r.EarlierSurveyId)
            .Select(g => (IReadOnlyList<DeficiencyRepeat>)g.OrderBy(r => r.EarlierCode, StringComparer.Ordinal).ToList())
            .OrderByDescending(g => g[0].EarlierSurveyStartedOn)
            .ThenBy(g => g[0].EarlierSurveyKey, StringComparer.Ordinal)
            .ToList();

    /// <summary>A survey's agency as a reader is told it: its short name, or that the record does not name it.</summary>
    public static string Agency(string regulator) => string.IsNullOrWhiteSpace(regulator) ? UnnamedAgency : regulator.Trim();

    public int Count => occasions.Count;

    /// <summary>The agencies that found it, in the order of the occasions.</summary>
    public IReadOnlyList<string> Agencies => occasions.Select(o => o.Agency).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when every occasion is the case regulator's: only then is it "found by the regulator".</summary>
    public bool AllByTheRegulator => regulatorShort.Length > 0 && occasions.All(o => o.Agency == regulatorShort);

    /// <summary>The clause as a sentence of its own: "Found on 2 occasions by the regulator."</summary>
    public string Sentence => char.ToUpperInvariant(Clause[0]) + Clause[1..] + ".";

    /// <summary>
    /// "found on 2 occasions by the regulator"; "found on 2 occasions by CMS"; "found on 3 occasions: by DMHC in the 2022
    /// survey and the 2017 routine survey (January 2017), and by CMS in the 2013 review (2013)".
    /// </summary>
    public string Clause
    {
        get
        {
            var times = $"found on {Format.Plural(Count, "occasion", "occasions")}";
            if (AllByTheRegulator)
            {
                return times + " by the regulator";
            }
            if (Agencies.Count == 1)
            {
                return $"{times} by {Agencies[0]}";
            }
            var groups = occasions.GroupBy(o => o.Agency, StringComparer.Ordinal)
                .Select(g => $"by {g.Key} in {Format.List(g.Select(o => o.Survey))}")
                .ToList();
            return $"{times}: {string.Join(", ", groups.Take(groups.Count - 1))}, and {groups[^1]}";
        }
    }
}

/// <summary>
/// A deficiency a source ties to earlier findings of the same failure, as the brief, the editions and the open data give
/// it: "found on 3 occasions: by … — earlier as …", with the numbers of the sources that tie them.
/// </summary>
public sealed record RepeatedFinding(string Code, string Title, int Times, string Found, IReadOnlyList<string> Earlier, string Path, IReadOnlyList<int> Sources)
{
    public string Sentence => $"{Found} — earlier as {string.Join("; ", Earlier)}";

    /// <summary>One item's repeat, from its chain (<see cref="DeficiencyRepeat.ChainOf"/>, not empty).</summary>
    public static RepeatedFinding For(Deficiency deficiency, IReadOnlyList<DeficiencyRepeat> chain, string regulatorShort, IReadOnlyList<int> sources)
    {
        var occasions = FindingOccasions.Of(deficiency, chain, regulatorShort);
        return new RepeatedFinding(
            deficiency.Code,
            deficiency.DisplayTitle,
            occasions.Count,
            occasions.Clause,
            FindingOccasions.EarlierSurveys(chain).Select(g => $"{Format.List(g.Select(r => r.EarlierCode))} of {g[0].EarlierSurveyLabel}").ToList(),
            "/deficiencies/" + deficiency.Code,
            sources);
    }

    /// <summary>Every deficiency of <paramref name="deficiencies"/> with earlier findings, citing the tying sources by <paramref name="cite"/>.</summary>
    public static IReadOnlyList<RepeatedFinding> Of(IEnumerable<Deficiency> deficiencies, IReadOnlyList<DeficiencyRepeat> links, string regulatorShort, Func<IEnumerable<long>, IReadOnlyList<int>> cite) =>
        DeficiencyRepeat.Chains(deficiencies, links)
            .Select(x => For(x.Deficiency, x.Chain, regulatorShort, cite(x.Chain.Select(r => r.SourceId))))
            .ToList();
}

/// <summary>A deficiency with the latest assessment of each assessor, for lists and the detail page.</summary>
public sealed class DeficiencySummary
{
    public required Deficiency Deficiency { get; init; }

    public required IReadOnlyDictionary<string, StatusChange> Latest { get; init; }

    public StatusChange? LatestOf(string assessor) => Latest.GetValueOrDefault(assessor);

    /// <summary>The regulator's individual status, or null when the regulator has given none for this item.</summary>
    public string? RegulatorStatus => LatestOf(Assessors.Regulator)?.ToStatus;

    public StatusChange? LastChange => Latest.Values.OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).FirstOrDefault();

    /// <summary>
    /// True when assessors give statuses that cannot all be true: one says corrected while another says not.
    /// "No claim" and "no evidence" say nothing, so they never disagree.
    /// </summary>
    public bool HasDisagreement
    {
        get
        {
            var views = Latest.Values.Select(c => Agreement.Classify(c.ToStatus)).Where(v => v is not null).Distinct().Count();
            return views > 1;
        }
    }
}

public static class Agreement
{
    /// <summary>Reduces each assessor's vocabulary to "fixed" or "not fixed" so they can be compared (StatusTones' table).</summary>
    public static string? Classify(string? status) => StatusTones.SideOf(status);
}

public static class DeficiencyBoard
{
    /// <summary>Pairs each deficiency with the latest assessment of each assessor.</summary>
    public static IReadOnlyList<DeficiencySummary> Build(IEnumerable<Deficiency> deficiencies, IEnumerable<StatusChange> latest)
    {
        var bySubject = latest.Where(c => c.Assessor is not null).ToLookup(c => c.SubjectId);
        return deficiencies
            .Select(d => new DeficiencySummary
            {
                Deficiency = d,
                Latest = bySubject[d.Id].ToDictionary(c => c.Assessor!, StringComparer.Ordinal),
            })
            .ToList();
    }
}
