using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Errors;

/// <summary>The status codes are the app's: /error/{code} serves only those it uses; Kestrel's own refusals say nothing more.</summary>
public class StatusCodeTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    [TestCase("/error/99999")]
    [TestCase("/error/204")]
    [TestCase("/error/302")]
    [TestCase("/error/200")]
    [TestCase("/error/418")]
    [TestCase("/error/0")]
    [TestCase("/error/-1")]
    [TestCase("/error/2147483647")]
    public async Task ErrorPage_AnswersAPlain404_ForACodeTheAppDoesNotUse(string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("Nothing here"));
    }

    [TestCase(400)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(429)]
    [TestCase(500)]
    [TestCase(503)]
    public async Task ErrorPage_ServesTheCodesTheAppUses(int code)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync($"/error/{code}");
        Assert.That((int)response.StatusCode, Is.EqualTo(code));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    /// <summary>What Kestrel itself answers to a raw request, before any of the app's middleware runs.</summary>
    private static async Task<string> RawAsync(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var bytes = Encoding.ASCII.GetBytes(request);
        try
        {
            await stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // Kestrel may answer and close before the whole of an over-long request is written.
        }
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10))) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was read is the answer.
        }
        return answer.ToString();
    }

    [TestCase("GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n", 400)]
    [TestCase("GET /{long} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414)]
    [TestCase("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {long}{long}{long}{long}\r\n\r\n", 431)]
    public async Task KestrelsOwnRefusals_HaveAnEmptyBody_AndNoServerHeader(string request, int expected)
    {
        using var kestrel = new TestApp();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        var address = kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).First();

        var answer = await RawAsync(new Uri($"http://127.0.0.1:{address.Port}"), request.Replace("{long}", new string('a', 10_000), StringComparison.Ordinal));
        var head = answer.Split("\r\n\r\n")[0];
        Assert.That(head, Does.StartWith($"HTTP/1.1 {expected} "));
        Assert.That(head, Does.Contain("Content-Length: 0"), "an empty body: nothing to sniff, frame or run");
        Assert.That(head, Does.Not.Contain("Server:"), "the server is not named");

        // The same server answers an ordinary request with the app's own security headers.
        var ok = await RawAsync(new Uri($"http://127.0.0.1:{address.Port}"), "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.That(ok, Does.StartWith("HTTP/1.1 200 "));
        Assert.That(ok, Does.Contain("X-Content-Type-Options: nosniff").And.Not.Contain("Server:"));
    }
}
