using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Data;

/// <summary>
/// The open-data guide. Its examples (dates at each precision, a survey, a deficiency, a year) are taken from the
/// case's own record, so every example link answers and no case's values are written into the page.
/// </summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(CaseStore cases, DeficiencyStore deficiencies, TimelineStore timeline, CaseClock clock) : PageModel
{
    public string? DayExample { get; private set; }
    public string? MonthExample { get; private set; }
    public string? YearExample { get; private set; }
    public string? SurveyExample { get; private set; }
    public string? DeficiencyExample { get; private set; }
    public string? YearFilterExample { get; private set; }
    public string ZoneName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var record = await cases.GetAsync(cancellationToken);
        var items = await timeline.ListAsync(cancellationToken);
        string? Example(DatePrecision precision) => items.Where(i => i.Occurs.Precision == precision).Select(i => i.Occurs.Iso).FirstOrDefault();
        DayExample = Example(DatePrecision.Day);
        MonthExample = Example(DatePrecision.Month);
        YearExample = Example(DatePrecision.Year);
        YearFilterExample = items.Select(i => i.Occurs.Start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault();
        SurveyExample = string.IsNullOrEmpty(record?.PrimarySurveyKey) ? null : record.PrimarySurveyKey;
        var all = await deficiencies.ListAsync(cancellationToken);
        DeficiencyExample = (all.FirstOrDefault(d => d.SurveyKey == SurveyExample) ?? all.FirstOrDefault())?.Code;
        ZoneName = clock.ZoneName;
    }
}
