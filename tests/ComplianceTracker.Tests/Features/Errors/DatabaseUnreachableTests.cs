using System.Net;
using System.Net.Sockets;
using ComplianceTracker.Tests.Support;
using Dapper;
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
        using var node = ThroughRelay(app, relay);
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

    [Test]
    [Category(TestDatabases.SqliteOnly)]
    public async Task SignedIn_GetsThe503Page_AndAFormComesBackWithWhatWasTyped_WhenTheSqliteFileCannotBeOpened()
    {
        TestDatabases.RequireSqlite();
        using var app = new TestApp();
        using var editor = await app.SignedInClientAsync("Editor");
        var moved = app.DataDirectory + ".moved";
        await AssertSignedInWorkIsKeptAsync(app, editor,
            goDown: () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Move(app.DataDirectory, moved);
            },
            comeBack: () => Directory.Move(moved, app.DataDirectory));
    }

    [Test]
    public async Task SignedIn_GetsThe503Page_AndAFormComesBackWithWhatWasTyped_WhenPostgreSqlCannotBeReached()
    {
        TestDatabases.RequirePostgres();
        using var app = new TestApp();
        using var relay = new PostgresRelay(TestDatabases.PostgresServer!);
        using var node = ThroughRelay(app, relay);
        var account = await app.CreateAccountAsync("Editor");
        using var editor = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var signIn = await editor.SubmitAsync("/account/login", TestAccounts.LoginForm(account.Email, TestAccounts.Password), "form#sign-in"))
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in through the relay");
        }
        await AssertSignedInWorkIsKeptAsync(app, editor, goDown: relay.Close, comeBack: relay.Open);
    }

    /// <summary>
    /// With the database gone, a signed-in editor's pages (a public one, the desk, the error page itself) answer the 503
    /// page, and a form sent then comes back as typed, 503 with Retry-After, password-free and nothing written; once the
    /// database is back, sending that kept form again saves it.
    /// </summary>
    private static async Task AssertSignedInWorkIsKeptAsync(TestApp app, HttpClient editor, Action goDown, Action comeBack)
    {
        const string Address = "/deficiencies/D-05/assess";
        const string Reason = "Typed while the database was away <b>and kept</b>";
        using var formPage = await editor.GetAsync(Address);
        Assert.That(formPage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await TestApp.ParseAsync(formPage)).QuerySelector("main form[method=post]")!;
        var typed = new Dictionary<string, string>
        {
            ["Input.Assessment"] = "union:partly-corrected",
            ["Input.EffectiveOn"] = "2026-11-20",
            ["Input.Reason"] = Reason,
            ["Input.Confidence"] = "reported",
            ["Input.Source.Title"] = "A union bulletin typed during the outage",
            ["Input.Source.Publisher"] = "NUHW",
            ["Input.Source.Url"] = "https://example.org/outage-bulletin",
            ["Input.Source.PublishedOn"] = "2026-11-20",
            ["Input.Source.Kind"] = "union-release",
        };
        var before = await CountChangesAsync(app);

        AngleSharp.Html.Dom.IHtmlFormElement kept;
        goDown();
        try
        {
            await AssertUnreachableAsync(editor, "/deficiencies/D-03");
            await AssertUnreachableAsync(editor, "/desk");
            using (var error = await editor.GetAsync("/error/503"))
            {
                Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the error page itself renders for a signed-in editor");
            }

            using var sent = await editor.PostFormAsync(form, typed, Address);
            var body = await sent.Content.ReadAsStringAsync();
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
            Assert.That(sent.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
            var page = await TestApp.ParseAsync(sent);
            kept = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#kept-form")!;
            Assert.That(kept, Is.Not.Null, "the form comes back");
            var fields = Forms.Fields(kept);
            Assert.Multiple(() =>
            {
                Assert.That(page.QuerySelector("main")!.Squash(), Does.Contain("was not saved"));
                Assert.That(kept.GetAttribute("action"), Is.EqualTo(Address));
                foreach (var (name, value) in typed)
                {
                    Assert.That(fields.GetValueOrDefault(name), Is.EqualTo(value), name);
                }
                Assert.That(fields.Keys, Has.Some.EqualTo("__RequestVerificationToken"), "a fresh antiforgery token");
                Assert.That(body, Does.Not.Contain("<b>and kept</b>"), "what was typed is encoded");
                Assert.That(page.QuerySelector("label:has(textarea[name='Input.Reason']), label:has(input[name='Input.Reason'])")!.Squash(), Does.StartWith("Reason"));
            });
        }
        finally
        {
            comeBack();
        }
        Assert.That(await CountChangesAsync(app), Is.EqualTo(before), "nothing was written");

        HttpStatusCode status;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var again = await editor.PostFormAsync(kept, new Dictionary<string, string>(), Address);
            status = again.StatusCode;
        }
        while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect), "the kept form saves once the database is back");
        Assert.That(await CountChangesAsync(app), Is.EqualTo(before + 1));
    }

    /// <summary>A node of <paramref name="app"/> that reaches its PostgreSQL database through <paramref name="relay"/>.</summary>
    private static WebApplicationFactory<Program> ThroughRelay(TestApp app, PostgresRelay relay)
    {
        var throughRelay = new NpgsqlConnectionStringBuilder(app.PostgresDatabase!.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = relay.Port,
            Timeout = 3,
        }.ToString();
        return app.WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Postgres", throughRelay));
    }

    private static async Task<long> CountChangesAsync(TestApp app)
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM StatusChanges");
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
