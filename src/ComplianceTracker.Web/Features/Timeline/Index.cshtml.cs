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
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }

    public const string Oldest = "oldest";
    public const string Newest = "newest";

    public bool NewestFirst => Order == Newest;

    public DateOnly Today { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<TimelineItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public List<string> Notices { get; } = [];

    /// <summary>The answer first: passed deadlines, what comes next, the key milestones, from the whole record.</summary>
    public TimelineSummary Summary { get; private set; } = new([], [], [], []);

    /// <summary>The picture of the whole record; null when it holds no dated item.</summary>
    public TimelineChart? Chart { get; private set; }

    /// <summary>Where the "today" marker goes: between the items that ended before today and the rest, in either order.</summary>
    public int TodayIndex { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today;
        var all = await timeline.ListAsync(cancellationToken);
        Total = all.Count;
        Years = all.Select(i => i.Occurs.Year).Distinct().Order().ToList();
        Summary = TimelineSummary.Of(all, Today);
        Chart = TimelineChart.Build(all, Today);

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
        if (!string.IsNullOrEmpty(Order) && Order is not (Oldest or Newest))
        {
            Notices.Add($"There is no order \"{Order}\"; showing the oldest first.");
            Order = null;
        }
        var ordered = items.OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        if (NewestFirst)
        {
            ordered.Reverse();
            Items = ordered;
            TodayIndex = Items.TakeWhile(i => i.Occurs.End >= Today).Count();
        }
        else
        {
            Items = ordered;
            TodayIndex = Items.TakeWhile(i => i.Occurs.End < Today).Count();
        }
    }

    public DeadlineStanding Standing(TimelineItem item) => DeadlineStanding.Of(item, Today);
}
