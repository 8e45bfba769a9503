using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using ComplianceTracker.Benchmarks;
using ComplianceTracker.Benchmarks.Cases;

// `generate` writes the generated cases ahead of a run; anything else goes to BenchmarkDotNet (see README.md).
if (args is ["generate", .. var sizes])
{
    foreach (var name in sizes.Length == 0 ? ["seeded", "medium", "large"] : sizes)
    {
        var bench = await BenchCase.OpenAsync(CaseSize.Named(name));
        Console.WriteLine($"{name}: {bench.Database.FilePath}");
    }
    return 0;
}

// `send [count] [host:port]` sends one change to count subscribers through a real SMTP server (see AlertSendLoad).
if (args is ["send", .. var sendArgs])
{
    return await AlertSendLoad.RunAsync(
        sendArgs.Length > 0 ? int.Parse(sendArgs[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        sendArgs.Length > 1 ? sendArgs[1] : "127.0.0.1:2525");
}

// `render <size> <file.pdf> [times]` writes the report the benchmarks measure, to look at, and times each render.
if (args is ["render", var sizeName, var file, .. var rest])
{
    var times = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
    var bench = await BenchCase.OpenAsync(CaseSize.Named(sizeName));
    var previous = await bench.PreviousEditionAsync();
    var number = (previous?.Number ?? 0) + 1;
    for (var i = 0; i < times; i++)
    {
        var read = System.Diagnostics.Stopwatch.StartNew();
        var model = await bench.Query.BuildAsync(number, CaseSize.AsOf, previous);
        read.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var render = System.Diagnostics.Stopwatch.StartNew();
        var (pdf, pages) = ComplianceTracker.Web.Features.Reports.StatusReportPdf.Render(model, bench.Fonts.Family);
        render.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        (gen0, gen1, gen2, paused) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, GC.GetTotalPauseDuration() - paused);
        await File.WriteAllBytesAsync(file, pdf);
        Console.WriteLine($"{sizeName}: read {read.Elapsed.TotalMilliseconds:0.0} ms, render {render.Elapsed.TotalMilliseconds:0.0} ms, " +
            $"{pages} pages, {pdf.Length / 1024} KB -> {file}; " +
            $"allocated {allocated / 1e6:0.0} MB, collections {gen0}/{gen1}/{gen2} (gen 0/1/2), paused {paused.TotalMilliseconds:0.0} ms");
    }
    return 0;
}

var config = DefaultConfig.Instance
    // The app runs one non-concurrent workstation heap (ComplianceTracker.Web.csproj); measured so too. A concurrent heap,
    // BenchmarkDotNet's default, keeps gen 0 at 6 MB and collected a large edition 144 times instead of about 10.
    .AddJob(Job.Default.WithGcServer(false).WithGcConcurrent(false).AsDefault())
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .WithArtifactsPath(Path.Combine(Repository.Root, "tests", "ComplianceTracker.Benchmarks", "BenchmarkDotNet.Artifacts"))
    .WithOptions(ConfigOptions.JoinSummary)
    // Each run builds the app in Release first; on a 2-core machine that takes longer than the default two minutes.
    .WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ReportBenchmarks).Assembly).Run(args, config);
Targets.Print(summaries.ToList(), Console.Out);
return 0;
