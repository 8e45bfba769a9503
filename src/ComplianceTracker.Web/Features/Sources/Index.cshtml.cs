using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Sources;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(SourceStore sources, Cases.CaseStore cases, Evidence.EvidenceSearchStore search, Evidence.ArchivedCopyStore copies) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    /// <summary>Words to find in the sources' titles and the text of their archived copies.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>What the search found, grouped by source in order of relevance; null when nothing was asked.</summary>
    public IReadOnlyList<IGrouping<string, Evidence.EvidenceHit>>? Hits { get; private set; }

    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public ILookup<long, Citation> Citations { get; private set; } = Enumerable.Empty<Citation>().ToLookup(c => c.SourceId);
    public int Total { get; private set; }
    public string? Notice { get; private set; }

    /// <summary>The case: its assessors say who issues primary documents.</summary>
    public Cases.CaseRecord Case { get; private set; } = new();

    /// <summary>The kinds of source the record holds, in the vocabulary's order.</summary>
    public IReadOnlyList<Shared.Term> KindsOnRecord { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Case = await cases.GetAsync(cancellationToken) ?? new Cases.CaseRecord();
        var all = await sources.ListAsync(cancellationToken);
        Total = all.Count;
        // The filter offers the kinds the record holds (and a kind asked for), so an empty choice is never offered.
        KindsOnRecord = Source.Kinds.Where(k => all.Any(s => s.Kind == k.Code) || k.Code == Kind).ToList();
        Citations = await sources.ListCitationsAsync(cancellationToken);
        copyCounts = (await copies.ListAsync(cancellationToken)).CountBy(c => c.SourceId).ToDictionary();
        if (!string.IsNullOrEmpty(Kind) && Kind != "all" && Source.Kinds.All(k => k.Code != Kind))
        {
            Notice = $"There is no kind of source \"{Kind}\"; showing every kind.";
            Kind = null;
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Q = Q.Trim();
            Hits = (await search.SearchAsync(Q, cancellationToken)).GroupBy(h => h.SourceKey).ToList();
        }
        Sources = string.IsNullOrEmpty(Kind) || Kind == "all" ? all : all.Where(s => s.Kind == Kind).ToList();
    }

    /// <summary>A snippet with its matched words marked, encoded for the page.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Marked(string snippet) =>
        new Microsoft.AspNetCore.Html.HtmlString(System.Net.WebUtility.HtmlEncode(snippet)
            .Replace(Evidence.EvidenceSearchStore.Start.ToString(), "<mark>", StringComparison.Ordinal)
            .Replace(Evidence.EvidenceSearchStore.End.ToString(), "</mark>", StringComparison.Ordinal));

    private Dictionary<long, int> copyCounts = [];

    public int CopyCount(long sourceId) => copyCounts.GetValueOrDefault(sourceId);

    public static string Link(Citation c) => c.ItemType switch
    {
        "deficiency" => $"/deficiencies/{c.Code}",
        "obligation" => $"/settlement#{c.Code}",
        "survey" => $"/deficiencies?survey={Uri.EscapeDataString(c.Code)}",
        _ => $"/timeline#{c.Code}",
    };
}
