using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Data;

/// <summary>
/// One entry of the change log as the API gives it (/api/v1/changes), and as a webhook receives it: one shape for both.
/// </summary>
public sealed record ChangeDto(
    string Id, string Kind, DateTimeOffset RecordedAt, string RecordedBy, string Item, string Summary, string? Confidence, string? Basis,
    string? Reason, string? SourceUrl, string Link, string State, string? ReplacedBy)
{
    public static ChangeDto From(ChangeLogEntry e, CaseClock clock, string baseUrl) => new(
        e.StableId, e.Kind, clock.Local(e.At), e.By, e.ItemCode, e.Summary, e.Provenance?.Confidence, e.Provenance?.Basis, e.Reason,
        string.IsNullOrEmpty(e.SourceUrl) ? null : e.SourceUrl, baseUrl + e.Link, e.State,
        e.ReplacedByLink is { } replaced ? baseUrl + replaced : null);
}
