using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// Fetches an address an editor typed, for the archive (<see cref="FetchAsync"/>) or the weekly link check
/// (<see cref="CheckAsync"/>), without letting that address reach anything but a public web server.
/// <para>
/// The guard sits where the connection is made: the handler's ConnectCallback looks the host up itself, refuses the
/// fetch when any of its addresses is refused by <see cref="AddressGuard"/>, and connects to one of the very addresses
/// it judged. A host cannot answer one address to a check and another to the connection (DNS rebinding), and every
/// redirect, followed here by hand, goes through the same door, its scheme checked first. No proxy is used: through one,
/// the callback would judge the proxy's address instead of the site's.
/// </para>
/// One instance serves the whole app (it owns its connection pool); <see cref="SafeFetcherExtensions.AddSafeFetcher"/>
/// registers it, or construct it directly.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    /// <summary>The link check's fallback GET reads this much, enough to see that a body comes, and lets the rest go.</summary>
    private const int CheckReadBytes = 4096;

    private readonly FetchOptions options;
    private readonly TimeProvider time;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;
    private readonly HttpClient client;
    private readonly string userAgent;

    /// <param name="options">Read once, here.</param>
    /// <param name="time">Stamps <see cref="FetchResult.RetrievedAt"/> and <see cref="LinkCheck.CheckedAt"/> only.</param>
    /// <param name="siteAddress">The tracker's public address, named in the User-Agent unless <see cref="FetchOptions.UserAgent"/> is set.</param>
    public SafeFetcher(FetchOptions options, TimeProvider time, string? siteAddress = null)
        : this(options, time, siteAddress, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>With the host lookup given, so tests can make a name resolve to any address without asking a DNS server.</summary>
    internal SafeFetcher(FetchOptions options, TimeProvider time, string? siteAddress, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        this.options = options;
        this.time = time;
        this.resolve = resolve;
        userAgent = string.IsNullOrWhiteSpace(options.UserAgent) ? UserAgentFor(siteAddress) : options.UserAgent.Trim();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            // A pooled connection keeps the address it was judged on; a fresh one looks the host up again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The document at <paramref name="url"/>, read whole, or a refusal saying why not: an address that is not http(s)
    /// or not public, too many redirects, no answer in time, a body past the size limit, an answer other than 2xx
    /// (its status kept). Only the caller's cancellation throws.
    /// </summary>
    public async Task<FetchResult> FetchAsync(string url, CancellationToken ct)
    {
        if (Parse(url, out var uri) is { } problem)
        {
            return new FetchResult { FinalUrl = url ?? "", Refusal = problem, RetrievedAt = time.GetUtcNow() };
        }
        var exchange = new Exchange(uri);
        var reading = false;
        using var limit = Limit(ct);
        try
        {
            await FollowAsync(exchange, HttpMethod.Get, limit.Token);
            if (exchange.Refusal is not null)
            {
                return Refused(exchange, exchange.Refusal);
            }
            var response = exchange.Response!;
            if (!response.IsSuccessStatusCode)
            {
                return Refused(exchange, $"The site {Site(exchange.Url)} answered {Status(response)}.");
            }
            if (response.Content.Headers.ContentLength is { } declared && declared > options.MaxBytes)
            {
                return Refused(exchange, $"The document at {Site(exchange.Url)} is larger than the {Size(options.MaxBytes)} limit (it is {Size(declared)}).");
            }
            reading = true;
            if (await ReadAsync(response, options.MaxBytes, limit.Token) is not { } content)
            {
                return Refused(exchange, $"The document at {Site(exchange.Url)} is larger than the {Size(options.MaxBytes)} limit.");
            }
            var declaredType = response.Content.Headers.ContentType;
            return new FetchResult
            {
                Content = content,
                MediaType = MediaSniffing.MediaType(declaredType?.MediaType, content),
                Charset = declaredType?.CharSet?.Trim('"', ' ') is { Length: > 0 } charset ? charset : null,
                FinalUrl = exchange.Answered!.AbsoluteUri,
                HttpStatus = (int)response.StatusCode,
                RetrievedAt = time.GetUtcNow(),
                Redirects = exchange.Redirects,
            };
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return Refused(exchange, Failure(e, exchange, limit, reading));
        }
        finally
        {
            exchange.Dispose();
        }
    }

    /// <summary>
    /// Whether <paramref name="url"/> still answers: HEAD, or GET (reading a few kilobytes) where HEAD is answered 405
    /// or 501; redirects followed under the same guard. Only the caller's cancellation throws.
    /// </summary>
    public async Task<LinkCheck> CheckAsync(string url, CancellationToken ct)
    {
        if (Parse(url, out var uri) is { } problem)
        {
            return new LinkCheck(false, null, null, problem, time.GetUtcNow());
        }
        var exchange = new Exchange(uri);
        var reading = false;
        using var limit = Limit(ct);
        try
        {
            await FollowAsync(exchange, HttpMethod.Head, limit.Token);
            if (exchange.Refusal is null && exchange.Response!.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                exchange.Dispose();
                exchange = new Exchange(uri);
                await FollowAsync(exchange, HttpMethod.Get, limit.Token);
                if (exchange.Refusal is null && exchange.Response!.IsSuccessStatusCode)
                {
                    reading = true;
                    await SkimAsync(exchange.Response, limit.Token);
                }
            }
            var answered = exchange.Refusal is null && exchange.Response!.IsSuccessStatusCode;
            return Checked(exchange, answered ? null : exchange.Refusal ?? $"The site {Site(exchange.Url)} answered {Status(exchange.Response!)}.");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return Checked(exchange, Failure(e, exchange, limit, reading));
        }
        finally
        {
            exchange.Dispose();
        }
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="url"/> through the same guard (a webhook's delivery): every
    /// address the host resolves to is judged before connecting, and no redirect is followed, since a receiver that
    /// moved must be registered again. The answer's status, or why nothing was delivered; only the caller's
    /// cancellation throws.
    /// </summary>
    public async Task<PostResult> PostAsync(string url, byte[] body, string mediaType, IReadOnlyDictionary<string, string> headers, CancellationToken ct)
    {
        if (Parse(url, out var uri) is { } problem)
        {
            return new PostResult(null, problem);
        }
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && AddressGuard.Refusal(uri.Host, literal, options) is { } refusal)
        {
            return new PostResult(null, refusal);
        }
        var exchange = new Exchange(uri);
        using var limit = Limit(ct);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new PostResult(status, null)
                : new PostResult(status, status is >= 300 and < 400
                    ? $"The site {Site(uri)} answered {Status(response)}; deliveries follow no redirects, so register the address it points to."
                    : $"The site {Site(uri)} answered {Status(response)}.");
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested && Refused(e) is { } connectRefusal)
        {
            return new PostResult(null, connectRefusal);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return new PostResult(null, Failure(e, exchange, limit, reading: false));
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>One fetch's way through its redirects: the last answer, or why it stopped.</summary>
    private sealed class Exchange(Uri start) : IDisposable
    {
        public Uri Start { get; } = start;

        /// <summary>The address asked for last, the one a timeout or a broken connection is reported for.</summary>
        public Uri Url { get; set; } = start;

        /// <summary>The last answer and the address that gave it.</summary>
        public HttpResponseMessage? Response { get; set; }

        public Uri? Answered { get; set; }

        public List<string> Redirects { get; } = [];

        public string? Refusal { get; set; }

        public void Dispose() => Response?.Dispose();
    }

    private async Task FollowAsync(Exchange exchange, HttpMethod method, CancellationToken token)
    {
        while (true)
        {
            var url = exchange.Url;
            var hop = exchange.Redirects.Count > 0 ? $"The page redirected to {url.AbsoluteUri}. " : "";
            // An address written as an IP is judged before anything is sent; ConnectAsync judges it again, with every name.
            if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && AddressGuard.Refusal(url.Host, literal, options) is { } refusal)
            {
                exchange.Refusal = hop + refusal;
                return;
            }
            using var request = new HttpRequestMessage(method, url)
            {
                // HTTP/2 where TLS offers it, never HTTP/3: QUIC connections would not pass through ConnectAsync.
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            request.Headers.TryAddWithoutValidation("Accept", "application/pdf, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5");
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }
            catch (HttpRequestException e) when (Refused(e) is { } connectRefusal)
            {
                exchange.Refusal = hop + connectRefusal;
                return;
            }
            exchange.Response?.Dispose();
            exchange.Response = response;
            exchange.Answered = url;
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return;
            }
            if (response.Headers.Location is not { } location || !Uri.TryCreate(url, location, out var next))
            {
                exchange.Refusal = $"The site {Site(url)} answered {Status(response)} without saying where to.";
                return;
            }
            if (exchange.Redirects.Count >= options.MaxRedirects)
            {
                exchange.Refusal = options.MaxRedirects == 0
                    ? $"The site {Site(url)} redirected to {next.AbsoluteUri}; the tracker is set to follow no redirects."
                    : $"The site {Site(url)} redirected more than {options.MaxRedirects} times; the tracker follows at most {options.MaxRedirects}.";
                return;
            }
            if (SchemeProblem(next) is { } scheme)
            {
                exchange.Refusal = $"The page redirected to {next.AbsoluteUri}, which cannot be fetched: {scheme}.";
                return;
            }
            exchange.Redirects.Add(url.AbsoluteUri);
            exchange.Url = next;
        }
    }

    /// <summary>The handler's only way onto the network: see the class summary.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken token)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var site = context.InitialRequestMessage.RequestUri?.Authority ?? host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolve(host, token);
            }
            catch (Exception e) when (e is SocketException or ArgumentException)
            {
                addresses = [];
            }
        }
        if (addresses.Length == 0)
        {
            throw new RefusedException($"No address found for {host}: the name may be misspelt, or the site gone.");
        }
        // Every address, before any connection: a name that also points inside is refused whole, whichever address would be tried first.
        foreach (var address in addresses)
        {
            if (AddressGuard.Refusal(host, address, options) is { } refusal)
            {
                throw new RefusedException(refusal);
            }
        }
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new RefusedException(failure?.SocketErrorCode is SocketError.ConnectionRefused
            ? $"The site {site} refused the connection: no web server answers there."
            : $"The site {site} could not be reached.");
    }

    /// <summary>A refusal made in <see cref="ConnectAsync"/>, carried out through the handler's HttpRequestException.</summary>
    private sealed class RefusedException(string message) : Exception(message);

    private static string? Refused(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is RefusedException refused)
            {
                return refused.Message;
            }
        }
        return null;
    }

    /// <summary>Why a fetch that threw stopped, in words: out of time, refused at connection, or broken off.</summary>
    private string Failure(Exception e, Exchange exchange, CancellationTokenSource limit, bool reading)
    {
        var site = Site(exchange.Url);
        if (limit.IsCancellationRequested)
        {
            var seconds = options.TimeoutSeconds == 1 ? "1 second" : $"{options.TimeoutSeconds} seconds";
            return reading ? $"The site {site} did not finish sending the document within {seconds}." : $"The site {site} did not answer within {seconds}.";
        }
        return e switch
        {
            HttpRequestException request when Refused(request) is { } refusal => refusal,
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => $"The site {site} could not be reached securely: its certificate was not accepted.",
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => $"The site {site} sent an answer that is not valid HTTP.",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => $"The site {site} closed the connection without answering.",
            _ when reading => $"The site {site} broke off while sending the document.",
            _ => $"The site {site} could not be reached.",
        };
    }

    /// <summary>The whole fetch's time limit, on the real clock: an injected clock that never moves would let a fetch hang.</summary>
    private CancellationTokenSource Limit(CancellationToken ct)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        return limit;
    }

    /// <summary>The body, or null once it passes <paramref name="max"/> bytes (counted after decompression, so a small zip bomb stops too).</summary>
    private static async Task<byte[]?> ReadAsync(HttpResponseMessage response, long max, CancellationToken token)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        using var body = new MemoryStream((int)Math.Min(response.Content.Headers.ContentLength ?? 0, Math.Min(max, 1024 * 1024)));
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, token)) > 0)
        {
            if (body.Length + read > max)
            {
                return null;
            }
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }

    /// <summary>The first few kilobytes of the body, read and dropped.</summary>
    private static async Task SkimAsync(HttpResponseMessage response, CancellationToken token)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        var buffer = new byte[CheckReadBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), token)) > 0)
        {
            total += read;
        }
    }

    private FetchResult Refused(Exchange exchange, string refusal) => new()
    {
        FinalUrl = (exchange.Answered ?? exchange.Start).AbsoluteUri,
        HttpStatus = exchange.Response is { } response ? (int)response.StatusCode : 0,
        RetrievedAt = time.GetUtcNow(),
        Redirects = exchange.Redirects,
        Refusal = refusal,
    };

    private LinkCheck Checked(Exchange exchange, string? problem) => new(
        problem is null,
        exchange.Response is { } response ? (int)response.StatusCode : null,
        exchange.Answered?.AbsoluteUri,
        problem,
        time.GetUtcNow());

    private string? Parse(string url, out Uri uri)
    {
        uri = null!;
        var text = url?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "No address was given.";
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            return $"{text} is not a complete web address, such as https://example.org/page.";
        }
        if (SchemeProblem(parsed) is { } problem)
        {
            return $"The address {text} cannot be fetched: {problem}.";
        }
        if (parsed.Host.Length == 0)
        {
            return $"{text} is not a complete web address, such as https://example.org/page.";
        }
        uri = parsed;
        return null;
    }

    private string? SchemeProblem(Uri uri) => uri.Scheme switch
    {
        "https" => null,
        "http" when options.AllowHttp => null,
        "http" => "the tracker fetches only https addresses here, so that nothing travels in clear text",
        _ => options.AllowHttp ? "the tracker fetches only http and https addresses" : "the tracker fetches only https addresses",
    };

    private static string Site(Uri url) => url.Authority;

    private static string Status(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        return ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? $"{code} {phrase}" : code.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A size in the words of the limit it is compared with: "50 MB", "64 KB", "1,500 bytes".</summary>
    internal static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => Unit(bytes / (1024d * 1024), "MB"),
        >= 1024 => Unit(bytes / 1024d, "KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };

    private static string Unit(double amount, string unit) => string.Create(CultureInfo.InvariantCulture, $"{amount:#,0.#} {unit}");

    internal static string UserAgentFor(string? siteAddress)
    {
        var version = typeof(SafeFetcher).Assembly.GetName().Version ?? new Version(1, 0);
        var product = $"ComplianceTracker/{version.Major}.{version.Minor}";
        return Uri.TryCreate(siteAddress?.Trim(), UriKind.Absolute, out var site) && site.Scheme is "http" or "https"
            ? $"{product} (+{site.Scheme}://{site.IdnHost}{(site.IsDefaultPort ? "" : $":{site.Port}")}{site.AbsolutePath.TrimEnd('/')})"
            : product;
    }
}

/// <summary>What a POST through the guard came to: the answer's status (null when none came) and, unless 2xx, why it failed.</summary>
public sealed record PostResult(int? HttpStatus, string? Problem)
{
    public bool Delivered => Problem is null;
}
