namespace ComplianceTracker.Web.Features.Shared;

/// <summary>What a "Cite this" block needs: the item's title and its permalink path; the date is today's in the case's zone.</summary>
public sealed record CiteThis(string Id, string Title, string Path);
