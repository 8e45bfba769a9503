using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ComplianceTracker.Benchmarks.Cases;
using ComplianceTracker.Web.Features.Reports;
using Microsoft.Playwright;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The peer a newsroom would reach for: headless Chromium printing the report's web page (/reports/current, served
/// by the app from the same record) to PDF, beside the app's own renderer on the same content. The app runs as its
/// own process, as in production, so only Chromium's work and the page's serving are timed on that side.
/// </summary>
[MemoryDiagnoser]
// A Chromium print of the large case takes seconds: fewer, fixed iterations keep the run under a quarter of an hour.
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ChromiumPeerBenchmarks
{
    private BenchCase bench = null!;
    private AppProcess app = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private IPage page = null!;
    private StatusReport model = null!;
    private string pageUrl = "";
    private readonly string printed = Path.Combine(Path.GetTempPath(), $"ct-peer-{Environment.ProcessId}.pdf");

    [ParamsSource(typeof(CaseSize), nameof(CaseSize.Selected))]
    public string Size { get; set; } = "seeded";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        bench = await BenchCase.OpenAsync(CaseSize.Named(Size));
        app = await AppProcess.StartAsync(bench.Directory);
        pageUrl = app.BaseAddress + "reports/current";

        // The model the page shows: the record read now, after the latest edition.
        var previous = await bench.PreviousEditionAsync();
        model = await bench.Query.BuildAsync((previous?.Number ?? 0) + 1, DateTimeOffset.UtcNow, previous);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Flags,
        });
        page = await browser.NewPageAsync();
        var response = await page.GotoAsync(pageUrl);
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"{pageUrl} answered {response?.Status}: the peer has nothing to print.");
        }
        var pdf = await page.PdfAsync(PrintOptions);
        var ours = StatusReportPdf.Render(model, bench.Fonts.Family);
        Console.WriteLine($"// {Size}: Chromium printed {pageUrl} to {pdf.Length / 1024} KB ({CountPages(pdf)} pages); " +
            $"the app's renderer made {ours.Bytes.Length / 1024} KB ({ours.Pages} pages)");
    }

    private static PagePdfOptions PrintOptions => new() { Format = "Letter", PrintBackground = true, PreferCSSPageSize = true };

    private static int CountPages(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(stream, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        await app.DisposeAsync();
        File.Delete(printed);
    }

    [Benchmark(Baseline = true, Description = "App renderer (PDFsharp)")]
    public byte[] AppRenderer() => StatusReportPdf.Render(model, bench.Fonts.Family).Bytes;

    [Benchmark(Description = "Chromium print, page loaded")]
    public Task<byte[]> ChromiumPrint() => page.PdfAsync(PrintOptions);

    [Benchmark(Description = "Chromium load + print")]
    public async Task<byte[]> ChromiumLoadAndPrint()
    {
        await page.GotoAsync(pageUrl);
        return await page.PdfAsync(PrintOptions);
    }

    [Benchmark(Description = "chromium --print-to-pdf")]
    public async Task<long> ChromiumCommandLine()
    {
        var profile = Path.Combine(Path.GetTempPath(), $"ct-peer-profile-{Environment.ProcessId}");
        var start = new ProcessStartInfo(Chromium.ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var flag in Chromium.Flags.Append($"--user-data-dir={profile}").Append("--no-pdf-header-footer").Append($"--print-to-pdf={printed}").Append(pageUrl))
        {
            start.ArgumentList.Add(flag);
        }
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        await drain;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium --print-to-pdf exited with {process.ExitCode}");
        }
        return new FileInfo(printed).Length;
    }
}

/// <summary>Debian's Chromium and the flags this machine's closed network needs.</summary>
public static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];
}
