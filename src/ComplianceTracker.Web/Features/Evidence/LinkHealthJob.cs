using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// The weekly link check: asks each source's address whether it still answers, through the same guard as a fetch,
/// one request per host at a time with a pause between them, and records every answer. Safe to run twice: a second run
/// only adds answers.
/// </summary>
public sealed class LinkHealthJob(
    Database database, SafeFetcher fetcher, IOptions<EvidenceOptions> options, CaseClock clock, ILogger<LinkHealthJob> logger)
{
    public const string Id = "link-check-weekly";

    /// <summary>Hosts checked at once; each host still gets one request at a time.</summary>
    private const int HostsAtOnce = 4;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sources = await database.WithConnectionAsync(connection => SourceStore.ListAsync(connection, null, cancellationToken), cancellationToken);
        var byHost = sources
            .Where(s => s.HasUrl)
            .GroupBy(s => Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : "")
            .ToList();
        var delay = TimeSpan.FromSeconds(options.Value.LinkCheckDelaySeconds);
        var checkedCount = 0;
        await Parallel.ForEachAsync(byHost, new ParallelOptions { MaxDegreeOfParallelism = HostsAtOnce, CancellationToken = cancellationToken }, async (host, token) =>
        {
            var first = true;
            foreach (var source in host)
            {
                if (!first && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, token);
                }
                first = false;
                var answer = await fetcher.CheckAsync(source.Url, token);
                var row = new LinkCheckRow
                {
                    SourceId = source.Id,
                    Url = source.Url,
                    CheckedAt = clock.UtcNow,
                    Answered = answer.Answered,
                    HttpStatus = answer.HttpStatus,
                    FinalUrl = answer.FinalUrl,
                    Problem = answer.Problem,
                };
                await database.WriteAsync(async (connection, transaction) =>
                {
                    await LinkCheckStore.InsertAsync(connection, transaction, row);
                    return true;
                }, token);
                Interlocked.Increment(ref checkedCount);
            }
        });
        logger.LogInformation("Link check: {Count} addresses checked.", checkedCount);
        return checkedCount;
    }
}
