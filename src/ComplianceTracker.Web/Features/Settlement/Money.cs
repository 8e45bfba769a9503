using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Settlement;

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
