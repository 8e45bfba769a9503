using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Deficiencies;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(DeficiencyStore deficiencies, SurveyStore surveys, StatusChangeStore changes, CaseStore cases) : PageModel
{
    public const string NoArea = "unknown";
    public const string NoStatus = "none";

    public static readonly IReadOnlyList<(string Code, string Label)> Sorts =
    [
        ("number", "Number"),
        ("title", "Title"),
        ("area", "Area"),
        ("status", "Regulator status"),
        ("changed", "Last change"),
    ];

    [BindProperty(SupportsGet = true)] public string? Survey { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public IReadOnlyList<Survey> Surveys { get; private set; } = [];
    public IReadOnlyList<string> Areas { get; private set; } = [];

    /// <summary>What the regulator's cell says for an item its aggregate finding counts without a status of its own.</summary>
    public Dictionary<long, string> Covered { get; } = [];

    /// <summary>Some deficiency shown has no area on record: the filter can offer them.</summary>
    public bool HasUnknownArea { get; private set; }
    public IReadOnlyList<DeficiencySummary> Rows { get; private set; } = [];
    public int TotalInSurvey { get; private set; }

    /// <summary>The rows the filters leave that the regulator has withdrawn: listed under "Withdrawn findings".</summary>
    public IReadOnlyList<DeficiencySummary> Withdrawn { get; private set; } = [];

    /// <summary>How many of the survey shown (or of every survey) the regulator has withdrawn, whatever the filters.</summary>
    public int WithdrawnInSurvey { get; private set; }
    public List<string> Notices { get; } = [];
    public Survey? SelectedSurvey { get; private set; }
    public CaseRecord Case { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Surveys = await surveys.ListAsync(cancellationToken);
        var allDeficiencies = await deficiencies.ListAsync(cancellationToken);
        var latest = await changes.ListLatestBriefAsync("deficiency", cancellationToken);
        var all = DeficiencyBoard.Build(allDeficiencies, latest);

        // Without a choice the list shows the survey the case is about; "all" shows every survey.
        // Unknown filter values are reported and ignored, never an error page.
        Case = await cases.GetAsync(cancellationToken) ?? new CaseRecord();
        if (string.IsNullOrEmpty(Survey))
        {
            Survey = Case.PrimarySurveyKey;
        }
        SelectedSurvey = Surveys.FirstOrDefault(s => s.Key == Survey);
        if (SelectedSurvey is null && Survey != "all")
        {
            Notices.Add($"There is no survey \"{Survey}\"; showing all surveys.");
        }
        if (SelectedSurvey is null)
        {
            Survey = "all";
        }
        var rows = SelectedSurvey is null ? all : all.Where(r => r.Deficiency.SurveyId == SelectedSurvey.Id).ToList();
        // An item the regulator's aggregate finding counts without giving its own status says so, not "None".
        foreach (var survey in SelectedSurvey is null ? Surveys : [SelectedSurvey])
        {
            var counts = RegulatorCount.ForSurvey(survey, allDeficiencies, latest, await surveys.ListFindingsAsync(survey.Id, cancellationToken), Case.HeadlineAssessor);
            foreach (var id in counts.CoveredByBasis)
            {
                if (counts.CoveredNote(id, Case.HeadlineName) is { } note)
                {
                    Covered[id] = note;
                }
            }
        }
        WithdrawnInSurvey = rows.Count(r => r.Deficiency.IsWithdrawn);
        TotalInSurvey = rows.Count - WithdrawnInSurvey;

        // The filter offers the areas of the survey shown, so no choice answers with an empty table.
        Areas = rows.Select(r => r.Deficiency.Area).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        HasUnknownArea = rows.Any(r => r.Deficiency.Area is null);
        if (!string.IsNullOrEmpty(Area))
        {
            if ((Area == NoArea && HasUnknownArea) || Areas.Contains(Area))
            {
                rows = rows.Where(r => (r.Deficiency.Area ?? NoArea) == Area).ToList();
            }
            else
            {
                Notices.Add(SelectedSurvey is null ? $"There is no area \"{Area}\"; showing every area." : $"No deficiency of the {SelectedSurvey.Title} is in the area \"{Area}\"; showing every area.");
                Area = null;
            }
        }
        if (!string.IsNullOrEmpty(Status))
        {
            if (Status == NoStatus || Assessors.Status(Assessors.Regulator, Status) is not null)
            {
                rows = rows.Where(r => (r.RegulatorStatus ?? NoStatus) == Status).ToList();
            }
            else
            {
                Notices.Add($"There is no regulator status \"{Status}\"; showing every status.");
                Status = null;
            }
        }
        if (Sort is not null && Sorts.All(s => s.Code != Sort))
        {
            Notices.Add($"Cannot sort by \"{Sort}\"; sorted by number.");
            Sort = null;
        }
        Sort ??= "number";
        var descending = Dir == "desc";
        Dir = descending ? "desc" : "asc";

        IEnumerable<DeficiencySummary> ordered = Sort switch
        {
            "title" => rows.OrderBy(r => r.Deficiency.Title is null).ThenBy(r => r.Deficiency.Title, StringComparer.OrdinalIgnoreCase),
            "area" => rows.OrderBy(r => r.Deficiency.Area is null).ThenBy(r => r.Deficiency.Area, StringComparer.Ordinal),
            "status" => rows.OrderBy(r => StatusRank(r.RegulatorStatus)),
            "changed" => rows.OrderBy(r => r.LastChange?.EffectiveOn ?? DateOnly.MinValue),
            _ => rows.OrderBy(r => r.Deficiency.SurveyKey, StringComparer.Ordinal).ThenBy(r => r.Deficiency.Slot),
        };
        if (descending)
        {
            ordered = ordered.Reverse();
        }
        // A finding the regulator withdrew is listed apart, never among the items that stand.
        Rows = ordered.Where(r => !r.Deficiency.IsWithdrawn).ToList();
        Withdrawn = ordered.Where(r => r.Deficiency.IsWithdrawn).ToList();
    }

    private static int StatusRank(string? status) => status is null
        ? int.MaxValue
        : Assessors.Statuses[Assessors.Regulator].Select((t, i) => (t.Code, i)).First(p => p.Code == status).i;

    /// <summary>The link for a column heading: sorting by it, or reversing it when it is already the sort.</summary>
    public string SortLink(string sort) => Url.Page("Index", new
    {
        survey = Survey,
        area = Area,
        status = Status,
        sort,
        dir = Sort == sort && Dir == "asc" ? "desc" : "asc",
    }) ?? "/deficiencies";

    public string? AriaSort(string sort) => Sort == sort ? (Dir == "desc" ? "descending" : "ascending") : null;
}
