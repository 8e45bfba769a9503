using System.Net;
using System.Net.Sockets;
using ComplianceTracker.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace ComplianceTracker.Tests.Features.Errors;

/// <summary>
/// A node whose database goes away answers the site's 503 page with Retry-After (so nginx tries another node and a
/// reader retries), /healthz says Unhealthy, and the node serves again once the database is back. SQLite: the data
/// folder moved away, so the file cannot be opened; PostgreSQL: the app reaches the server through a relay the test
/// closes, as a server that went down or a closed port would.
/// </summary>
public sealed class DatabaseUnreachableTests
{
    [Test]
    [Category(TestDatabases.SqliteOnly)]
    public async Task Page_Answers503WithRetryAfter_WhenTheSqliteFileCannotBeOpened()
    {
        TestDatabases.RequireSqlite();
        using var app = new TestApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var up = await client.GetAsync("/healthz"))
        {
            Assert.That(up.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var moved = app.DataDirectory + ".moved";
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(app.DataDirectory, moved);
        try
        {
            await AssertUnreachableAsync(client, "/deficiencies/D-03");
            await AssertUnhealthyAsync(client);
        }
        finally
        {
            Directory.Move(moved, app.DataDirectory);
        }
        using var back = await client.GetAsync("/deficiencies/D-03");
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK), "served again once the file is back");
    }

    [Test]
    public async Task Page_Answers503WithRetryAfter_WhenPostgreSqlCannotBeReached()
    {
        TestDatabases.RequirePostgres();
        using var app = new TestApp();
        using var relay = new PostgresRelay(TestDatabases.PostgresServer!);
        var throughRelay = new NpgsqlConnectionStringBuilder(app.PostgresDatabase!.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = relay.Port,
            Timeout = 3,
        }.ToString();
        using var node = app.WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Postgres", throughRelay));
        using var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var up = await client.GetAsync("/healthz"))
        {
            Assert.That(up.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        relay.Close();
        await AssertUnreachableAsync(client, "/deficiencies/D-03");
        await AssertUnhealthyAsync(client);

        relay.Open();
        HttpStatusCode status;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var back = await client.GetAsync("/deficiencies/D-03");
            status = back.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "served again once the server is back");
    }

    private static async Task AssertUnreachableAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "Retry-After: 30");
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.Squash(), Is.EqualTo("The record cannot be reached just now"));
        Assert.That(page.QuerySelector("main")!.Squash(), Does.Contain("try again"));
        Assert.That(body, Does.Not.Contain("Exception").And.Not.Contain(".cs:line").And.Not.Contain(Path.GetTempPath()), "no stack trace, no server paths");
    }

    private static async Task AssertUnhealthyAsync(HttpClient client)
    {
        using var health = await client.GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await health.Content.ReadAsStringAsync(), Does.StartWith("Unhealthy"));
    }

    /// <summary>
    /// A loopback TCP port passed through to the test's PostgreSQL server (its Unix socket or its host and port). Closed,
    /// it refuses new connections and cuts the open ones, as a server that went down does.
    /// </summary>
    private sealed class PostgresRelay : IDisposable
    {
        private readonly EndPoint server;
        private readonly List<Socket> open = [];
        private TcpListener? listener;

        public PostgresRelay(string serverConnectionString)
        {
            var builder = new NpgsqlConnectionStringBuilder(serverConnectionString);
            var host = builder.Host ?? "localhost";
            server = host.StartsWith('/')
                ? new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{builder.Port}"))
                : new DnsEndPoint(host, builder.Port);
            Port = Published.FreePort();
            Open();
        }

        public int Port { get; }

        public void Open()
        {
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener);
        }

        public void Close()
        {
            listener?.Stop();
            listener = null;
            lock (open)
            {
                foreach (var socket in open)
                {
                    socket.Dispose();
                }
                open.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener from)
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await from.AcceptSocketAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }
                var upstream = new Socket(server.AddressFamily == AddressFamily.Unix ? AddressFamily.Unix : AddressFamily.InterNetwork, SocketType.Stream,
                    server.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
                await upstream.ConnectAsync(server);
                lock (open)
                {
                    open.Add(client);
                    open.Add(upstream);
                }
                _ = PumpAsync(client, upstream);
                _ = PumpAsync(upstream, client);
            }
        }

        private static async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16384];
            try
            {
                int read;
                while ((read = await from.ReceiveAsync(buffer)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, read));
                }
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Closed by the test or the other side.
            }
        }

        public void Dispose() => Close();
    }
}
