using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Desk;

/// <summary>
/// One thing on the record that needs a staffer's attention: what it is, why, and where to fix it.
/// Item: "NUHW post of January 2026"; Why: "No publication date on record"; FixHref/FixLabel: the form that mends it; ItemHref: where a reader sees it.
/// </summary>
public sealed record DeskItem(string Item, string Why, string FixHref, string FixLabel, string? ItemHref = null);

/// <summary>A kind of attention, with its items: "Sources without a date".</summary>
public sealed record DeskGroup(string Id, string Title, string Explanation, IReadOnlyList<DeskItem> Items);

/// <summary>Everything the desk lists, kind by kind, in the order a staffer would take them.</summary>
public sealed record DeskReport(IReadOnlyList<DeskGroup> Groups)
{
    public int Count => Groups.Sum(g => g.Items.Count);
}

/// <summary>Reads the stores and lists what needs attention. Only for signed-in staff: never on a public page's path.</summary>
public sealed class DeskQuery(
    DeskStore desk,
    CaseStore cases,
    SurveyStore surveys,
    DeficiencyStore deficiencies,
    StatusChangeStore statusChanges,
    ObligationStore obligations,
    TimelineStore timeline,
    Sources.SourceStore sources,
    Evidence.PassageStore passages,
    Evidence.ArchivedCopyStore copies,
    Evidence.LinkCheckStore links,
    Requests.RequestsQuery requests,
    IOptions<DeskOptions> options,
    CaseClock clock)
{
    /// <summary>
    /// The count for the header, or null when the record cannot be read: the header of every page (the error page
    /// included) must render while the database is away, so a staff member still gets the page that says so.
    /// </summary>
    public async Task<int?> CountOrNullAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await BuildAsync(cancellationToken)).Count;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    public async Task<DeskReport> BuildAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        var maxAge = options.Value.HeadlineMaxAgeDays;
        var groups = new List<DeskGroup>();

        var obligationList = await obligations.ListAsync(cancellationToken);
        var ledger = await obligations.ListLedgerAsync(cancellationToken);
        var obligationStatus = (await statusChanges.ListLatestAsync("obligation", cancellationToken)).ToDictionary(c => c.SubjectId);
        var items = await timeline.ListAsync(cancellationToken);
        var stories = ObligationStory.ForAll(obligationList, ledger, obligationStatus, items, today);
        groups.Add(new DeskGroup("terms-disagree", "Settlement terms whose record disagrees with itself",
            "A term's status, its money ledger and its deadline's outcome contradict each other. Record what the sources show, or correct the entry that is wrong.",
            obligationList.Select(o => stories[o.Id]).SelectMany(s => s.Disagreements.Select(text =>
                new DeskItem(s.Label, text, $"/settlement/{s.Obligation.Code}/status", "Record a status", s.Path))).ToList()));

        // Records requests whose law's date has passed with no determination on record: the answer to chase first.
        groups.Add(new DeskGroup("requests-overdue", "Records requests past their determination date",
            "The law's date has passed and no determination is on record. Send the follow-up the daily check drafted, or record the agency's answer if it came.",
            (await requests.ListAsync(includePrivate: true, cancellationToken)).Where(r => r.Standing.IsOverdue)
                .Select(r => new DeskItem($"{r.Request.Number} {r.Request.Subject}", $"{r.Agency.Name}: {Requests.RequestsText.OverdueSentence(r.Standing)}",
                    r.PendingFollowUp is { } letter ? $"{r.Request.Path}/manage#letter-{letter.Id}" : $"{r.Request.Path}/record?kind=acknowledged",
                    r.PendingFollowUp is null ? "Record the answer" : "Send the follow-up", $"{r.Request.Path}/manage"))
                .ToList()));

        groups.Add(new DeskGroup("deadlines-unknown", "Passed deadlines whose outcome is unknown",
            "The date has passed and no source on record says what happened. Find one, and record the outcome with it.",
            items.Where(i => DeadlineStanding.HasPassed(i, today) && DeadlineStanding.Of(i, today).IsOutcomeUnknown)
                .Select(i => new DeskItem($"{i.Code} {i.Title}", $"{i.Occurs}: {DeadlineStanding.Of(i, today).Describe()}", $"/timeline/{i.Code}/edit", "Record the outcome", "/timeline#" + i.Code))
                .ToList()));

        var record = await cases.GetAsync(cancellationToken);
        var stale = new List<DeskItem>();
        var allSurveys = await surveys.ListAsync(cancellationToken);
        var survey = allSurveys.FirstOrDefault(s => s.Key == record?.PrimarySurveyKey);
        var allDeficiencies = await deficiencies.ListAsync(cancellationToken);
        var latestDeficiency = await statusChanges.ListLatestAsync("deficiency", cancellationToken);
        if (survey is not null)
        {
            var counts = RegulatorCount.ForSurvey(survey, allDeficiencies, latestDeficiency, await surveys.ListFindingsAsync(survey.Id, cancellationToken), record?.HeadlineAssessor ?? Assessors.Regulator);
            if (counts.Basis is { } basis && today.DayNumber - basis.Effective.End.DayNumber > maxAge && counts.NewerAssessments == 0)
            {
                stale.Add(new DeskItem($"The headline: {counts.Headline}", $"The count rests on “{basis.Title}”, {basis.Effective}, {Format.Age(basis.Effective.End, today)}; no newer assessment is on record.",
                    $"/deficiencies?survey={Uri.EscapeDataString(survey.Key)}", "Record a newer assessment", "/"));
            }
        }
        var money = Money.From(obligationList, ledger, obligationStatus);
        if (!money.IsEmpty && money.LatestFigureOn is { } figureOn && today.DayNumber - figureOn.End.DayNumber > maxAge)
        {
            stale.Add(new DeskItem($"The money: {money.Figure}", $"The newest money figure on record is from {figureOn}, {Format.Age(figureOn.End, today)}.",
                "/settlement", "Add to a term's money ledger", "/"));
        }
        groups.Add(new DeskGroup("stale-headlines", $"Headline figures older than {Format.Plural(maxAge, "day", "days")}",
            "The dashboard and every edition lead with these. Check whether a newer figure has been published.", stale));

        var afterSource = (await desk.ListStatusAfterSourceAsync(cancellationToken))
            .Where(e => PartialDate.FromStored(e.EffectiveOn, e.EffectivePrecision).Start > PartialDate.FromStored(e.SourcePublishedOn, e.SourcePublishedPrecision).End)
            .Select(e =>
            {
                var (fix, label, href) = e.SubjectType switch
                {
                    "deficiency" => ($"/deficiencies/{e.SubjectCode}/assess", "Correct the assessment", $"/deficiencies/{e.SubjectCode}"),
                    "obligation" => ($"/settlement/{e.SubjectCode}/status", "Correct the status", $"/settlement#{e.SubjectCode}"),
                    _ => ($"/timeline/{e.SubjectCode}/edit", "Correct the deadline", $"/timeline#{e.SubjectCode}"),
                };
                var effective = PartialDate.FromStored(e.EffectiveOn, e.EffectivePrecision);
                var published = PartialDate.FromStored(e.SourcePublishedOn, e.SourcePublishedPrecision);
                return new DeskItem($"{e.SubjectCode}: {(e.Assessor is null ? "" : Assessors.Label(e.Assessor) + ": ")}{StatusLabel(e)}",
                    $"Effective {effective}, but its source “{e.SourceTitle}” is dated {published}.", fix, label, href);
            })
            .ToList();
        groups.Add(new DeskGroup("after-source", "Status entries dated after their source",
            "A source cannot report what had not yet happened when it was published: the effective date or the source is wrong.", afterSource));

        groups.Add(new DeskGroup("undated-sources", "Sources without a date",
            "A reader cannot tell how current these are. Add the date the document gives, to the day, month or year.",
            (await desk.ListUndatedSourcesAsync(cancellationToken))
                .Select(s => new DeskItem(s.Title, $"{s.Publisher}: no publication date on record.", $"/sources/{Uri.EscapeDataString(s.Key)}/edit", "Add its date", "/sources#" + s.Key))
                .ToList()));

        groups.Add(new DeskGroup("copies", "Copies without their original",
            "A repost or mirror whose original is not on file: a reader cannot check it against the first publication. Add the original and link the copy to it.",
            (await desk.ListCopiesWithoutOriginalAsync(cancellationToken))
                .Select(s => new DeskItem(s.Title, $"{s.Publisher}: marked a copy, original not linked.", $"/sources/{Uri.EscapeDataString(s.Key)}/edit", "Link its original", "/sources#" + s.Key))
                .ToList()));

        var passageList = await passages.ListAsync(cancellationToken);
        groups.Add(new DeskGroup("passages-not-found", "Passages not found in the archived copy",
            "A claim quotes words that its source's archived copy does not hold: the passage is mistyped, from another document, or the copy is of another version. Correct the passage or archive the right copy.",
            passageList.Where(p => p.IsNotFound)
                .Select(p => new DeskItem($"“{Shorten(p.Text)}”", $"Quoted from “{p.SourceTitle}”; not found in its archived {(p.CopiesChecked == 1 ? "copy" : "copies")}.",
                    $"/sources/{Uri.EscapeDataString(p.SourceKey)}/evidence#passage-{p.Id}", "Check the passage", $"/sources/{Uri.EscapeDataString(p.SourceKey)}#passage-{p.Id}"))
                .ToList()));

        var archived = (await copies.ListAsync(cancellationToken)).Select(c => c.SourceId).ToHashSet();
        var recentChecks = await links.ListRecentAsync(cancellationToken);
        groups.Add(new DeskGroup("dead-links", "Sources whose link is not answering and that have no archived copy",
            "The address failed the link check twice in a row and the record holds no copy of the document: a reader cannot see it. Archive a copy (from a web archive, or the publisher's new address), or correct the address.",
            (await sources.ListAsync(cancellationToken))
                .Where(s => s.HasUrl && !archived.Contains(s.Id))
                .Select(s => (Source: s, Health: Evidence.LinkHealth.Of(s.Url, recentChecks[s.Id])))
                .Where(x => x.Health is { NotAnswering: true, Since: not null })
                .Select(x => new DeskItem(x.Source.Title, $"Not answering since {Format.Day(clock.DateOf(x.Health.Since!.Value))}: {x.Health.Latest?.Problem ?? "no answer"}.",
                    $"/sources/{Uri.EscapeDataString(x.Source.Key)}/evidence", "Archive a copy", $"/sources/{Uri.EscapeDataString(x.Source.Key)}"))
                .ToList()));

        groups.Add(new DeskGroup("assessors-disagree", "Deficiencies on which the assessors disagree",
            "Shown on the public pages as a disagreement. Check each side's latest source is still the latest.",
            DeficiencyBoard.Build(allDeficiencies, latestDeficiency).Where(r => r.HasDisagreement)
                .Select(r => new DeskItem($"{r.Deficiency.Code} {Deficiency.Label(r.Deficiency.Title, r.Deficiency.Finding)}",
                    string.Join("; ", r.Latest.Values.OrderBy(c => c.Assessor, StringComparer.Ordinal).Select(c => $"{Assessors.Label(c.Assessor!)}: {Assessors.StatusLabel(c.Assessor!, c.ToStatus)}")),
                    $"/deficiencies/{r.Deficiency.Code}/assess", "Record an assessment", $"/deficiencies/{r.Deficiency.Code}"))
                .ToList()));

        return new DeskReport(groups);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119].TrimEnd() + "…";

    private static string StatusLabel(DeskStatusEntry e) => e.SubjectType switch
    {
        "deficiency" => Assessors.StatusLabel(e.Assessor ?? "", e.ToStatus),
        "obligation" => ObligationStatuses.Label(e.ToStatus),
        _ => DeadlineStatuses.Label(e.ToStatus),
    };
}
