using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Sources;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(SourceStore sources, Cases.CaseStore cases) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

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
        if (!string.IsNullOrEmpty(Kind) && Kind != "all" && Source.Kinds.All(k => k.Code != Kind))
        {
            Notice = $"There is no kind of source \"{Kind}\"; showing every kind.";
            Kind = null;
        }
        Sources = string.IsNullOrEmpty(Kind) || Kind == "all" ? all : all.Where(s => s.Kind == Kind).ToList();
    }

    public static string Link(Citation c) => c.ItemType switch
    {
        "deficiency" => $"/deficiencies/{c.Code}",
        "obligation" => $"/settlement#{c.Code}",
        "survey" => $"/deficiencies?survey={Uri.EscapeDataString(c.Code)}",
        _ => $"/timeline#{c.Code}",
    };
}
