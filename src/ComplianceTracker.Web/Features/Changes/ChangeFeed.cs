using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Data;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>/changes.atom: the change log as an Atom 1.0 feed, newest 100 entries.</summary>
public static class ChangeFeed
{
    public const int Size = 100;

    public static IEndpointRouteBuilder MapChangeFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/changes.atom", async (HttpContext context, ChangeLogStore log, CaseStore cases, Shared.CaseClock clock, string? kind, CancellationToken ct) =>
            {
                var query = ChangeLogQuery.Parse(kind, null);
                if (query.Problem is not null)
                {
                    return ConditionalGet.BadQuery(query.Problem);
                }
                var record = await cases.GetAsync(ct) ?? new CaseRecord { Key = "case", Title = "ComplianceTracker" };
                var entries = await log.ListAsync(query.Kinds, 0, Size, ct);
                var body = Render(record, entries, OpenDataEndpoints.BaseUrl(context.Request), clock);
                return ConditionalGet.Respond(context, body, "application/atom+xml; charset=utf-8", lastModified: entries.Count > 0 ? entries[0].At : record.LoadedAt);
            })
            .RequireCors(OpenDataEndpoints.CorsPolicy)
            .CacheOutput(RecordCacheExtensions.Policy)
            .WithTags("Feeds")
            .WithSummary("Atom feed of the change log");
        return app;
    }

    /// <summary>Entry ids are URNs built from the change's table and row id, so they never change.</summary>
    public static byte[] Render(CaseRecord record, IReadOnlyList<ChangeLogEntry> entries, string baseUrl, Shared.CaseClock clock)
    {
        var feed = new SyndicationFeed(
            PlainText.ForOutput($"ComplianceTracker: {record.Title}"),
            "Every public change to the record: assessments, detail edits, corrections, money, new events and deadlines, report editions.",
            new Uri(baseUrl + "/changes"),
            $"urn:compliancetracker:{record.Key}:changes",
            clock.Local(entries.Count > 0 ? entries[0].At : record.LoadedAt));
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(baseUrl + "/changes.atom"), "application/atom+xml"));
        feed.Authors.Add(new SyndicationPerson { Name = "ComplianceTracker" });
        feed.Items = entries.Select(e =>
        {
            var text = new StringBuilder(e.Summary);
            if (e.Provenance is { } provenance)
            {
                text.Append(" (").Append(provenance.Short).Append(')');
            }
            if (!string.IsNullOrWhiteSpace(e.Reason) && e.Kind is not ("new-event" or "new-deadline"))
            {
                text.Append(". ").Append(e.Reason);
            }
            if (e.StateNote is { } note)
            {
                text.Append(" [").Append(note).Append(" See ").Append(baseUrl).Append(e.ReplacedByLink ?? e.EntryLink).Append(']');
            }
            if (e.SourceTitle is not null)
            {
                text.Append(" Source: ").Append(e.SourceTitle);
                if (!string.IsNullOrEmpty(e.SourceUrl))
                {
                    text.Append(" <").Append(e.SourceUrl).Append('>');
                }
            }
            // Stored text from before forms refused control characters would make the XML writer throw: replace, never fail.
            var item = new SyndicationItem(
                PlainText.ForOutput($"{e.KindLabel}{(e.StateNote is null ? "" : $" ({EntryStates.Label(e.State).ToLowerInvariant()})")}: {e.ItemLabel}"),
                new TextSyndicationContent(PlainText.ForOutput(text.ToString())),
                new Uri(baseUrl + e.Link),
                $"urn:compliancetracker:{record.Key}:{e.StableId}",
                clock.Local(e.At))
            {
                PublishDate = clock.Local(e.At),
            };
            item.Authors.Add(new SyndicationPerson { Name = e.By == "seed" ? "The case files" : e.Kind == "edition" ? "ComplianceTracker" : PlainText.ForOutput(e.By) });
            item.Categories.Add(new SyndicationCategory(e.Kind));
            if (e.Kind == "edition")
            {
                item.Links.Add(new SyndicationLink(new Uri(baseUrl + e.Link), "enclosure", $"Edition {e.ItemCode} (PDF)", "application/pdf", e.Amount ?? 0));
            }
            return item;
        }).ToList();

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
