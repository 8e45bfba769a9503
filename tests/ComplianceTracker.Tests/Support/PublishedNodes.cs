using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// The app as it is deployed: <c>dotnet publish</c> once into a temp folder, then started as separate processes
/// (nodes) that can be killed with SIGKILL, behind an nginx of the test's own (config and cache in a temp folder,
/// loopback ports, one process so it needs no root and leaves no workers behind).
/// </summary>
public static class Published
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? temp;
    private static string? folder;

    /// <summary>
    /// The published app's folder, made on first use and shared by every fixture that needs it (one publish a run, a
    /// minute or two); build output in the same temp folder, so it never shares obj/. Removed after the last test
    /// (<see cref="Remove"/>), not by a fixture, which would take it from the fixtures after it.
    /// </summary>
    public static async Task<string> AppFolderAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (folder is not null)
            {
                return folder;
            }
            temp = Path.Combine(Path.GetTempPath(), "ct-published-" + Guid.NewGuid().ToString("N"));
            var output = Path.Combine(temp, "app");
            var project = Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "ComplianceTracker.Web.csproj");
            var result = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "--artifacts-path", Path.Combine(temp, "artifacts"), "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new AssertionException($"dotnet publish failed ({result.ExitCode}):\n{result.Output}");
            }
            return folder = output;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes the published app, if a test made it; called once all tests have run.</summary>
    public static void Remove()
    {
        if (temp is not null && Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
        temp = folder = null;
    }

    /// <summary>Runs a command to its end, with standard input if given; output and error together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Clean(start);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The test host's MSBuild variables would point a nested dotnet publish at the running SDK's internals.</summary>
    internal static void Clean(ProcessStartInfo start)
    {
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>nginx's path, or null when it is not installed.</summary>
    public static string? Nginx() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);
}

/// <summary>
/// One node: the published app started as a process of its own, its output in a log file; started in the app's own
/// folder unless another working directory is given (as a service manager may start it).
/// </summary>
public sealed class AppNode(string name, string appFolder, int port, IReadOnlyDictionary<string, string> settings, string logFolder, string? workingDirectory = null) : IDisposable
{
    private Process? process;
    private int starts;

    public string Name { get; } = name;

    public int Port { get; } = port;

    public string Address => $"http://127.0.0.1:{Port}";

    public int? ProcessId => process is { HasExited: false } ? process.Id : null;

    public string LogPath => Path.Combine(logFolder, $"{Name}-{starts}.log");

    /// <summary>Starts the node (again, after a kill) and waits until /healthz answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        starts++;
        // sh only to send the output to a file; exec makes the app the process whose id is kept and killed.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? appFolder };
        foreach (var argument in new[] { "-c", "exec \"$@\" >\"$NODE_LOG\" 2>&1", "sh", "dotnet", Path.Combine(appFolder, "ComplianceTracker.Web.dll"), "--urls", Address })
        {
            start.ArgumentList.Add(argument);
        }
        Published.Clean(start);
        start.Environment["NODE_LOG"] = LogPath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        process = Process.Start(start)!;

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new AssertionException($"Node {Name} exited with {process.ExitCode} at start:\n{Tail()}");
            }
            try
            {
                using var health = await client.GetAsync($"{Address}/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new AssertionException($"Node {Name} did not answer /healthz with 200 within {timeout}:\n{Tail()}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, no disposal; what a power cut or the OOM killer does.</summary>
    public void KillHard()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>The last lines of the node's log, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>SIGTERM, a few seconds to stop, then SIGKILL.</summary>
    public void Dispose()
    {
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit(5000);
                if (!process.WaitForExit(10_000))
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        process = null;
    }
}

/// <summary>nginx with tests/load/nginx-nodes.conf.template in a folder of its own, as one process on loopback.</summary>
public sealed class NginxProxy : IDisposable
{
    private readonly Process process;
    private readonly string folder;

    public NginxProxy(string nginx, string folder, int nodeA, int nodeB)
    {
        this.folder = folder;
        Directory.CreateDirectory(folder);
        Port = Published.FreePort();
        PortA = Published.FreePort();
        PortB = Published.FreePort();
        var config = File.ReadAllText(Path.Combine(Repository.Root, "tests", "load", "nginx-nodes.conf.template"))
            .Replace("@PREFIX@", folder, StringComparison.Ordinal)
            .Replace("@MASTER@", "off", StringComparison.Ordinal)
            .Replace("@WORKERS@", "1", StringComparison.Ordinal)
            .Replace("@PORT_A@", PortA.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PORT_B@", PortB.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PORT_LB@", Published.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PORT@", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@NODE_A@", $"127.0.0.1:{nodeA}", StringComparison.Ordinal)
            .Replace("@NODE_B@", $"127.0.0.1:{nodeB}", StringComparison.Ordinal)
            .Replace("@PDF@", Path.Combine(folder, "none.pdf"), StringComparison.Ordinal);
        var path = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(path, config);
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-e", Path.Combine(folder, "error.log"), "-c", path, "-p", folder })
        {
            start.ArgumentList.Add(argument);
        }
        process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; ; i++)
        {
            if (process.HasExited)
            {
                throw new AssertionException($"nginx exited at start: {File.ReadAllText(Path.Combine(folder, "error.log"))}");
            }
            try
            {
                using var health = client.GetAsync($"{Address}/healthz").GetAwaiter().GetResult();
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (i > 100)
            {
                throw new AssertionException("nginx did not answer within 10 s.");
            }
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

    public int PortA { get; }

    public int PortB { get; }

    /// <summary>The proxy as readers reach it: round-robin over both nodes, with the sample's cache rules.</summary>
    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>Through nginx to node A only.</summary>
    public string AddressA => $"http://127.0.0.1:{PortA}";

    /// <summary>Through nginx to node B only.</summary>
    public string AddressB => $"http://127.0.0.1:{PortB}";

    public string ErrorLog => Path.Combine(folder, "error.log");

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }
}
