using BenchmarkDotNet.Attributes;
using ComplianceTracker.Benchmarks.Cases;
using ComplianceTracker.Web.Features.Reports;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// One edition of the status report at each size: reading the record into the model, rendering the model to PDF
/// bytes, and both together (what the publishing job does before it writes the file).
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private BenchCase bench = null!;
    private Edition? previous;
    private StatusReport model = null!;

    [ParamsSource(typeof(CaseSize), nameof(CaseSize.Selected))]
    public string Size { get; set; } = "seeded";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        bench = await BenchCase.OpenAsync(CaseSize.Named(Size));
        previous = await bench.PreviousEditionAsync();
        model = await bench.Query.BuildAsync((previous?.Number ?? 0) + 1, CaseSize.AsOf, previous);
        var (pdf, pages) = StatusReportPdf.Render(model, bench.Fonts.Family);
        Console.WriteLine($"// Report for {Size}: {model.Deficiencies.Count} deficiencies, {model.Changes.Count} changes since the edition before, " +
            $"{model.Sources.Count} sources cited; {pages} pages, {pdf.Length / 1024} KB, set in {bench.Fonts.Family}");
    }

    [Benchmark(Description = "Read model")]
    public Task<StatusReport> ReadModel() => bench.Query.BuildAsync((previous?.Number ?? 0) + 1, CaseSize.AsOf, previous);

    [Benchmark(Description = "Render PDF")]
    public byte[] RenderPdf() => StatusReportPdf.Render(model, bench.Fonts.Family).Bytes;

    [Benchmark(Description = "Read + render")]
    public async Task<byte[]> ReadAndRender()
    {
        var report = await bench.Query.BuildAsync((previous?.Number ?? 0) + 1, CaseSize.AsOf, previous);
        return StatusReportPdf.Render(report, bench.Fonts.Family).Bytes;
    }
}
