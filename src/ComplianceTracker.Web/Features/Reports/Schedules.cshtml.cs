using ComplianceTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>An Admin changes when the weekly and monthly editions are made; saving re-registers the recurring jobs.</summary>
[Authorize(Policy = "Admin")]
public sealed class SchedulesModel(ReportSchedules schedules, ScheduleStore store, CaseClock clock) : PageModel
{
    [BindProperty]
    public List<ScheduleInput> Input { get; set; } = [];

    public IReadOnlyList<ReportSchedule> Current { get; private set; } = [];

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = await schedules.ListAsync(cancellationToken);
        Input = Current.Select(s => new ScheduleInput { JobId = s.JobId, Cron = s.Cron, TimeZone = s.TimeZone }).ToList();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Current = await schedules.ListAsync(cancellationToken);
        var known = Current.ToDictionary(s => s.JobId, StringComparer.Ordinal);
        for (var i = 0; i < Input.Count; i++)
        {
            var input = Input[i];
            if (!known.TryGetValue(input.JobId ?? "", out var schedule))
            {
                ModelState.AddModelError($"Input[{i}].JobId", "There is no such schedule.");
                continue;
            }
            if (ReportSchedules.CheckCron(input.Cron) is { } cronProblem)
            {
                ModelState.AddModelError($"Input[{i}].Cron", $"{schedule.Label}, cron: {cronProblem}");
            }
            if (ReportSchedules.CheckTimeZone(input.TimeZone) is { } zoneProblem)
            {
                ModelState.AddModelError($"Input[{i}].TimeZone", $"{schedule.Label}, time zone: {zoneProblem}");
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var changed = new List<string>();
        foreach (var input in Input)
        {
            var schedule = known[input.JobId!];
            var cron = input.Cron!.Trim();
            var zone = input.TimeZone!.Trim();
            if (cron == schedule.Cron && zone == schedule.TimeZone)
            {
                continue;
            }
            await store.SaveAsync(new ScheduleOverride
            {
                JobId = schedule.JobId,
                Cron = cron,
                TimeZone = zone,
                ChangedAt = clock.UtcNow,
                ChangedBy = User.RecordedBy(),
            }, cancellationToken);
            changed.Add(schedule.Label.ToLowerInvariant());
        }
        await schedules.RegisterAllAsync(cancellationToken);
        Saved = changed.Count == 0 ? "Nothing changed." : $"Saved the {string.Join(" and ", changed)} schedule; the jobs now run on it.";
        return Redirect("/admin/schedules");
    }

    public async Task<IActionResult> OnPostResetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (ReportSchedules.Jobs.All(j => j.JobId != jobId))
        {
            return NotFound();
        }
        await store.RemoveAsync(jobId, cancellationToken);
        await schedules.RegisterAllAsync(cancellationToken);
        Saved = "Back to the configured schedule.";
        return Redirect("/admin/schedules");
    }

    /// <summary>The next three runs of a schedule, in its own time zone, for the form to show.</summary>
    public IReadOnlyList<string> Next(ReportSchedule schedule)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        return ReportSchedules.NextOccurrences(schedule.Cron, zone, clock.UtcNow, 3).Select(n => IndexModel.Instant(n, zone)).ToList();
    }

    public sealed class ScheduleInput
    {
        public string? JobId { get; set; }
        public string? Cron { get; set; }
        public string? TimeZone { get; set; }
    }
}
