using System.Diagnostics.CodeAnalysis;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// What a fetch brought back: the document, or the plain-words reason it was refused. A refusal keeps what is known of
/// the answer (its status, the address that gave it), so an archive can say "answered 404 Not Found" and where.
/// </summary>
public sealed record FetchResult
{
    /// <summary>The body as received, decompressed; empty on a refusal.</summary>
    public byte[] Content { get; init; } = [];

    /// <summary>Lower case without parameters ("application/pdf"); sniffed from the bytes when the site sent none or application/octet-stream.</summary>
    public string MediaType { get; init; } = "";

    /// <summary>The charset parameter of Content-Type, when the site sent one.</summary>
    public string? Charset { get; init; }

    /// <summary>The address that answered last (after redirects); on a refusal before any answer, the address asked for.</summary>
    public required string FinalUrl { get; init; }

    /// <summary>The status of the last answer, 0 when nothing answered.</summary>
    public int HttpStatus { get; init; }

    public DateTimeOffset RetrievedAt { get; init; }

    /// <summary>Each address that answered with a redirect, in order, starting with the one asked for; empty when it answered directly.</summary>
    public IReadOnlyList<string> Redirects { get; init; } = [];

    /// <summary>Why nothing was kept, in words for an editor; null on success.</summary>
    public string? Refusal { get; init; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// One weekly look at a cited link. <paramref name="Answered"/> only for a 2xx answer after redirects; otherwise
/// <paramref name="Problem"/> says why in plain words. <paramref name="HttpStatus"/> and <paramref name="FinalUrl"/>
/// describe the last answer received, null when nothing answered.
/// </summary>
public sealed record LinkCheck(bool Answered, int? HttpStatus, string? FinalUrl, string? Problem, DateTimeOffset CheckedAt);
