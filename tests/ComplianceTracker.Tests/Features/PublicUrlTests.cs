using System.Net;
using ComplianceTracker.Tests.Support;

namespace ComplianceTracker.Tests.Features;

/// <summary>No public address answers 500, whatever is typed into it.</summary>
public class PublicUrlTests
{
    private static TestApp app = null!;

    [OneTimeSetUp]
    public static void Start() => app = new TestApp();

    [OneTimeTearDown]
    public static void Stop() => app.Dispose();

    private static readonly string[] Pages = ["/", "/deficiencies", "/deficiencies/D-01", "/settlement", "/timeline", "/sources"];

    private static readonly string[] OddQueries =
    [
        "?status=%27%3B%20DROP%20TABLE%20Deficiencies%3B--",
        "?area=%3Cscript%3Ealert(1)%3C%2Fscript%3E&sort=title&dir=sideways",
        "?year=-1&kind=deadline",
        "?year=99999999999999999999&kind=%00",
        "?survey=&area=&status=&sort=&dir=",
        "?survey[]=a&survey[]=b&sort=1&sort=2",
        "?kind=" + new string('x', 5000),
        "?%ff%fe=1",
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from page in Pages from query in OddQueries select new TestCaseData(page + query).SetArgDisplayNames(page + query[..Math.Min(query.Length, 40)]);

    [TestCaseSource(nameof(Cases))]
    public async Task Get_NeverAnswers500_ForOddQueryStrings(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That((int)response.StatusCode, Is.LessThan(500), url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain("<script>alert(1)"), "input is encoded on output");
    }

    [TestCase("/deficiencies/%3Cscript%3E")]
    [TestCase("/deficiencies/D-01%27--")]
    [TestCase("/deficiencies/..%2F..%2Fetc%2Fpasswd")]
    [TestCase("/settlement/O-1")]
    [TestCase("/timeline/2025")]
    [TestCase("/no-such-page")]
    public async Task Get_Answers404_ForUnknownAddresses(string url)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
    }

    [Test]
    public async Task Healthz_Answers200_WhenTheDatabaseIsReachable()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.Not.Empty);
        });
    }
}
