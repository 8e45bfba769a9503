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
    public TimelineItem? KeyDeadline { get; private set; }
    public DeadlineStanding KeyDeadlineStanding { get; private set; }
    public DateOnly Today { get; private set; }
    public Money Money { get; private set; } = new();
    public IReadOnlyList<StatusChange> RecentChanges { get; private set; } = [];
    public Completeness Completeness { get; private set; } = new();
    public IReadOnlyList<TimelineItem> OverdueDeadlines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today;
        Case = await cases.GetAsync(cancellationToken) ?? new CaseRecord { Title = "No case loaded" };

        var allSurveys = await surveys.ListAsync(cancellationToken);
        PrimarySurvey = allSurveys.FirstOrDefault(s => s.Key == Case.PrimarySurveyKey);
        var allDeficiencies = await deficiencies.ListAsync(cancellationToken);
        var latest = await changes.ListLatestAsync("deficiency", cancellationToken);
        if (PrimarySurvey is not null)
        {
            var findings = await surveys.ListFindingsAsync(PrimarySurvey.Id, cancellationToken);
            var ofSurvey = allDeficiencies.Where(d => d.SurveyId == PrimarySurvey.Id).ToList();
            Counts = RegulatorCount.ForSurvey(PrimarySurvey, allDeficiencies, latest, findings);
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
        OverdueDeadlines = items.Where(i => i.IsDeadline && DeadlineStanding.Of(i, Today).IsOverdue).ToList();

        var obligationList = await obligations.ListAsync(cancellationToken);
        var ledger = await obligations.ListLedgerAsync(cancellationToken);
        var obligationStatus = (await changes.ListLatestAsync("obligation", cancellationToken)).ToDictionary(c => c.SubjectId);
        Money = Money.From(obligationList, ledger, obligationStatus);

        RecentChanges = await changes.ListRecentAsync(6, cancellationToken);
        Completeness = Completeness with
        {
            UnsourcedDeficiencies = await deficiencies.CountUnsourcedAsync(cancellationToken),
            UnsourcedObligations = await obligations.CountUnsourcedAsync(cancellationToken),
            UnsourcedTimelineItems = await timeline.CountUnsourcedAsync(cancellationToken),
            UnsourcedStatusChanges = await changes.CountWithoutSourceAsync(cancellationToken),
        };
    }
}

/// <summary>The money side of the settlement, from obligations and their ledgers. Only sourced ledger amounts count as paid or spent.</summary>
public sealed record Money
{
    public long FineTotal { get; init; }
    public long FinePaid { get; init; }
    public long FineDueUnconfirmed { get; init; }
    public DateOnly? FineDueOn { get; init; }
    public long Contingent { get; init; }
    public long InvestmentCommitted { get; init; }
    public long InvestmentReported { get; init; }

    public static Money From(IReadOnlyList<Obligation> obligations, IReadOnlyList<LedgerEntry> ledger, IReadOnlyDictionary<long, StatusChange> status)
    {
        var byId = obligations.ToDictionary(o => o.Id);
        bool Under(Obligation o, string kind) => o.Kind == kind || (o.ParentId is { } p && byId.TryGetValue(p, out var parent) && Under(parent, kind));
        string StatusOf(Obligation o) => status.TryGetValue(o.Id, out var c) ? c.ToStatus : "unknown";

        var payments = obligations.Where(o => Under(o, "payment")).ToList();
        var paymentIds = payments.Select(o => o.Id).ToHashSet();
        var investments = obligations.Where(o => Under(o, "investment")).ToList();
        var investmentIds = investments.Select(o => o.Id).ToHashSet();
        var dueParts = payments.Where(o => o.ParentId is not null && o.DueOn is not null && StatusOf(o) != "met").ToList();

        return new Money
        {
            FineTotal = payments.Where(o => o.ParentId is null).Sum(o => o.AmountUsd ?? 0),
            FinePaid = ledger.Where(l => paymentIds.Contains(l.ObligationId) && l.Entry == "paid" && l.Counts).Sum(l => l.AmountUsd),
            FineDueUnconfirmed = dueParts.Sum(o => o.AmountUsd ?? 0),
            FineDueOn = dueParts.Select(o => o.DueOn).Min(),
            Contingent = payments.Where(o => StatusOf(o) == "contingent").Sum(o => o.AmountUsd ?? 0),
            InvestmentCommitted = investments.Where(o => o.ParentId is null).Sum(o => o.AmountUsd ?? 0),
            InvestmentReported = ledger.Where(l => investmentIds.Contains(l.ObligationId) && l.Entry == "reported-spent" && l.Counts).Sum(l => l.AmountUsd),
        };
    }
}

/// <summary>How much of the record is still unknown or unsourced.</summary>
public sealed record Completeness
{
    public int DeficienciesTotal { get; init; }
    public int DeficienciesWithoutDetails { get; init; }
    public int UnsourcedDeficiencies { get; init; }
    public int UnsourcedObligations { get; init; }
    public int UnsourcedTimelineItems { get; init; }
    public int UnsourcedStatusChanges { get; init; }

    public int UnsourcedClaims => UnsourcedDeficiencies + UnsourcedObligations + UnsourcedTimelineItems + UnsourcedStatusChanges;
}
