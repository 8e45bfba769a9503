using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplianceTracker.Benchmarks.Cases;

namespace ComplianceTracker.Benchmarks;

/// <summary>
/// The app as its own process on 127.0.0.1 and a free port, over a benchmark case's database: no jobs run, nothing
/// is published, logs only warnings.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AppProcess> StartAsync(string dataDirectory)
    {
        var port = FreePort();
        var dll = typeof(ComplianceTracker.Web.Infrastructure.Database).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var arg in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            "--contentRoot", Path.Combine(Repository.Root, "src", "ComplianceTracker.Web"),
            "--environment", "Production",
            $"--Storage:DataDirectory={dataDirectory}",
            $"--Storage:SeedDirectory={Path.Combine(Repository.Root, "data", "seed")}",
            $"--Reports:Directory={Path.Combine(dataDirectory, "reports")}",
            "--Reports:PublishOnStartup=false",
            "--Jobs:Storage=InMemory",
            "--Jobs:Server=false",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => app.Log(e.Data);
        process.ErrorDataReceived += (_, e) => app.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException($"The app did not answer at {app.BaseAddress}healthz within 60 s. Its output:{Environment.NewLine}{app.log}");
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
