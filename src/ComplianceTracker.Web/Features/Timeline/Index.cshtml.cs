using System.Globalization;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Timeline;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(TimelineStore timeline, CaseClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }

    public DateOnly Today { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<TimelineItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public List<string> Notices { get; } = [];

    /// <summary>Where the "today" marker goes: before the first item that ends after today.</summary>
    public int TodayIndex { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today;
        var all = await timeline.ListAsync(cancellationToken);
        Total = all.Count;
        Years = all.Select(i => i.Occurs.Year).Distinct().Order().ToList();

        IEnumerable<TimelineItem> items = all;
        if (!string.IsNullOrEmpty(Kind) && Kind != "all")
        {
            if (Kind is TimelineItem.Event or TimelineItem.Deadline)
            {
                items = items.Where(i => i.Kind == Kind);
            }
            else
            {
                Notices.Add($"There is no kind \"{Kind}\"; showing events and deadlines.");
                Kind = null;
            }
        }
        if (!string.IsNullOrEmpty(Year) && Year != "all")
        {
            if (int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200)
            {
                items = items.Where(i => i.Occurs.Year == year || i.Alternate?.Year == year);
            }
            else
            {
                Notices.Add($"\"{Year}\" is not a year; showing every year.");
                Year = null;
            }
        }
        Items = items.OrderBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        TodayIndex = Items.TakeWhile(i => i.Occurs.End < Today).Count();
    }

    public DeadlineStanding Standing(TimelineItem item) => DeadlineStanding.Of(item, Today);
}
