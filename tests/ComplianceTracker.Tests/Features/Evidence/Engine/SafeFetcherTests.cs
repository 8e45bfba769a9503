using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplianceTracker.Web.Features.Evidence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>
/// The fetcher against a real server on 127.0.0.1 (<see cref="LocalSite"/>), allow-listed where a test means to reach
/// it. Every refused address (10.0.0.1, the metadata address, names made to resolve inside) is refused before a packet
/// is sent, which is what these tests check: nothing leaves this machine.
/// </summary>
public class SafeFetcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private LocalSite site = null!;

    [OneTimeSetUp]
    public async Task StartSite() => site = await LocalSite.StartAsync();

    [OneTimeTearDown]
    public async Task StopSite() => await site.DisposeAsync();

    [SetUp]
    public void Forget() => site.Forget();

    private static SafeFetcher Fetcher(Action<FetchOptions>? configure = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        var options = new FetchOptions { AllowedAddresses = ["127.0.0.1"] };
        configure?.Invoke(options);
        return resolve is null
            ? new SafeFetcher(options, new FakeTimeProvider(Now), "https://tracker.example.org")
            : new SafeFetcher(options, new FakeTimeProvider(Now), "https://tracker.example.org", resolve);
    }

    [Test]
    public async Task FetchAsync_ReturnsThePdf_WhenItsAddressIsAllowListed()
    {
        using var fetcher = Fetcher();
        var url = site.Url("/report.pdf");

        var result = await fetcher.FetchAsync(url, CancellationToken.None);

        Assert.That(result.Refusal, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Content, Is.EqualTo(SourceDocuments.ThreePagePdf));
            Assert.That(result.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(result.Charset, Is.Null);
            Assert.That(result.HttpStatus, Is.EqualTo(200));
            Assert.That(result.FinalUrl, Is.EqualTo(url));
            Assert.That(result.Redirects, Is.Empty);
            Assert.That(result.RetrievedAt, Is.EqualTo(Now));
            var pages = DocumentText.Extract(result.Content, result.MediaType, result.Charset);
            Assert.That(PassageMatch.Find(pages, "\u201Ccorrective action plan\u201D \u2013 due on 1 March 2025"), Is.EqualTo(new PassageLocation(3, 3)));
        });
    }

    [Test]
    public async Task FetchAsync_ReturnsThePageAndItsCharset_WhenHtmlIsServed()
    {
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(site.Url("/page.html"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.Null);
            Assert.That(result.MediaType, Is.EqualTo("text/html"));
            Assert.That(result.Charset, Is.EqualTo("utf-8"));
            Assert.That(Encoding.UTF8.GetString(result.Content), Is.EqualTo(SourceDocuments.Page));
        });
    }

    [TestCase("/octet.pdf", "application/pdf")]
    [TestCase("/untyped.txt", "text/plain")]
    public async Task FetchAsync_SniffsTheMediaType_WhenTheSiteDoesNotSayIt(string path, string mediaType)
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(site.Url(path), CancellationToken.None);
        Assert.That(result.MediaType, Is.EqualTo(mediaType));
    }

    [Test]
    public async Task FetchAsync_Decompresses_WhenTheSiteSendsGzip()
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(site.Url("/gzip.html"), CancellationToken.None);
        Assert.That(Encoding.UTF8.GetString(result.Content), Is.EqualTo(SourceDocuments.Page));
    }

    [Test]
    public async Task FetchAsync_NamesTheTrackerInTheUserAgent()
    {
        using (var fetcher = Fetcher())
        {
            await fetcher.FetchAsync(site.Url("/page.html"), CancellationToken.None);
        }
        using (var fetcher = Fetcher(o => o.UserAgent = "Intranet archiver"))
        {
            await fetcher.FetchAsync(site.Url("/page.html"), CancellationToken.None);
        }
        Assert.That(site.UserAgents, Is.EqualTo(new[] { "ComplianceTracker/1.0 (+https://tracker.example.org)", "Intranet archiver" }));
    }

    [Test]
    public async Task FetchAsync_FollowsRedirects_AndRecordsEachAddressAndTheFinalOne()
    {
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(site.Url("/hop/3"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.Null);
            Assert.That(result.FinalUrl, Is.EqualTo(site.Url("/hop/0")));
            Assert.That(result.Redirects, Is.EqualTo(new[] { site.Url("/hop/3"), site.Url("/hop/2"), site.Url("/hop/1") }));
            Assert.That(result.HttpStatus, Is.EqualTo(200));
            Assert.That(result.MediaType, Is.EqualTo("text/html"));
        });
    }

    [TestCase("http://10.0.0.1/", "The page redirected to http://10.0.0.1/. The address 10.0.0.1 is a private network address; the tracker does not fetch from private networks.")]
    [TestCase("http://169.254.169.254/latest/meta-data", "The page redirected to http://169.254.169.254/latest/meta-data. The address 169.254.169.254 is the cloud metadata address; the tracker never fetches from it, as it hands out the server's own credentials.")]
    [TestCase("http://[::ffff:192.168.0.1]/", "The page redirected to http://[::ffff:192.168.0.1]/. The address ::ffff:192.168.0.1 is the IPv4 address 192.168.0.1, a private network address; the tracker does not fetch from private networks.")]
    public async Task FetchAsync_RefusesTheRedirect_WhenItLeadsToAPrivateAddress(string target, string refusal)
    {
        using var fetcher = Fetcher();
        var url = site.Url("/away?to=" + Uri.EscapeDataString(target));

        var result = await fetcher.FetchAsync(url, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo(refusal));
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Content, Is.Empty);
            Assert.That(result.Redirects, Is.EqualTo(new[] { url }));
            Assert.That(result.HttpStatus, Is.EqualTo(302), "the last answer, the redirect's");
            Assert.That(result.FinalUrl, Is.EqualTo(url), "the address that gave it");
        });
    }

    [Test]
    public async Task FetchAsync_RefusesTheRedirect_WhenItsHostResolvesToAPrivateAddress()
    {
        // The name is judged where the connection is made, by the addresses the fetcher looked up itself.
        using var fetcher = Fetcher(resolve: (host, _) => Task.FromResult(host == "intranet.example" ? new[] { IPAddress.Parse("10.0.0.5") } : []));
        var url = site.Url("/away?to=" + Uri.EscapeDataString($"http://intranet.example:{site.Port}/secret"));

        var result = await fetcher.FetchAsync(url, CancellationToken.None);

        Assert.That(result.Refusal, Is.EqualTo($"The page redirected to http://intranet.example:{site.Port}/secret. The address intranet.example resolves to 10.0.0.5, a private network address; the tracker does not fetch from private networks."));
    }

    [Test]
    public async Task FetchAsync_RefusesAName_WhenAnyOfItsAddressesIsPrivate()
    {
        // 127.0.0.1 is allowed and listed first; 10.0.0.5 alone is enough to refuse the name.
        using var fetcher = Fetcher(resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("10.0.0.5") }));

        var result = await fetcher.FetchAsync($"http://mixed.example:{site.Port}/page.html", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo("The address mixed.example resolves to 10.0.0.5, a private network address; the tracker does not fetch from private networks."));
            Assert.That(site.Requests, Is.Empty, "not even the allowed address was asked");
        });
    }

    [Test]
    public async Task FetchAsync_ConnectsToTheAddressItJudged_WhenANameResolvesToAnAllowedOne()
    {
        using var fetcher = Fetcher(resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        var result = await fetcher.FetchAsync($"http://documents.example:{site.Port}/page.html", CancellationToken.None);
        Assert.That(result.Refusal, Is.Null);
    }

    [Test]
    public async Task FetchAsync_SaysNoAddressWasFound_WhenTheNameDoesNotResolve()
    {
        using var fetcher = Fetcher(resolve: (_, _) => throw new SocketException((int)SocketError.HostNotFound));
        var result = await fetcher.FetchAsync("https://nowhere.example/report.pdf", CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo("No address found for nowhere.example: the name may be misspelt, or the site gone."));
    }

    [Test]
    public async Task FetchAsync_RefusesLoopback_WhenItIsNotAllowListed()
    {
        using var fetcher = Fetcher(o => o.AllowedAddresses = []);

        var result = await fetcher.FetchAsync(site.Url("/report.pdf"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo("The address 127.0.0.1 is a loopback address; the tracker does not fetch from its own machine."));
            Assert.That(result.HttpStatus, Is.Zero);
            Assert.That(site.Requests, Is.Empty);
        });
    }

    [TestCase("http://2130706433:{0}/")]
    [TestCase("http://0x7f.0.0.1:{0}/")]
    [TestCase("http://127.1:{0}/")]
    [TestCase("http://[::ffff:127.0.0.1]:{0}/")]
    [TestCase("http://[::1]:{0}/")]
    [TestCase("http://0.0.0.0:{0}/")]
    public async Task FetchAsync_RefusesLoopback_WhateverWayItIsWritten(string pattern)
    {
        using var fetcher = Fetcher(o => o.AllowedAddresses = []);
        var result = await fetcher.FetchAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, site.Port), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Does.Contain("; the tracker does not fetch from its own machine."));
            Assert.That(site.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task FetchAsync_ReachesAHostByName_OnlyWhenTheNameIsAllowListed()
    {
        var url = $"http://localhost:{site.Port}/page.html";
        using var byName = Fetcher(o => o.AllowedAddresses = ["localhost"]);
        using var unlisted = Fetcher(o => o.AllowedAddresses = []);
        using var otherName = Fetcher(o => o.AllowedAddresses = ["localhost"]);

        var allowed = await byName.FetchAsync(url, CancellationToken.None);
        var refused = await unlisted.FetchAsync(url, CancellationToken.None);
        var byAddress = await otherName.FetchAsync(site.Url("/page.html"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(allowed.Refusal, Is.Null);
            Assert.That(allowed.MediaType, Is.EqualTo("text/html"));
            Assert.That(refused.Refusal, Does.StartWith("The address localhost resolves to ").And.Contain("a loopback address; the tracker does not fetch from its own machine."));
            Assert.That(byAddress.Refusal, Does.Contain("127.0.0.1 is a loopback address"), "the name's entry does not open its address to others");
        });
    }

    [TestCase("ftp://127.0.0.1/report.pdf")]
    [TestCase("file:///etc/passwd")]
    [TestCase("/etc/passwd")]
    [TestCase("gopher://127.0.0.1:70/")]
    [TestCase("javascript:alert(1)")]
    public async Task FetchAsync_RefusesTheAddress_WhenItIsNotHttpOrHttps(string url)
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(url, CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The address {url} cannot be fetched: the tracker fetches only http and https addresses."));
    }

    [TestCase("", "No address was given.")]
    [TestCase("www.example.org/report", "www.example.org/report is not a complete web address, such as https://example.org/page.")]
    public async Task FetchAsync_SaysWhatIsMissing_WhenTheAddressIsIncomplete(string url, string refusal)
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(url, CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo(refusal));
    }

    [Test]
    public async Task FetchAsync_RefusesHttp_WhenOnlyHttpsIsAllowed()
    {
        using var fetcher = Fetcher(o => o.AllowHttp = false);
        var result = await fetcher.FetchAsync(site.Url("/page.html"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo($"The address {site.Url("/page.html")} cannot be fetched: the tracker fetches only https addresses here, so that nothing travels in clear text."));
            Assert.That(site.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task FetchAsync_RefusesTheRedirect_WhenItLeadsToAnotherScheme()
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(site.Url("/away?to=" + Uri.EscapeDataString("file:///etc/passwd")), CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo("The page redirected to file:///etc/passwd, which cannot be fetched: the tracker fetches only http and https addresses."));
    }

    [Test]
    public async Task FetchAsync_RefusesFromTheHeaders_WhenTheDeclaredLengthIsOverTheLimit()
    {
        using var fetcher = Fetcher(o => (o.MaxBytes, o.TimeoutSeconds) = (1024 * 1024, 10));
        var clock = Stopwatch.StartNew();

        var result = await fetcher.FetchAsync(site.Url("/declared-large"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo($"The document at 127.0.0.1:{site.Port} is larger than the 1 MB limit (it is 2 MB)."));
            Assert.That(result.HttpStatus, Is.EqualTo(200));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "without waiting for a body that never comes");
        });
    }

    [Test]
    public async Task FetchAsync_StopsReading_WhenABodyWithoutLengthPassesTheLimit()
    {
        using var fetcher = Fetcher(o => o.MaxBytes = 64 * 1024);
        var result = await fetcher.FetchAsync(site.Url("/chunked-large"), CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The document at 127.0.0.1:{site.Port} is larger than the 64 KB limit."));
    }

    [Test]
    public async Task FetchAsync_StopsReading_WhenTheDecompressedBodyPassesTheLimit()
    {
        using var fetcher = Fetcher(o => o.MaxBytes = 64 * 1024);
        var result = await fetcher.FetchAsync(site.Url("/gzip-bomb"), CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The document at 127.0.0.1:{site.Port} is larger than the 64 KB limit."));
    }

    [TestCase(50L * 1024 * 1024, "50 MB")]
    [TestCase(64L * 1024, "64 KB")]
    [TestCase(1536L * 1024, "1.5 MB")]
    [TestCase(1500L, "1.5 KB")]
    [TestCase(900L, "900 bytes")]
    public void Size_ReadsAsTheLimit(long bytes, string words) =>
        Assert.That(SafeFetcher.Size(bytes), Is.EqualTo(words));

    [Test]
    public void FetchOptions_HaveTheDocumentedDefaults()
    {
        var options = new FetchOptions();
        Assert.Multiple(() =>
        {
            Assert.That(SafeFetcher.Size(options.MaxBytes), Is.EqualTo("50 MB"));
            Assert.That(options.TimeoutSeconds, Is.EqualTo(30));
            Assert.That(options.MaxRedirects, Is.EqualTo(5));
            Assert.That(options.AllowedAddresses, Is.Empty);
            Assert.That(options.AllowHttp, Is.True);
            Assert.That(options.UserAgent, Is.Empty);
        });
    }

    [Test]
    public async Task FetchAsync_GivesUp_WhenTheSiteDoesNotAnswerInTime()
    {
        using var fetcher = Fetcher(o => o.TimeoutSeconds = 1);
        var clock = Stopwatch.StartNew();

        var result = await fetcher.FetchAsync(site.Url("/slow"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{site.Port} did not answer within 1 second."));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task FetchAsync_GivesUp_WhenTheBodyDoesNotComeInTime()
    {
        using var fetcher = Fetcher(o => o.TimeoutSeconds = 1);
        var result = await fetcher.FetchAsync(site.Url("/slow-body"), CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{site.Port} did not finish sending the document within 1 second."));
    }

    [Test]
    public void FetchAsync_Throws_WhenTheCallerCancels()
    {
        using var fetcher = Fetcher(o => o.TimeoutSeconds = 30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.CatchAsync<OperationCanceledException>(() => fetcher.FetchAsync(site.Url("/slow"), cancel.Token));
    }

    [Test]
    public async Task FetchAsync_Refuses_AfterTooManyRedirects()
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(site.Url("/loop"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{site.Port} redirected more than 5 times; the tracker follows at most 5."));
            Assert.That(site.Requests, Has.Count.EqualTo(6));
        });
    }

    [Test]
    public async Task FetchAsync_RefusesAnyRedirect_WhenNoneMayBeFollowed()
    {
        using var fetcher = Fetcher(o => o.MaxRedirects = 0);
        var result = await fetcher.FetchAsync(site.Url("/hop/1"), CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{site.Port} redirected to {site.Url("/hop/0")}; the tracker is set to follow no redirects."));
    }

    [Test]
    public async Task FetchAsync_RefusesButKeepsTheStatus_WhenTheSiteAnswers404()
    {
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync(site.Url("/missing"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{site.Port} answered 404 Not Found."));
            Assert.That(result.HttpStatus, Is.EqualTo(404));
            Assert.That(result.FinalUrl, Is.EqualTo(site.Url("/missing")));
            Assert.That(result.Content, Is.Empty);
        });
    }

    [Test]
    public async Task FetchAsync_SaysTheConnectionWasRefused_WhenNothingListens()
    {
        var port = FreePort();
        using var fetcher = Fetcher();
        var result = await fetcher.FetchAsync($"http://127.0.0.1:{port}/", CancellationToken.None);
        Assert.That(result.Refusal, Is.EqualTo($"The site 127.0.0.1:{port} refused the connection: no web server answers there."));
    }

    [Test]
    public async Task CheckAsync_Answers_WithHeadAlone_WhenTheLinkWorks()
    {
        using var fetcher = Fetcher();

        var check = await fetcher.CheckAsync(site.Url("/report.pdf"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(check, Is.EqualTo(new LinkCheck(true, 200, site.Url("/report.pdf"), null, Now)));
            Assert.That(site.Requests, Is.EqualTo(new[] { "HEAD /report.pdf" }));
        });
    }

    [Test]
    public async Task CheckAsync_FallsBackToGet_WhenHeadIsAnswered405()
    {
        using var fetcher = Fetcher();

        var check = await fetcher.CheckAsync(site.Url("/head-refused"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(check, Is.EqualTo(new LinkCheck(true, 200, site.Url("/head-refused"), null, Now)));
            Assert.That(site.Requests, Is.EqualTo(new[] { "HEAD /head-refused", "GET /head-refused" }));
        });
    }

    [Test]
    public async Task CheckAsync_FollowsRedirects_ToTheFinalAddress()
    {
        using var fetcher = Fetcher();
        var check = await fetcher.CheckAsync(site.Url("/hop/2"), CancellationToken.None);
        Assert.That(check, Is.EqualTo(new LinkCheck(true, 200, site.Url("/hop/0"), null, Now)));
    }

    [Test]
    public async Task CheckAsync_IsNotAnswered_WhenTheLinkIs404()
    {
        using var fetcher = Fetcher();
        var check = await fetcher.CheckAsync(site.Url("/gone"), CancellationToken.None);
        Assert.That(check, Is.EqualTo(new LinkCheck(false, 404, site.Url("/gone"), $"The site 127.0.0.1:{site.Port} answered 404 Not Found.", Now)));
    }

    [Test]
    public async Task CheckAsync_IsNotAnswered_WhenTheAddressIsRefused()
    {
        using var fetcher = Fetcher(o => o.AllowedAddresses = []);
        var check = await fetcher.CheckAsync(site.Url("/report.pdf"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(check, Is.EqualTo(new LinkCheck(false, null, null, "The address 127.0.0.1 is a loopback address; the tracker does not fetch from its own machine.", Now)));
            Assert.That(site.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task CheckAsync_IsNotAnswered_WhenTheSiteIsTooSlow()
    {
        using var fetcher = Fetcher(o => o.TimeoutSeconds = 1);
        var check = await fetcher.CheckAsync(site.Url("/slow"), CancellationToken.None);
        Assert.That(check, Is.EqualTo(new LinkCheck(false, null, null, $"The site 127.0.0.1:{site.Port} did not answer within 1 second.", Now)));
    }

    [Test]
    public async Task AddSafeFetcher_BindsTheSection_AndRegistersOneFetcher()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Evidence:Fetch:TimeoutSeconds"] = "7",
            ["Evidence:Fetch:AllowedAddresses:0"] = "127.0.0.0/8",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSafeFetcher(_ => "https://tracker.example.org/");
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FetchOptions>>().Value;
        var fetcher = provider.GetRequiredService<SafeFetcher>();
        var result = await fetcher.FetchAsync(site.Url("/page.html"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(options.TimeoutSeconds, Is.EqualTo(7));
            Assert.That(options.AllowedAddresses, Is.EqualTo(new[] { "127.0.0.0/8" }));
            Assert.That(provider.GetRequiredService<SafeFetcher>(), Is.SameAs(fetcher));
            Assert.That(result.Refusal, Is.Null);
            Assert.That(site.UserAgents, Is.EqualTo(new[] { "ComplianceTracker/1.0 (+https://tracker.example.org)" }));
        });
    }

    [Test]
    public void AddSafeFetcher_NamesEveryBadSetting_WhenTheSectionIsWrong()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Evidence:Fetch:TimeoutSeconds"] = "0",
            ["Evidence:Fetch:AllowedAddresses:0"] = "10.0.0.0/33",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSafeFetcher();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<FetchOptions>>().Value);

        Assert.That(failure!.Failures, Is.EqualTo(new[]
        {
            "Evidence:Fetch:TimeoutSeconds must be a whole number of seconds above 0.",
            "Evidence:Fetch:AllowedAddresses has \"10.0.0.0/33\", which is neither an IP address (10.1.2.3), a range (10.0.0.0/8) nor a host name (localhost).",
        }));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
