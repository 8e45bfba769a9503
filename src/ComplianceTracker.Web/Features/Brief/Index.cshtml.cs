using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Brief;

/// <summary>The aide's brief at /brief: two printed pages, from the same model as /brief.pdf.</summary>
[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class IndexModel(BriefQuery query, Shared.CaseClock clock) : PageModel
{
    /// <summary>As typed, so a wrong date comes back in the field with its message.</summary>
    [BindProperty(SupportsGet = true, Name = "since")]
    public string? SinceText { get; set; }

    public Brief Brief { get; private set; } = null!;

    public string? SinceError { get; private set; }

    /// <summary>Today as yyyy-MM-dd: the field's example.</summary>
    public string TodayIso => clock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        SinceError = BriefSinceParser.TryParse(SinceText, clock.Today, out var since);
        Brief = await query.BuildAsync(SinceError is null ? since : null, cancellationToken);
        if (SinceError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}

/// <summary>Reads "?since=": a day written yyyy-MM-dd, in the years forms accept, not after today.</summary>
public static class BriefSinceParser
{
    /// <returns>Null when the text is empty or a good date; otherwise a message naming the field.</returns>
    public static string? TryParse(string? text, DateOnly today, out DateOnly? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return $"Since must be a day written yyyy-MM-dd, such as {today:yyyy-MM-dd}.";
        }
        if (!Shared.PartialDate.IsYearInBounds(date))
        {
            return Shared.PartialDate.OutOfBoundsMessage("Since");
        }
        if (date > today)
        {
            return "Since cannot be after today.";
        }
        since = date;
        return null;
    }
}
