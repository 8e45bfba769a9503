using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Dom;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// The built app (the test's own copy of ComplianceTracker.Web.dll) as a process of its own on a free loopback port, on
/// the SQLite files of a data folder (its reports in <c>reports</c> under it), with a job server on SQLite. Cheaper than
/// <see cref="Published"/> (nothing to publish) for tests that need a real process: one that is killed, or one whose
/// output another process must reproduce.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly Uri address;
    private readonly List<string> log = [];

    private AppProcess(Process process, Uri address)
    {
        this.process = process;
        this.address = address;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The settings every start gets; the tests' clients share one address, hence the sign-in limit.</summary>
    public static ProcessStartInfo Start(string data, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "ComplianceTracker.Web.dll"),
                "--Storage:Provider=Sqlite",
                $"--Storage:DataDirectory={data}",
                $"--Storage:SeedDirectory={Repository.SeedDirectory}",
                $"--Reports:Directory={Path.Combine(data, "reports")}",
                "--Reports:BaseUrl=https://tracker.example.org",
                "--Jobs:Storage=SQLite",
                "--Jobs:InvisibilityTimeoutSeconds=10",
                "--Accounts:SignInPermitLimit=1000",
                "--Logging:LogLevel:Default=Warning",
            },
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>The first Admin, by the command an operator runs (which also creates the database and loads the seed).</summary>
    public static async Task CreateAdminAsync(string data, string email)
    {
        var start = Start(data, "create-admin", "--email", email);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(TestAccounts.Password);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await output + await errors);
    }

    public static async Task<AppProcess> StartAsync(string data)
    {
        var port = FreePort();
        var start = Start(data, $"--urls=http://127.0.0.1:{port}");
        var app = new AppProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = app.address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app.process.HasExited)
            {
                break;
            }
            try
            {
                using var health = await probe.GetAsync("/healthz");
                return app;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }
        var lines = app.Log();
        app.Dispose();
        throw new AssertionException("The app did not start:\n" + lines);
    }

    public int Id => process.Id;

    public string Log()
    {
        lock (log)
        {
            return string.Join('\n', log);
        }
    }

    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
        using var page = await client.GetAsync("/account/login");
        var form = (IHtmlFormElement)(await TestApp.ParseAsync(page)).QuerySelector("form#sign-in")!;
        using var response = await client.PostFormAsync(form, TestAccounts.LoginForm(email, TestAccounts.Password), "/account/login");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine's OOM killer or an operator's kill -9 strikes.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM: the host's graceful stop.</summary>
    public async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.Add(line);
            if (log.Count > 200)
            {
                log.RemoveAt(0);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
