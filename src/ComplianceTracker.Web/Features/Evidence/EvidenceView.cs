namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// What a page shows beside each source and claim: the passages a claim rests on, a source's newest archived copy and
/// how its address has answered. Read once per request, on first use, by whichever partial asks first.
/// </summary>
public sealed class EvidenceView(PassageStore passages, ArchivedCopyStore copies, LinkCheckStore links)
{
    private PassageIndex index = PassageIndex.Empty;
    private ILookup<long, ArchivedCopy> copiesBySource = Enumerable.Empty<ArchivedCopy>().ToLookup(c => c.SourceId);
    private ILookup<long, LinkCheckRow> checks = Enumerable.Empty<LinkCheckRow>().ToLookup(c => c.SourceId);
    private bool loaded;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (loaded)
        {
            return;
        }
        index = await passages.IndexAsync(cancellationToken);
        copiesBySource = (await copies.ListAsync(cancellationToken)).ToLookup(c => c.SourceId);
        checks = await links.ListRecentAsync(cancellationToken);
        loaded = true;
    }

    public IReadOnlyList<Passage> Passages(string itemType, long itemId) => index.For(itemType, itemId);

    public IReadOnlyList<Passage> Passages(string itemType, long itemId, long sourceId) => index.For(itemType, itemId, sourceId);

    /// <summary>The source's newest archived copy, or null.</summary>
    public ArchivedCopy? LatestCopy(long sourceId) => copiesBySource[sourceId].FirstOrDefault();

    public IReadOnlyList<ArchivedCopy> Copies(long sourceId) => copiesBySource[sourceId].ToList();

    public LinkHealth Health(long sourceId, string url) => LinkHealth.Of(url, checks[sourceId]);
}
