using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using ComplianceTracker.Tests.Features.Reports;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// Text goes out Brotli- or gzip-compressed to clients that ask, compressed once per cached version (the output cache
/// keeps the compressed bytes, one entry per encoding); PDFs go out as they are, byte ranges and all. Compressions are
/// counted by the app's own meter, read here through a listener on this app's meter only.
/// </summary>
public sealed class CompressionTests
{
    private TestApp app = null!;
    private HttpClient client = null!;
    private MeterListener listener = null!;
    private readonly Dictionary<string, int> compressions = [];

    [SetUp]
    public void Start()
    {
        compressions.Clear();
        app = new TestApp();
        client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // Each test app has a meter factory of its own: count this app's compressions, not another test's.
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == CompressionExtensions.CompressedCounter && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var encoding = (string)tags.ToArray().Single(t => t.Key == "encoding").Value!;
            lock (compressions)
            {
                compressions[encoding] = compressions.GetValueOrDefault(encoding) + (int)value;
            }
        });
        listener.Start();
    }

    [TearDown]
    public void Stop()
    {
        listener.Dispose();
        client.Dispose();
        app.Dispose();
    }

    private int Compressions(string encoding)
    {
        lock (compressions)
        {
            return compressions.GetValueOrDefault(encoding);
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding, Action<HttpRequestMessage>? more = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        more?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using Stream source = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            null => new MemoryStream(bytes),
            var other => throw new AssertionException($"unexpected Content-Encoding {other}"),
        };
        using var reader = new StreamReader(source);
        return await reader.ReadToEndAsync();
    }

    [Test]
    public async Task Page_IsCompressedOncePerCachedVersion_AndServedCompressedFromTheCache()
    {
        using var plain = await GetAsync("/timeline", null);
        var html = await DecodeAsync(plain);

        for (var i = 0; i < 3; i++)
        {
            using var br = await GetAsync("/timeline", "gzip, deflate, br, zstd");
            Assert.Multiple(async () =>
            {
                Assert.That(br.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(br.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
                Assert.That(br.Headers.Vary, Does.Contain("Accept-Encoding"));
                Assert.That(await DecodeAsync(br), Is.EqualTo(html), "the same page");
                Assert.That(br.Content.Headers.ContentLength, Is.LessThan(html.Length / 4), "a quarter of the page's size or less");
            });
        }
        for (var i = 0; i < 2; i++)
        {
            using var gzip = await GetAsync("/timeline", "gzip");
            Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(await DecodeAsync(gzip), Is.EqualTo(html));
        }
        Assert.Multiple(() =>
        {
            Assert.That(Compressions("br"), Is.EqualTo(1), "three Brotli readers, one compression: the cache serves the compressed bytes");
            Assert.That(Compressions("gzip"), Is.EqualTo(1), "gzip has a cache entry of its own");
            Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty, "a client that asks for nothing gets the page as it is");
            Assert.That(plain.Headers.Vary, Does.Contain("Accept-Encoding"), "so a cache in front keeps the encodings apart");
        });

        // A write makes a new version of the record: compressed once more, then served from the cache again.
        using var editor = await app.SignedInClientAsync("Editor");
        await editor.RecordAssessmentAsync("D-01", "union:not-corrected", "A new version of the record, so a new page");
        using var fresh = await GetAsync("/timeline", "br");
        using var again = await GetAsync("/timeline", "br");
        Assert.That(Compressions("br"), Is.EqualTo(2));
        Assert.That(again.Headers.Age, Is.Not.Null, "served from the cache");
    }

    [Test]
    public async Task PageForASignedInEditor_IsCompressedEachTime_BecauseItIsNeverCached()
    {
        using var editor = await app.SignedInClientAsync("Editor");
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/deficiencies/D-01");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
            using var response = await editor.SendAsync(request);
            Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        }
        Assert.That(Compressions("br"), Is.EqualTo(2));
    }

    [TestCase("/data/timeline.csv", "text/csv")]
    [TestCase("/api/v1/deficiencies", "application/json")]
    [TestCase("/changes.atom", "application/atom+xml")]
    [TestCase("/calendar.ics", "text/calendar")]
    public async Task OpenData_IsCompressed_WithAStrongETagOfItsOwnPerEncoding(string url, string mediaType)
    {
        using var plain = await GetAsync(url, null);
        using var br = await GetAsync(url, "br");
        using var gzip = await GetAsync(url, "gzip");
        using var again = await GetAsync(url, "br");
        using var notModified = await GetAsync(url, "br", r => r.Headers.IfNoneMatch.Add(br.Headers.ETag!));
        using var otherEncoding = await GetAsync(url, "gzip", r => r.Headers.IfNoneMatch.Add(br.Headers.ETag!));

        var text = await DecodeAsync(plain);
        Assert.Multiple(async () =>
        {
            Assert.That(br.Content.Headers.ContentType!.MediaType, Is.EqualTo(mediaType));
            Assert.That(br.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
            Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(await DecodeAsync(br), Is.EqualTo(text));
            Assert.That(await DecodeAsync(gzip), Is.EqualTo(text));
            Assert.That(br.Headers.ETag!.IsWeak, Is.False, "strong");
            Assert.That(br.Headers.ETag.Tag, Does.EndWith("-br\""));
            Assert.That(gzip.Headers.ETag!.Tag, Does.EndWith("-gzip\""));
            Assert.That(plain.Headers.ETag!.Tag, Is.EqualTo(br.Headers.ETag.Tag.Replace("-br\"", "\"", StringComparison.Ordinal)), "the same body's tag, without the coding");
            Assert.That(again.Headers.ETag!.Tag, Is.EqualTo(br.Headers.ETag.Tag));
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), "its own tag: 304");
            Assert.That(notModified.Content.Headers.ContentType, Is.Null, "a 304 carries no body, nor its type");
            Assert.That(otherEncoding.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another encoding's tag names other bytes");
            Assert.That(Compressions("br"), Is.EqualTo(1), "cached with the pages: one Brotli compression for both Brotli readers");
        });
    }

    [Test]
    public async Task Pdfs_AreNotCompressedAgain_AndByteRangesStillWork()
    {
        await app.Job().RunAsync("user:Test Editor", app.Clock.GetUtcNow(), CancellationToken.None);
        using var whole = await GetAsync("/reports/latest.pdf", "gzip, deflate, br");
        using var range = await GetAsync("/reports/1.pdf", "gzip, deflate, br", r => r.Headers.Range = new RangeHeaderValue(0, 99));
        using var brief = await GetAsync("/brief.pdf", "br");
        var bytes = await whole.Content.ReadAsByteArrayAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(whole.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(whole.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(range.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(range.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(await range.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[..100]));
            Assert.That(brief.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(brief.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(Compressions("br") + Compressions("gzip"), Is.Zero);
        });
    }

    [Test]
    public async Task Stylesheet_IsLinkedAtAFingerprintedAddress_AndServedCompressedFromTheBuild()
    {
        var page = await app.GetDocumentAsync("/");
        var href = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        Assert.That(href, Does.Match(@"^/css/site\.[a-z0-9]+\.css$"), "fingerprinted");

        using var plain = await GetAsync(href, null);
        using var gzip = await GetAsync(href, "gzip");
        var css = await DecodeAsync(plain);
        Assert.Multiple(async () =>
        {
            Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(css, Does.Contain(".status.tone-bad"));
            Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(await DecodeAsync(gzip), Is.EqualTo(css));
            Assert.That(Compressions("gzip"), Is.Zero, "compressed at build time, not per request");
        });
    }
}
