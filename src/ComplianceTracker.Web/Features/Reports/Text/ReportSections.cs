namespace ComplianceTracker.Web.Features.Reports.Text;

/// <summary>
/// The report, in order: a new section is a file beside this one and a line here; neither renderer needs to change
/// unless the section brings a kind of block they have not met.
/// </summary>
public static class ReportSections
{
    public static ReportDocument Build(StatusReport report) => new(
        CoverSection.Build(report),
        [
            ChangesSection.Build(report),
            DeficienciesSection.Build(report),
            SettlementSection.Build(report),
            TimelineSection.Build(report),
            SourcesSection.Build(report),
            MethodologySection.Build(report),
            CiteSection.Build(report),
        ]);
}
