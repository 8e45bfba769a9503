namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>How far the tracker goes when it fetches a source to archive it or checks that a link still answers (section "Evidence:Fetch").</summary>
public sealed class FetchOptions
{
    public const string Section = "Evidence:Fetch";

    /// <summary>The most a document may hold once decompressed; reading stops, and the fetch is refused, past it.</summary>
    public long MaxBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>For the whole fetch: connecting, every redirect and reading the body.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Addresses fetched even though they are private, loopback or otherwise refused (for tests and intranets): each an
    /// IP address ("10.1.2.3"), a range ("10.0.0.0/8") or a host name ("localhost", whose every address is then allowed).
    /// The cloud metadata address is allowed only by naming it exactly, never by a range that happens to cover it.
    /// </summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>Off for callers that must never send in clear text (webhooks): then only https is fetched, redirects included.</summary>
    public bool AllowHttp { get; set; } = true;

    /// <summary>Empty: "ComplianceTracker/1.0 (+site address)", the site address given to the fetcher, so a publisher can see who asks.</summary>
    public string UserAgent { get; set; } = "";
}
