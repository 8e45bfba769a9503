using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Settlement;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(ObligationStore obligations, StatusChangeStore changes, TimelineStore timeline, WithdrawalStore withdrawals) : PageModel
{
    public IReadOnlyList<ObligationView> Terms { get; private set; } = [];
    public ILookup<long, StatusChange> History { get; private set; } = Enumerable.Empty<StatusChange>().ToLookup(c => c.SubjectId);
    public ILookup<long, TimelineItem> Deadlines { get; private set; } = Enumerable.Empty<TimelineItem>().ToLookup(t => t.Id);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
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
    }

    /// <summary>Every term with its depth under its parent, in the order of the cards, for the table at the top.</summary>
    public IEnumerable<(ObligationView View, int Depth)> AllTerms => Flatten(Terms, 0);

    private static IEnumerable<(ObligationView View, int Depth)> Flatten(IEnumerable<ObligationView> views, int depth) =>
        views.SelectMany(v => Flatten(v.Children, depth + 1).Prepend((v, depth)));
}
