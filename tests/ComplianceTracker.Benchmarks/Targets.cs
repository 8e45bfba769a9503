using System.Globalization;
using BenchmarkDotNet.Reports;

namespace ComplianceTracker.Benchmarks;

/// <summary>The figures the issue sets as targets, read off the run's medians, each with its verdict.</summary>
public static class Targets
{
    public static void Print(IReadOnlyList<Summary> summaries, TextWriter output)
    {
        var medians = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(
                r => (Method: r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), Size: (string)r.BenchmarkCase.Parameters["Size"]),
                r => r.ResultStatistics!.Median / 1_000_000.0);
        if (medians.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Targets (medians of this run)");
        double? Ms(string method, string size) => medians.TryGetValue((method, size), out var ms) ? ms : null;
        void Line(string what, double? value, string unit, Func<double, bool> met, string goal)
        {
            var text = value is { } v ? v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + unit : "not measured";
            var verdict = value is { } x ? (met(x) ? "met" : "MISSED") : "-";
            output.WriteLine($"  {what,-58} {text,14}   goal {goal,-10} {verdict}");
        }

        Line("Seeded report, read + render", Ms("Read + render", "seeded"), " ms", v => v <= 10, "<= 10 ms");
        Line("Large report, read + render", Ms("Read + render", "large"), " ms", v => v <= 1000, "<= 1 s");
        foreach (var size in new[] { "seeded", "medium", "large" })
        {
            var ours = Ms("App renderer (PDFsharp)", size);
            Line($"Chromium print (page loaded) / app renderer, {size}", Ratio(Ms("Chromium print, page loaded", size), ours), "x", v => v >= 20, ">= 20x");
            Line($"chromium --print-to-pdf / app renderer, {size}", Ratio(Ms("chromium --print-to-pdf", size), ours), "x", v => v >= 150, ">= 150x");
        }
        foreach (var page in new[] { "Dashboard", "Deficiency list", "Deficiency page" })
        {
            Line($"{page} queries, large", Ms(page, "large"), " ms", v => v <= 50, "<= 50 ms");
        }
        foreach (var method in medians.Keys.Select(k => k.Method).Distinct().Order(StringComparer.Ordinal))
        {
            Line($"{method}: large / medium (10x the data)", Ratio(Ms(method, "large"), Ms(method, "medium")), "x", v => v <= 12, "<= 12x");
        }
    }

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;
}
