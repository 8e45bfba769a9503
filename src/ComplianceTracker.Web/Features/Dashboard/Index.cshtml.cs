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

/// <summary>The money side of the settlement, from obligations and their ledgers. Only sourced ledger amounts count as paid or spent.</summary>
public sealed record Money
{
    public long FineTotal { get; init; }
    /// <summary>Null when no source reports a payment: unknown, not $0.</summary>
    public long? FinePaid { get; init; }
    public long FineDueUnconfirmed { get; init; }
    public DateOnly? FineDueOn { get; init; }

    /// <summary>The newest sourced money figure on record: the as-of date of the money card.</summary>
    public PartialDate? LatestFigureOn { get; init; }
    public long Contingent { get; init; }
    public long InvestmentCommitted { get; init; }
    /// <summary>Null when no source reports spending: unknown, not $0.</summary>
    public long? InvestmentReported { get; init; }

    /// <summary>The case's fines (top-level payment terms): two fines are two lines, never one summed fine.</summary>
    public IReadOnlyList<MoneyTerm> Fines { get; init; } = [];

    /// <summary>The case's investment terms (top level).</summary>
    public IReadOnlyList<MoneyTerm> Investments { get; init; } = [];

    /// <summary>Payment terms owed only if a condition occurs, each with its condition in the term's own words.</summary>
    public IReadOnlyList<MoneyTerm> ContingentTerms { get; init; } = [];

    public bool HasFine => Fines.Count > 0;
    public bool HasInvestment => Investments.Count > 0;

    /// <summary>A case with no money terms shows no money card and no "$0".</summary>
    public bool IsEmpty => !HasFine && !HasInvestment;

    /// <summary>"$50M fine." or "2 separate fines: $750,000 (Late claims) and $300,000 (Network adequacy)."</summary>
    public string FineSentence => Fines.Count == 1
        ? (Fines[0].Amount is { } amount ? $"{Format.Usd(amount)} fine." : "A fine of an amount no source gives.")
        : $"{Fines.Count} separate fines: {Format.List(Fines.Select(f => $"{Format.UsdOrUnknown(f.Amount)} ({f.Title})"))}.";

    /// <summary>What is known of payment: a plain part and, when nothing confirms payment, the part shown as unknown.</summary>
    public (string Known, string? Unknown) Payment => FinePaid is { } paid
        ? ($"{Format.Usd(paid)} paid, per sources.", null)
        : FineDueUnconfirmed > 0
            ? ($"{Format.Usd(FineDueUnconfirmed)} was due{(FineDueOn is { } due ? " by " + Format.Day(due) : "")}; amount paid:", "unknown (no source confirms payment).")
            : ("Amount paid:", "unknown (no source reports a payment).");

    /// <summary>"$150M investment committed;"</summary>
    public string InvestmentSentence => Investments.Count == 1
        ? (Investments[0].Amount is { } amount ? $"{Format.Usd(amount)} investment committed;" : "An investment of an amount no source gives;")
        : $"{Investments.Count} investments committed, {Format.List(Investments.Select(i => $"{Format.UsdOrUnknown(i.Amount)} ({i.Title})"))};";

    /// <summary>"$50M fine", "2 separate fines", "$150M investment": the money in a few words, for a figure.</summary>
    public string Figure => Format.List(
        (HasFine ? [Fines.Count == 1 ? $"{Format.UsdOrUnknown(Fines[0].Amount)} fine" : $"{Fines.Count} separate fines"] : Array.Empty<string>())
        .Concat(HasInvestment ? [Investments.Count == 1 ? $"{Format.UsdOrUnknown(Investments[0].Amount)} investment" : $"{Investments.Count} investments"] : []));

    /// <summary>What is known of spending, split as <see cref="Payment"/> is.</summary>
    public (string Known, string? Unknown) Spending => InvestmentReported is { } spent
        ? ($"{Format.Usd(spent)} reported spent.", null)
        : ("", "amount spent: unknown (no source reports any spending).");

    /// <summary>"$10M contingent. The $10 million depends on…": the condition in the term's own words.</summary>
    public IEnumerable<string> ContingentSentences => ContingentTerms.Select(t =>
        $"{(t.Amount is { } amount ? Format.Usd(amount) + " contingent" : "Contingent, amount unknown")}{(t.Condition is null ? $" ({t.Title})." : ". " + t.Condition)}");

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
            FinePaid = SumOrNull(ledger.Where(l => paymentIds.Contains(l.ObligationId) && l.Entry == "paid" && l.Counts)),
            FineDueUnconfirmed = dueParts.Sum(o => o.AmountUsd ?? 0),
            FineDueOn = dueParts.Select(o => o.DueOn).Min(),
            LatestFigureOn = ledger.Where(l => l.Counts && (paymentIds.Contains(l.ObligationId) || investmentIds.Contains(l.ObligationId)))
                .Select(l => (PartialDate?)l.Occurred).Max(),
            Contingent = payments.Where(o => StatusOf(o) == "contingent").Sum(o => o.AmountUsd ?? 0),
            InvestmentCommitted = investments.Where(o => o.ParentId is null).Sum(o => o.AmountUsd ?? 0),
            InvestmentReported = SumOrNull(ledger.Where(l => investmentIds.Contains(l.ObligationId) && l.Entry == "reported-spent" && l.Counts)),
            Fines = payments.Where(o => o.ParentId is null).Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            Investments = investments.Where(o => o.ParentId is null).Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            ContingentTerms = payments.Where(o => StatusOf(o) == "contingent")
                .Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, FirstSentence(o.StatusNote ?? o.Description))).ToList(),
        };
    }

    /// <summary>The first sentence of a term's own text: its condition, without the paragraph that follows.</summary>
    private static string? FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        for (var i = 1; i < trimmed.Length - 2; i++)
        {
            if (trimmed[i] == '.' && trimmed[i + 1] == ' ' && char.IsUpper(trimmed[i + 2]) && !char.IsUpper(trimmed[i - 1]))
            {
                return trimmed[..(i + 1)];
            }
        }
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    private static long? SumOrNull(IEnumerable<LedgerEntry> entries)
    {
        var list = entries.ToList();
        return list.Count == 0 ? null : list.Sum(l => l.AmountUsd);
    }
}

/// <summary>One money term: its code, title, amount (null when no source gives it) and, for a contingent one, its condition.</summary>
public sealed record MoneyTerm(string Code, string Title, long? Amount, string? Condition);

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
