using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Settlement;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(ObligationStore obligations, StatusChangeStore changes, TimelineStore timeline, WithdrawalStore withdrawals, CaseClock clock, Cases.CaseStore cases) : PageModel
{
    /// <summary>What the obligations come from: the headings say "settlement", "order"… as the case does.</summary>
    public Cases.ObligationOrigins.Origin Origin { get; private set; } = Cases.ObligationOrigins.Of(null);

    public IReadOnlyList<ObligationView> Terms { get; private set; } = [];
    public ILookup<long, StatusChange> History { get; private set; } = Enumerable.Empty<StatusChange>().ToLookup(c => c.SubjectId);
    public ILookup<long, TimelineItem> Deadlines { get; private set; } = Enumerable.Empty<TimelineItem>().ToLookup(t => t.Id);

    /// <summary>Each term's due date and the ways its status, ledger and deadlines disagree, by the term's id.</summary>
    public IReadOnlyDictionary<long, ObligationStory> Stories { get; private set; } = new Dictionary<long, ObligationStory>();

    /// <summary>Terms whose recorded facts disagree, in the order of the cards.</summary>
    public IEnumerable<ObligationStory> Disagreeing => AllTerms.Select(t => Stories[t.View.Obligation.Id]).Where(s => s.HasDisagreement);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Origin = (await cases.GetAsync(cancellationToken))?.Origin ?? Cases.ObligationOrigins.Of(null);
        var list = await obligations.ListAsync(cancellationToken);
        var ledger = (await obligations.ListLedgerAsync(cancellationToken)).ToLookup(l => l.ObligationId);
        var sources = await obligations.ListSourcesAsync(cancellationToken);
        var withdrawnLinks = await withdrawals.ListWithdrawnLinksAsync("obligation", cancellationToken);
        var history = await changes.ListForTypeAsync("obligation", cancellationToken);
        History = history.ToLookup(c => c.SubjectId);
        var latest = history.Where(c => c.Stands)
            .GroupBy(c => c.SubjectId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).First());
        Deadlines = (await timeline.ListAsync(cancellationToken)).Where(t => t.ObligationId is not null).ToLookup(t => t.ObligationId!.Value);

        var children = list.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value);
        ObligationView View(Obligation o) => new()
        {
            Obligation = o,
            Status = latest.GetValueOrDefault(o.Id),
            Ledger = ledger[o.Id].ToList(),
            Sources = sources[o.Id].ToList(),
            WithdrawnLinks = withdrawnLinks[o.Id].ToList(),
            Children = children[o.Id].Select(View).ToList(),
        };
        Terms = list.Where(o => o.ParentId is null).Select(View).ToList();
        var today = clock.Today;
        var deadlines = Deadlines.SelectMany(g => g).ToList();
        Stories = AllTerms.ToDictionary(t => t.View.Obligation.Id, t => ObligationStory.Of(t.View, deadlines, today));
    }

    /// <summary>
    /// The code of an earlier term whose note reads word for word as this one's, so print gives a repeated explanation
    /// once ("As for O-5a."); null where the text is the term's own.
    /// </summary>
    public string? SameNoteAs(Obligation o, Func<Obligation, string?> note)
    {
        var text = note(o);
        return text is null
            ? null
            : AllTerms.Select(t => t.View.Obligation).TakeWhile(t => t.Id != o.Id).FirstOrDefault(t => note(t) == text)?.Code;
    }

    /// <summary>
    /// Every source the terms cite, once, numbered in the order the cards first cite it: print lists them at the end and a
    /// card gives their numbers, where on screen each card lists its own.
    /// </summary>
    public IReadOnlyList<Sources.Source> CitedSources => cited ??= AllTerms
        .SelectMany(t => Sources.Source.BestFirst(t.View.Sources))
        .DistinctBy(s => s.Id)
        .ToList();

    private List<Sources.Source>? cited;

    /// <summary>The numbers of a term's sources in <see cref="CitedSources"/>, best first.</summary>
    public IReadOnlyList<int> SourceNumbers(ObligationView view)
    {
        var numbers = CitedSources.Select((s, i) => (s.Id, Number: i + 1)).ToDictionary(p => p.Id, p => p.Number);
        return Sources.Source.BestFirst(view.Sources).Select(s => numbers[s.Id]).ToList();
    }

    /// <summary>
    /// A term's description split where its first sentence is word for word the first sentence of the term printed before
    /// it ("One of the eight corrective-action areas…"): print gives that sentence once. Lead is null where the whole text is the term's own.
    /// </summary>
    public (string? Lead, string Remainder) Description(Obligation o)
    {
        var text = o.Description ?? "";
        var previous = AllTerms.Select(t => t.View.Obligation).TakeWhile(t => t.Id != o.Id).LastOrDefault()?.Description;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        if (previous is null || end < 0 || !previous.StartsWith(text[..(end + 2)], StringComparison.Ordinal))
        {
            return (null, text);
        }
        return (text[..(end + 1)], text[(end + 2)..]);
    }

    /// <summary>Every term with its depth under its parent, in the order of the cards, for the table at the top.</summary>
    public IEnumerable<(ObligationView View, int Depth)> AllTerms => Flatten(Terms, 0);

    private static IEnumerable<(ObligationView View, int Depth)> Flatten(IEnumerable<ObligationView> views, int depth) =>
        views.SelectMany(v => Flatten(v.Children, depth + 1).Prepend((v, depth)));
}
