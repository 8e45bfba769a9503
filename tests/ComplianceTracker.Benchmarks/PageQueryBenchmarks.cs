using BenchmarkDotNet.Attributes;
using ComplianceTracker.Benchmarks.Cases;
using Dashboard = ComplianceTracker.Web.Features.Dashboard;
using Deficiencies = ComplianceTracker.Web.Features.Deficiencies;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The store queries behind three pages, through the pages' own handlers (everything but the HTML): the dashboard,
/// the deficiency list and one deficiency's page.
/// </summary>
[MemoryDiagnoser]
public class PageQueryBenchmarks
{
    private BenchCase bench = null!;

    [ParamsSource(typeof(CaseSize), nameof(CaseSize.Selected))]
    public string Size { get; set; } = "seeded";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        bench = await BenchCase.OpenAsync(CaseSize.Named(Size));
        var list = await DeficiencyList();
        var page = await DeficiencyPage();
        Console.WriteLine($"// {Size}: list shows {list.Rows.Count} deficiencies; {bench.SampleDeficiencyCode} has {page.History.Count} history entries");
    }

    [Benchmark(Description = "Dashboard")]
    public async Task<Dashboard.IndexModel> Dashboard()
    {
        var model = new Dashboard.IndexModel(bench.Cases, bench.Surveys, bench.Deficiencies, bench.StatusChanges, bench.Obligations, bench.Timeline, bench.CaseClock);
        await model.OnGetAsync(CancellationToken.None);
        return model;
    }

    [Benchmark(Description = "Deficiency list")]
    public async Task<Deficiencies.IndexModel> DeficiencyList()
    {
        var model = new Deficiencies.IndexModel(bench.Deficiencies, bench.Surveys, bench.StatusChanges, bench.Cases);
        await model.OnGetAsync(CancellationToken.None);
        return model;
    }

    [Benchmark(Description = "Deficiency page")]
    public async Task<Deficiencies.DetailModel> DeficiencyPage()
    {
        var model = new Deficiencies.DetailModel(bench.Deficiencies, bench.Surveys, bench.StatusChanges, bench.FieldEdits, bench.Withdrawals, bench.Cases);
        await model.OnGetAsync(bench.SampleDeficiencyCode, CancellationToken.None);
        return model;
    }
}
