using System.Globalization;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Changes;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(ChangeLogStore changes) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public int Total { get; private set; }
    public IReadOnlyList<ChangeLogEntry> Entries { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // "page" is read from the query string itself: Razor Pages reserves the route value of that name for the page's path.
        var query = ChangeLogQuery.Parse(Kind, Request.Query["page"].FirstOrDefault());
        if (query.Problem is not null)
        {
            Problem = query.Problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Total = await changes.CountAsync(query.Kinds, cancellationToken);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Min(query.Page, PageCount);
        Entries = await changes.ListAsync(query.Kinds, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
        return Page();
    }

    public string PageLink(int page) =>
        "/changes?" + (string.IsNullOrEmpty(Kind) ? "" : "kind=" + Uri.EscapeDataString(Kind) + "&") + "page=" + page.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The change log's query string, shared by the page, the feed and the API: kinds to show and a page number.</summary>
public sealed record ChangeLogQuery(IReadOnlyCollection<string>? Kinds, int Page, string? Problem)
{
    public static ChangeLogQuery Parse(string? kind, string? page)
    {
        string[]? kinds = null;
        if (!string.IsNullOrWhiteSpace(kind) && kind != "all")
        {
            kinds = kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = kinds.Where(k => ChangeLogEntry.Kinds.All(t => t.Code != k)).ToList();
            if (unknown.Count > 0)
            {
                return new(null, 1, $"kind \"{string.Join(",", unknown)}\" is not a kind of change; use one or more of: {string.Join(", ", ChangeLogEntry.Kinds.Select(t => t.Code))}.");
            }
        }
        var number = 1;
        if (!string.IsNullOrWhiteSpace(page)
            && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 100_000))
        {
            return new(null, 1, $"page \"{page}\" is not a page number; use a whole number from 1.");
        }
        return new(kinds, number, null);
    }
}
