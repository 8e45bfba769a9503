using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Settlement;

/// <summary>The money side of the settlement, from obligations and their ledgers. Only sourced ledger amounts count as paid or spent.</summary>
public sealed record Money
{
    public decimal FineTotal { get; init; }
    /// <summary>Null when no source reports a payment: unknown, not $0.</summary>
    public decimal? FinePaid { get; init; }
    public decimal FineDueUnconfirmed { get; init; }
    public DateOnly? FineDueOn { get; init; }

    /// <summary>The newest sourced money figure on record: the as-of date of the money card.</summary>
    public PartialDate? LatestFigureOn { get; init; }
    public decimal Contingent { get; init; }

    /// <summary>Fine money a source reports the regulator waived; null when none is reported.</summary>
    public decimal? FineWaived { get; init; }

    /// <summary>Restitution terms (top level), and what sources report paid of them (null: unknown).</summary>
    public IReadOnlyList<MoneyTerm> Restitutions { get; init; } = [];
    public decimal? RestitutionPaid { get; init; }

    /// <summary>The most the plan may have to pay if a condition is not met: a ceiling, never added to what is owed.</summary>
    public IReadOnlyList<MoneyTerm> Ceilings { get; init; } = [];

    /// <summary>Other amounts a term names (kind "other" with an amount), each under its own title.</summary>
    public IReadOnlyList<MoneyTerm> OtherAmounts { get; init; } = [];
    public decimal InvestmentCommitted { get; init; }
    /// <summary>Null when no source reports spending: unknown, not $0.</summary>
    public decimal? InvestmentReported { get; init; }

    /// <summary>The case's fines (top-level payment terms): two fines are two lines, never one summed fine.</summary>
    public IReadOnlyList<MoneyTerm> Fines { get; init; } = [];

    /// <summary>The case's investment terms (top level).</summary>
    public IReadOnlyList<MoneyTerm> Investments { get; init; } = [];

    /// <summary>Payment terms owed only if a condition occurs, each with its condition in the term's own words.</summary>
    public IReadOnlyList<MoneyTerm> ContingentTerms { get; init; } = [];

    public bool HasFine => Fines.Count > 0;
    public bool HasInvestment => Investments.Count > 0;
    public bool HasRestitution => Restitutions.Count > 0;
    public bool HasContingent => ContingentTerms.Count > 0;

    /// <summary>A case with no money terms shows no money card and no "$0".</summary>
    public bool IsEmpty => !HasFine && !HasInvestment && !HasRestitution && Ceilings.Count == 0 && OtherAmounts.Count == 0;

    public decimal RestitutionTotal => Cents.Plain(Restitutions.Sum(r => r.Amount ?? 0));

    /// <summary>
    /// The money that is neither a fine nor an investment, one sentence a kind, each named for what it is:
    /// "$2M restitution ordered; $1.2M reported paid, per sources.", "Up to $1M more if …: a maximum, not a sum owed."
    /// </summary>
    public IEnumerable<string> OtherSentences
    {
        get
        {
            if (HasRestitution)
            {
                var ordered = Restitutions.Count == 1
                    ? (Restitutions[0].Amount is { } amount ? $"{Format.Usd(amount)} restitution ordered" : "Restitution of an amount no source gives")
                    : $"{Restitutions.Count} restitution terms: {Format.List(Restitutions.Select(r => $"{Format.UsdOrUnknown(r.Amount)} ({r.Title})"))}";
                yield return RestitutionPaid is { } paid
                    ? $"{ordered}; {Format.Usd(paid)} reported paid, per sources."
                    : $"{ordered}; amount paid: unknown (no source reports a payment).";
            }
            foreach (var c in Ceilings)
            {
                var amount = c.Amount is { } a ? "Up to " + Format.Usd(a) : "Up to an amount no source gives";
                yield return $"{amount} ({c.Title}): a maximum, not a sum owed{(c.Condition is null ? "." : ". " + c.Condition)}";
            }
            foreach (var o in OtherAmounts)
            {
                yield return $"{Format.UsdOrUnknown(o.Amount)}: {o.Title}.";
            }
        }
    }

    /// <summary>"$50M fine." or "2 separate fines: $750,000 (Late claims) and $300,000 (Network adequacy)."</summary>
    public string FineSentence => Fines.Count == 1
        ? (Fines[0].Amount is { } amount ? $"{Format.Usd(amount)} fine." : "A fine of an amount no source gives.")
        : $"{Fines.Count} separate fines: {Format.List(Fines.Select(f => $"{Format.UsdOrUnknown(f.Amount)} ({f.Title})"))}.";

    /// <summary>What is known of payment: a plain part and, when nothing confirms payment, the part shown as unknown.</summary>
    public (string Known, string? Unknown) Payment => FinePaid is { } paid
        ? (FineWaived is { } waived ? $"{Format.Usd(paid)} paid and {Format.Usd(waived)} waived, per sources." : $"{Format.Usd(paid)} paid, per sources.", null)
        : FineWaived is { } waivedOnly
            ? ($"{Format.Usd(waivedOnly)} waived, per sources; amount paid:", "unknown (no source reports a payment).")
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
        .Concat(HasInvestment ? [Investments.Count == 1 ? $"{Format.UsdOrUnknown(Investments[0].Amount)} investment" : $"{Investments.Count} investments"] : [])
        .Concat(HasRestitution ? [Restitutions.Count == 1 ? $"{Format.UsdOrUnknown(Restitutions[0].Amount)} restitution" : $"{Restitutions.Count} restitution terms"] : []));

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
        // A term's money kind is its own, or its nearest parent's: a maximum penalty under a fine is a ceiling, not fine.
        string? KindOf(Obligation o) => MoneyKinds.Contains(o.Kind) ? o.Kind : o.ParentId is { } p && byId.TryGetValue(p, out var parent) ? KindOf(parent) : null;
        bool Under(Obligation o, string kind) => KindOf(o) == kind;
        // The top of a kind: a term whose parent is not of the same kind (a ceiling's parent may be a fine).
        bool Top(Obligation o) => o.ParentId is not { } p || !byId.TryGetValue(p, out var parent) || KindOf(parent) != KindOf(o);
        string StatusOf(Obligation o) => status.TryGetValue(o.Id, out var c) ? c.ToStatus : "unknown";

        var payments = obligations.Where(o => Under(o, "payment")).ToList();
        var restitutions = obligations.Where(o => Under(o, "restitution")).ToList();
        var restitutionIds = restitutions.Select(o => o.Id).ToHashSet();
        var paymentIds = payments.Select(o => o.Id).ToHashSet();
        var investments = obligations.Where(o => Under(o, "investment")).ToList();
        var investmentIds = investments.Select(o => o.Id).ToHashSet();
        var dueParts = payments.Where(o => !Top(o) && o.DueOn is not null && StatusOf(o) != "met").ToList();

        return new Money
        {
            FineTotal = Cents.Plain(payments.Where(Top).Sum(o => o.AmountUsd ?? 0)),
            FineWaived = SumOrNull(ledger.Where(l => paymentIds.Contains(l.ObligationId) && l.Entry == "waived" && l.Counts)),
            Restitutions = restitutions.Where(Top).Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            RestitutionPaid = SumOrNull(ledger.Where(l => restitutionIds.Contains(l.ObligationId) && l.Entry == "paid" && l.Counts)),
            Ceilings = obligations.Where(o => o.Kind == "ceiling")
                .Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, FirstSentence(o.StatusNote ?? o.Description))).ToList(),
            OtherAmounts = obligations.Where(o => o.Kind == "other" && o.AmountUsd is not null && KindOf(o) is null)
                .Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            FinePaid = SumOrNull(ledger.Where(l => paymentIds.Contains(l.ObligationId) && l.Entry == "paid" && l.Counts)),
            FineDueUnconfirmed = Cents.Plain(dueParts.Sum(o => o.AmountUsd ?? 0)),
            FineDueOn = dueParts.Select(o => o.DueOn).Min(),
            LatestFigureOn = ledger.Where(l => l.Counts && (paymentIds.Contains(l.ObligationId) || investmentIds.Contains(l.ObligationId) || restitutionIds.Contains(l.ObligationId)))
                .Select(l => (PartialDate?)l.Occurred).Max(),
            Contingent = Cents.Plain(payments.Where(o => StatusOf(o) == "contingent").Sum(o => o.AmountUsd ?? 0)),
            InvestmentCommitted = Cents.Plain(investments.Where(Top).Sum(o => o.AmountUsd ?? 0)),
            InvestmentReported = SumOrNull(ledger.Where(l => investmentIds.Contains(l.ObligationId) && l.Entry == "reported-spent" && l.Counts)),
            Fines = payments.Where(Top).Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            Investments = investments.Where(Top).Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, null)).ToList(),
            ContingentTerms = payments.Where(o => StatusOf(o) == "contingent")
                .Select(o => new MoneyTerm(o.Code, o.Title, o.AmountUsd, FirstSentence(o.StatusNote ?? o.Description))).ToList(),
        };
    }

    /// <summary>The kinds of term that are money, each summed and shown under its own name.</summary>
    public static readonly IReadOnlySet<string> MoneyKinds = new HashSet<string>(StringComparer.Ordinal) { "payment", "investment", "restitution", "ceiling" };

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

    private static decimal? SumOrNull(IEnumerable<LedgerEntry> entries)
    {
        var list = entries.ToList();
        return list.Count == 0 ? null : Cents.Plain(list.Sum(l => l.AmountUsd));
    }
}

/// <summary>One money term: its code, title, amount (null when no source gives it) and, for a contingent one, its condition.</summary>
public sealed record MoneyTerm(string Code, string Title, decimal? Amount, string? Condition);
