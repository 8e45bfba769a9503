using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Sources;

/// <summary>
/// One source's page: what the document is, whether its address still answers, its archived copies with their hashes,
/// the passages of it that claims rest on and whether each was found in a copy, and every item that cites it.
/// </summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class DetailModel(Database database, Cases.CaseStore cases) : PageModel
{
    public Source Source { get; private set; } = new();
    public IReadOnlyList<ArchivedCopy> Copies { get; private set; } = [];
    public IReadOnlyList<(Passage Passage, CitingEntry? CitedBy)> Passages { get; private set; } = [];
    public IReadOnlyList<CitingEntry> CitedBy { get; private set; } = [];
    public LinkHealth Health { get; private set; } = LinkHealth.Unchecked;
    public Cases.CaseRecord Case { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        Case = await cases.GetAsync(cancellationToken) ?? new Cases.CaseRecord();
        var found = await database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            if (await SourceStore.FindByKeyAsync(connection, transaction, key, cancellationToken) is not { } source)
            {
                return false;
            }
            Source = source;
            Copies = await ArchivedCopyStore.ListForSourceAsync(connection, transaction, source.Id, cancellationToken);
            CitedBy = await PassageStore.ListCitingAsync(connection, transaction, source.Id, cancellationToken);
            var citing = CitedBy.ToDictionary(c => (c.ItemType, c.ItemId));
            Passages = (await PassageStore.ListForSourceAsync(connection, transaction, source.Id, cancellationToken))
                .Select(p => (p, citing.GetValueOrDefault((p.ItemType, p.ItemId))))
                .ToList();
            Health = LinkHealth.Of(source.Url, (await LinkCheckStore.ListRecentAsync(connection, transaction, cancellationToken))[source.Id]);
            return true;
        }, cancellationToken);
        return found ? Page() : NotFound();
    }

    /// <summary>The items that cite the source, once each, in the order the record lists them.</summary>
    public IEnumerable<CitingEntry> Items => CitedBy
        .Where(c => c.ItemType is not ("status" or "ledger" or "evidence"))
        .Concat(CitedBy.Where(c => c.ItemType is "status" or "ledger" or "evidence"))
        .DistinctBy(c => (c.Subject, c.Code));
}
