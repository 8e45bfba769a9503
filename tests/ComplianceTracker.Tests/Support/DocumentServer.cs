using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ComplianceTracker.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 that the tests start: it serves the documents, redirects and failures a test sets
/// up, so that fetching and the link check are tested over the network without reaching the internet.
/// </summary>
public sealed class DocumentServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> routes = new(StringComparer.Ordinal);

    private DocumentServer(WebApplication app) => this.app = app;

    /// <summary>"http://127.0.0.1:41234".</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Each request as "GET /path", with its User-Agent.</summary>
    public ConcurrentQueue<(string Request, string UserAgent)> Requests { get; } = new();

    public static async Task<DocumentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new DocumentServer(app);
        app.Run(context =>
        {
            server.Requests.Enqueue(($"{context.Request.Method} {context.Request.Path}", context.Request.Headers.UserAgent.ToString()));
            if (server.routes.TryGetValue(context.Request.Path.Value ?? "", out var handler))
            {
                return handler(context);
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    public string Url(string path) => BaseUrl + path;

    public void Serve(string path, byte[] content, string contentType, int status = 200) => routes[path] = async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(content);
        }
    };

    public void Redirect(string path, string location) => routes[path] = context =>
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    public void Status(string path, int status) => routes[path] = context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
