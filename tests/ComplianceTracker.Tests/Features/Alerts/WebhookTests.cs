using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>Webhooks: registered by an Admin, each change POSTed signed to a local receiver (http allowed by setting, for the test), retried, logged.</summary>
public sealed class WebhookTests
{
    private static readonly Dictionary<string, string?> LocalReceivers = new()
    {
        ["Alerts:Webhooks:AllowHttp"] = "true",
        ["Alerts:Webhooks:AllowedAddresses:0"] = "127.0.0.1",
    };

    [Test]
    public async Task Change_IsPostedAsTheApisJson_WithASignatureTheReceiverChecks()
    {
        using var receiver = new Receiver();
        using var app = AlertKit.App(smtp: false, settings: LocalReceivers);
        using var admin = await app.SignedInClientAsync("Admin");
        var secret = await RegisterAsync(admin, receiver.Url);

        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-04", "regulator:corrected", "Corrected per DMHC.");
        await AlertKit.RunScanAsync(app);

        var (headers, body) = await receiver.WaitAsync();
        var signature = headers[WebhookSignature.Header];
        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Verify(secret, signature, body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)), Is.True, signature);
            Assert.That(WebhookSignature.Verify("someone else's secret", signature, body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)), Is.False);
            Assert.That(WebhookSignature.Verify(secret, signature, body, app.Clock.GetUtcNow().AddMinutes(10), TimeSpan.FromMinutes(5)), Is.False, "an old delivery replayed later is refused");
            Assert.That(headers[WebhookSignature.EventHeader], Is.EqualTo("change"));
        });

        // The same object /api/v1/changes gives for that change.
        var posted = JsonDocument.Parse(body).RootElement;
        using var api = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/changes"));
        var listed = api.RootElement.GetProperty("changes").EnumerateArray().First(c => c.GetProperty("id").GetString() == posted.GetProperty("id").GetString());
        Assert.That(posted.EnumerateObject().Select(p => (p.Name, p.Value.ToString())), Is.EqualTo(listed.EnumerateObject().Select(p => (p.Name, p.Value.ToString()))));
    }

    [Test]
    public async Task FailedDelivery_IsTriedAgainWithBackoff_AndEveryAttemptIsLogged()
    {
        using var receiver = new Receiver(failFirst: 1);
        using var app = AlertKit.App(smtp: false, jobServer: false, settings: LocalReceivers);
        using var admin = await app.SignedInClientAsync("Admin");
        await RegisterAsync(admin, receiver.Url);
        using var editor = await app.SignedInClientAsync();
        await editor.RecordAssessmentAsync("D-05", "regulator:corrected", "Corrected per DMHC.");
        await AlertKit.RunScanAsync(app);

        var deliveryId = await AlertKit.RunAsync(app, sp => sp.GetRequiredService<AlertStore>().ReadAsync(c =>
            Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT MAX(Id) FROM WebhookDeliveries")));
        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<WebhookJob>().RunAsync(deliveryId, CancellationToken.None); return 0; });
        var waiting = await AlertKit.RunAsync(app, sp => sp.GetRequiredService<WebhookStore>().FindDeliveryAsync(deliveryId));
        Assert.Multiple(() =>
        {
            Assert.That(waiting!.State, Is.EqualTo(WebhookDelivery.Pending));
            Assert.That(waiting.NextAttemptAt, Is.EqualTo(app.Clock.GetUtcNow() + WebhookJob.Backoff[0]));
        });

        app.Clock.Advance(WebhookJob.Backoff[0]);
        await AlertKit.RunAsync(app, async sp => { await sp.GetRequiredService<WebhookJob>().RunAsync(deliveryId, CancellationToken.None); return 0; });
        var log = await TestApp.ParseAsync(await admin.GetAsync($"/admin/webhooks/{(await AlertKit.RunAsync(app, sp => sp.GetRequiredService<WebhookStore>().FindDeliveryAsync(deliveryId)))!.EndpointId}"));
        var row = log.QuerySelector($"#delivery-{deliveryId}")!;
        Assert.Multiple(() =>
        {
            Assert.That(row.QuerySelector("td[data-label=State]")?.TextContent, Is.EqualTo("Delivered"));
            Assert.That(row.QuerySelectorAll("li").Select(li => li.TextContent).ToList(), Has.Count.EqualTo(2)
                .And.One.Contains("answered 500").And.One.Contains("answered 200"));
        });
    }

    [Test]
    public async Task Registration_RefusesClearTextAndPrivateAddresses_WithoutTheSetting()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false);
        using var admin = await app.SignedInClientAsync("Admin");
        foreach (var (url, says) in new[] { ("http://hooks.example.org/x", "https://"), ("https://127.0.0.1/x", "loopback"), ("https://169.254.169.254/latest", "metadata") })
        {
            using var response = await admin.SubmitAsync("/admin/webhooks", new Dictionary<string, string> { ["Input.Url"] = url, ["Input.Description"] = "Desk" }, "form#add-webhook");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), url);
            Assert.That((await TestApp.ParseAsync(response)).QuerySelector(".form-errors")?.TextContent, Does.Contain(says), url);
        }
    }

    [Test]
    public async Task AdminPages_AreForAdminsOnly()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var editor = await app.SignedInClientAsync();
        foreach (var path in new[] { "/admin/alerts", "/admin/webhooks", "/admin/webhooks/1" })
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), path);
            Assert.That(refused.Headers.Location?.OriginalString, Does.Contain("/account/login"), path);
            using var denied = await editor.GetAsync(path);
            Assert.That(denied.Headers.Location?.OriginalString ?? ((int)denied.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), Does.Contain("denied").Or.EqualTo("403"), path);
        }
        // A write without the form's antiforgery token is refused even for an Admin.
        using var admin = await app.SignedInClientAsync("Admin");
        using var forged = await admin.PostAsync("/admin/webhooks?handler=Add", new FormUrlEncodedContent([new("Input.Url", "https://hooks.example.org/"), new("Input.Description", "x")]));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<string> RegisterAsync(HttpClient admin, string url)
    {
        using var response = await admin.SubmitAsync("/admin/webhooks", new Dictionary<string, string> { ["Input.Url"] = url, ["Input.Description"] = "Test receiver" }, "form#add-webhook");
        var page = await TestApp.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.QuerySelector(".form-errors")?.TextContent);
        return page.QuerySelector("#new-secret")!.TextContent;
    }

    /// <summary>A plain-HTTP receiver on a free loopback port that keeps what it is sent and answers 500 to the first few.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<(Dictionary<string, string> Headers, byte[] Body)> received = new();
        private int failures;

        public Receiver(int failFirst = 0)
        {
            failures = failFirst;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hook/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var fail = Interlocked.Decrement(ref failures) >= 0;
                if (!fail)
                {
                    received.Enqueue((context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase), body.ToArray()));
                }
                context.Response.StatusCode = fail ? 500 : 200;
                context.Response.Close();
            }
        }

        public async Task<(Dictionary<string, string> Headers, byte[] Body)> WaitAsync(int seconds = 30)
        {
            for (var i = 0; i < seconds * 10; i++)
            {
                if (received.TryDequeue(out var item))
                {
                    return item;
                }
                await Task.Delay(100);
            }
            throw new AssertionException($"Nothing was delivered to {Url} within {seconds} s.");
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public void Dispose() => listener.Close();
    }
}
