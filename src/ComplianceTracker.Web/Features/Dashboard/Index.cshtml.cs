using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Dashboard;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(
    CaseStore cases,
    SurveyStore surveys,
    DeficiencyStore deficiencies,
    StatusChangeStore changes,
    ObligationStore obligations,
    TimelineStore timeline,
    CaseClock clock) : PageModel
{
    public CaseRecord Case { get; private set; } = new();
    public Survey? PrimarySurvey { get; private set; }
    public RegulatorCount? Counts { get; private set; }

    /// <summary>The newest aggregate finding of each other assessor on the primary survey: shown as such, beside the headline's.</summary>
    public IReadOnlyList<AggregateFinding> OtherFindings { get; private set; } = [];
    public TimelineItem? KeyDeadline { get; private set; }
    public DeadlineStanding KeyDeadlineStanding { get; private set; }
    public DateOnly Today { get; private set; }
    public Money Money { get; private set; } = new();

    /// <summary>Settlement terms whose status, ledger and deadline outcome contradict each other.</summary>
    public IReadOnlyList<ObligationStory> Stories { get; private set; } = [];
    public IReadOnlyList<LatestEntry> Latest { get; private set; } = [];
    public Completeness Completeness { get; private set; } = new();
    public IReadOnlyList<TimelineItem> PassedDeadlines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today;
        Case = await cases.GetAsync(cancellationToken) ?? new CaseRecord { Title = "No case loaded" };

        var allSurveys = await surveys.ListAsync(cancellationToken);
        PrimarySurvey = allSurveys.FirstOrDefault(s => s.Key == Case.PrimarySurveyKey);
        var allDeficiencies = await deficiencies.ListAsync(cancellationToken);
        var latest = await changes.ListLatestAsync("deficiency", cancellationToken);
        // Each survey's findings are read once: the headline uses the primary survey's, "latest on record" all of them.
        var findingsBySurvey = new Dictionary<long, IReadOnlyList<AggregateFinding>>();
        foreach (var survey in allSurveys)
        {
            findingsBySurvey[survey.Id] = await surveys.ListFindingsAsync(survey.Id, cancellationToken);
        }
        if (PrimarySurvey is not null)
        {
            var findings = findingsBySurvey[PrimarySurvey.Id];
            // A finding the regulator withdrew is no longer one of the survey's deficiencies, known or unknown.
            var ofSurvey = allDeficiencies.Where(d => d.SurveyId == PrimarySurvey.Id && !d.IsWithdrawn).ToList();
            Counts = RegulatorCount.ForSurvey(PrimarySurvey, allDeficiencies, latest, findings, Case.HeadlineAssessor);
            OtherFindings = findings.Where(f => f.Assessor != Case.HeadlineAssessor)
                .GroupBy(f => f.Assessor).Select(g => g.First()).ToList();
            Completeness = Completeness with
            {
                DeficienciesTotal = ofSurvey.Count,
                DeficienciesWithoutDetails = ofSurvey.Count(d => !d.DetailsPublic),
            };
        }

        var items = await timeline.ListAsync(cancellationToken);
        KeyDeadline = items.FirstOrDefault(i => i.Code == Case.KeyDeadlineCode);
        if (KeyDeadline is not null)
        {
            KeyDeadlineStanding = DeadlineStanding.Of(KeyDeadline, Today);
        }
        PassedDeadlines = items.Where(i => DeadlineStanding.HasPassed(i, Today)).ToList();

        var obligationList = await obligations.ListAsync(cancellationToken);
        var ledger = await obligations.ListLedgerAsync(cancellationToken);
        var obligationStatus = (await changes.ListLatestAsync("obligation", cancellationToken)).ToDictionary(c => c.SubjectId);
        Money = Money.From(obligationList, ledger, obligationStatus);
        var stories = ObligationStory.ForAll(obligationList, ledger, obligationStatus, items, Today);
        Stories = obligationList.Select(o => stories[o.Id]).Where(s => s.HasDisagreement).ToList();

        var findingsOfAll = allSurveys.SelectMany(survey => findingsBySurvey[survey.Id].Select(f => (survey, f))).ToList();
        Latest = LatestEntry.Newest(await changes.ListRecentAsync(8, cancellationToken), findingsOfAll, items, Today, 8);
        Completeness = Completeness with
        {
            UnsourcedDeficiencies = await deficiencies.CountUnsourcedAsync(cancellationToken),
            UnsourcedObligations = await obligations.CountUnsourcedAsync(cancellationToken),
            UnsourcedTimelineItems = await timeline.CountUnsourcedAsync(cancellationToken),
            UnsourcedStatusChanges = await changes.CountWithoutSourceAsync(cancellationToken),
        };
    }
}

/// <summary>
/// One line of the dashboard's "latest on record": a status entry, a regulator's aggregate finding or a dated event,
/// whichever is newest by the date it took effect, so the case's latest news leads, whatever kind it is.
/// </summary>
public sealed record LatestEntry(PartialDate Date, string Href, string ItemLabel, string What, StatusChange? Change, Provenance? Provenance, string? SourceTitle, string? SourceUrl)
{
    public static IReadOnlyList<LatestEntry> Newest(
        IEnumerable<StatusChange> changes,
        IEnumerable<(Survey Survey, AggregateFinding Finding)> findings,
        IEnumerable<TimelineItem> items,
        DateOnly today,
        int count)
    {
        var entries = new List<LatestEntry>();
        foreach (var c in changes)
        {
            var href = c.SubjectType == "deficiency" ? $"/deficiencies/{c.SubjectCode}" : c.SubjectType == "obligation" ? $"/settlement#{c.SubjectCode}" : $"/timeline#{c.SubjectCode}";
            entries.Add(new(c.Effective, href, $"{c.SubjectCode} {c.SubjectLabel}", c.Movement, c, c.Provenance, c.SourceTitle, c.SourceUrl));
        }
        foreach (var (survey, f) in findings)
        {
            var what = string.Join(", ", f.OrderedCounts.Select(x => $"{x.Count} {x.Status.Label.ToLowerInvariant()}")) + $" of {f.Total}";
            var best = f.Sources.FirstOrDefault();
            entries.Add(new(f.Effective, $"/deficiencies?survey={survey.Key}", f.Title, what, null, f.Provenance, best?.Title, best?.Url));
        }
        foreach (var i in items.Where(i => !i.IsDeadline && i.Occurs.Start <= today))
        {
            var best = Sources.Source.BestFirst(i.Sources).FirstOrDefault();
            entries.Add(new(i.Occurs, $"/timeline#{i.Code}", i.Title, "Event", null, null, best?.Title, best?.Url));
        }
        return entries
            .OrderByDescending(e => e.Date.Start)
            .ThenByDescending(e => e.Change?.Id ?? 0)
            .Take(count)
            .ToList();
    }
}

/// <summary>How much of the record is still unknown or unsourced.</summary>
public sealed record Completeness
{
    public int DeficienciesTotal { get; init; }
    public int DeficienciesWithoutDetails { get; init; }

    /// <summary>"17 of 20 deficiencies have no details in this record yet.", "All 4 deficiencies have details in this record.": a zero is said in words.</summary>
    public string DetailsSentence => DeficienciesWithoutDetails switch
    {
        0 when DeficienciesTotal == 1 => "The one deficiency has details in this record.",
        0 => $"All {DeficienciesTotal.ToString("N0", Format.Us)} deficiencies have details in this record.",
        var n when n == DeficienciesTotal => DeficienciesTotal == 1 ? "The one deficiency has no details in this record yet." : $"None of the {DeficienciesTotal.ToString("N0", Format.Us)} deficiencies has details in this record yet.",
        1 => $"1 of {DeficienciesTotal.ToString("N0", Format.Us)} deficiencies has no details in this record yet.",
        var n => $"{n.ToString("N0", Format.Us)} of {DeficienciesTotal.ToString("N0", Format.Us)} deficiencies have no details in this record yet.",
    };
    public int UnsourcedDeficiencies { get; init; }
    public int UnsourcedObligations { get; init; }
    public int UnsourcedTimelineItems { get; init; }
    public int UnsourcedStatusChanges { get; init; }

    public int UnsourcedClaims => UnsourcedDeficiencies + UnsourcedObligations + UnsourcedTimelineItems + UnsourcedStatusChanges;
}
