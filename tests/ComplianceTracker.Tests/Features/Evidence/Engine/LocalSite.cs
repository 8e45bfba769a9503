using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>
/// A real web server on 127.0.0.1 at a free port, answering as the sites the fetcher meets do: documents, redirects,
/// slow and oversized answers. Nothing the fetcher's tests do leaves this machine.
/// </summary>
internal sealed class LocalSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalSite(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Each request as "METHOD /path?query", in the order they came.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> UserAgents { get; } = new();

    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public static async Task<LocalSite> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalSite? site = null;
        app.Run(context => site!.AnswerAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        site = new LocalSite(app, new Uri(address).Port);
        return site;
    }

    public void Forget()
    {
        Requests.Clear();
        UserAgents.Clear();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        UserAgents.Enqueue(request.Headers.UserAgent.ToString());
        var path = request.Path.Value ?? "";
        try
        {
            switch (path)
            {
                case "/report.pdf":
                    await Send(response, "application/pdf", SourceDocuments.ThreePagePdf);
                    break;
                case "/octet.pdf":
                    await Send(response, "application/octet-stream", SourceDocuments.ThreePagePdf);
                    break;
                case "/untyped.txt":
                    await Send(response, null, Encoding.UTF8.GetBytes("Plain words, sent without a type."));
                    break;
                case "/page.html":
                    await Send(response, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(SourceDocuments.Page));
                    break;
                case "/gzip.html":
                    response.Headers.ContentEncoding = "gzip";
                    await Send(response, "text/html; charset=utf-8", Gzip(Encoding.UTF8.GetBytes(SourceDocuments.Page)));
                    break;
                case "/gzip-bomb":
                    // 1 MB of zeros, about a kilobyte on the wire.
                    response.Headers.ContentEncoding = "gzip";
                    await Send(response, "text/plain", Gzip(new byte[1024 * 1024]));
                    break;
                case var hop when hop.StartsWith("/hop/", StringComparison.Ordinal):
                    var left = int.Parse(hop["/hop/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    if (left == 0)
                    {
                        await Send(response, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(SourceDocuments.Page));
                    }
                    else
                    {
                        response.StatusCode = left % 2 == 0 ? 301 : 302;
                        response.Headers.Location = $"/hop/{left - 1}";
                    }
                    break;
                case "/loop":
                    response.StatusCode = 302;
                    response.Headers.Location = "/loop";
                    break;
                case "/away":
                    response.StatusCode = 302;
                    response.Headers.Location = request.Query["to"].ToString();
                    break;
                case "/declared-large":
                    // Says 2 MB are coming and sends nothing: the fetcher must refuse from the header alone.
                    response.ContentType = "application/pdf";
                    response.ContentLength = 2 * 1024 * 1024;
                    await response.StartAsync();
                    await response.Body.FlushAsync();
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    break;
                case "/chunked-large":
                    response.ContentType = "application/pdf";
                    var chunk = new byte[8 * 1024];
                    for (var i = 0; i < 25; i++)
                    {
                        await response.Body.WriteAsync(chunk, context.RequestAborted);
                        await response.Body.FlushAsync(context.RequestAborted);
                    }
                    break;
                case "/slow":
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                    break;
                case "/slow-body":
                    response.ContentType = "text/plain";
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes("The first words, then nothing."), context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                    break;
                case "/head-refused":
                    if (HttpMethods.IsHead(request.Method))
                    {
                        response.StatusCode = 405;
                        return;
                    }
                    await Send(response, "text/plain", Encoding.UTF8.GetBytes("Only GET here."));
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The fetcher hung up, as these answers mean it to.
        }
    }

    private static async Task Send(HttpResponse response, string? contentType, byte[] body)
    {
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
