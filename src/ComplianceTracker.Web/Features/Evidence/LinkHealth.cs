namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>One answer of the link check to a source's address.</summary>
public sealed class LinkCheckRow
{
    public long SourceId { get; set; }
    public string Url { get; set; } = "";
    public DateTimeOffset CheckedAt { get; set; }
    public bool Answered { get; set; }
    public int? HttpStatus { get; set; }
    public string? FinalUrl { get; set; }
    public string? Problem { get; set; }
}

/// <summary>
/// How a source's address has answered lately. An address counts as not answering only after two failed checks in a
/// row, so one bad night of the publisher's server is not reported; <see cref="Since"/> is the first of them.
/// </summary>
public sealed record LinkHealth(bool NotAnswering, DateTimeOffset? Since, LinkCheckRow? Latest)
{
    /// <summary>Failed checks in a row before an address is reported as not answering.</summary>
    public const int FailuresBeforeReported = 2;

    public static readonly LinkHealth Unchecked = new(false, null, null);

    /// <summary>Judges a source's checks (any order) against its address now: a check of an older address does not count.</summary>
    public static LinkHealth Of(string url, IEnumerable<LinkCheckRow> checks)
    {
        var newestFirst = checks.Where(c => c.Url == url).OrderByDescending(c => c.CheckedAt).ToList();
        if (newestFirst.Count == 0)
        {
            return Unchecked;
        }
        var failures = newestFirst.TakeWhile(c => !c.Answered).ToList();
        return failures.Count >= FailuresBeforeReported
            ? new LinkHealth(true, failures[^1].CheckedAt, newestFirst[0])
            : new LinkHealth(false, null, newestFirst[0]);
    }
}
