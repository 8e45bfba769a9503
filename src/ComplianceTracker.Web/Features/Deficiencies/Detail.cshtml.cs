using System.Globalization;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Sources;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace ComplianceTracker.Web.Features.Deficiencies;

[OutputCache(PolicyName = RecordCacheExtensions.Policy)]
public sealed class DetailModel(
    DeficiencyStore deficiencies,
    SurveyStore surveys,
    StatusChangeStore changes,
    FieldEditStore edits,
    WithdrawalStore withdrawals,
    CaseStore cases) : PageModel
{
    public Deficiency Deficiency { get; private set; } = new();
    public DeficiencySummary Summary { get; private set; } = null!;
    public Survey? Survey { get; private set; }
    public IReadOnlyList<AggregateFinding> Findings { get; private set; } = [];
    public IReadOnlyList<StatusChange> History { get; private set; } = [];
    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public IReadOnlyList<WithdrawalStore.WithdrawnLink> WithdrawnLinks { get; private set; } = [];
    public IReadOnlyList<FieldEdit> Edits { get; private set; } = [];
    public IReadOnlyList<DeficiencyEvidence> Evidence { get; private set; } = [];

    /// <summary>The survey's items that stand (withdrawn findings aside): what "all N stay counted" counts.</summary>
    public int StandingInSurvey { get; private set; }

    /// <summary>What the case calls its regulator: "Withdrawn by DMHC …".</summary>
    public string RegulatorShort { get; private set; } = "";

    /// <summary>The case's assessors: "where it stands" has a box for each.</summary>
    public IReadOnlyList<string> AssessorRoles { get; private set; } = [];

    /// <summary>The earlier findings this item repeats, followed back link by link, oldest first.</summary>
    public IReadOnlyList<DeficiencyRepeat> Repeats { get; private set; } = [];

    /// <summary>How often the failure was found and by which agencies, when it repeats an earlier finding.</summary>
    public FindingOccasions? Occasions { get; private set; }

    /// <summary>Later findings that a source says repeat this one.</summary>
    public IReadOnlyList<DeficiencyRepeat> RepeatedBy { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var found = await deficiencies.FindByCodeAsync(code, cancellationToken);
        if (found is null)
        {
            // A bare number ("7" or "07") is taken as a slot of the primary survey and sent to its permalink.
            if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var slot) && slot is > 0 and < 1000
                && await cases.GetAsync(cancellationToken) is { } record
                && (await surveys.ListAsync(cancellationToken)).FirstOrDefault(s => s.Key == record.PrimarySurveyKey) is { } primary
                && slot <= primary.DeficiencyCount)
            {
                return RedirectPermanent($"/deficiencies/{primary.CodePrefix}{slot:00}");
            }
            return NotFound();
        }

        Deficiency = found;
        History = await changes.ListForSubjectAsync("deficiency", found.Id, cancellationToken);
        var latest = History
            .Where(c => c.Assessor is not null && c.Stands)
            .GroupBy(c => c.Assessor!)
            .Select(g => g.OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).First());
        Summary = DeficiencyBoard.Build([found], latest)[0];
        Survey = (await surveys.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == found.SurveyId);
        Findings = await surveys.ListFindingsAsync(found.SurveyId, cancellationToken);
        Sources = await deficiencies.ListSourcesAsync(found.Id, cancellationToken);
        WithdrawnLinks = (await withdrawals.ListWithdrawnLinksAsync("deficiency", cancellationToken))[found.Id].ToList();
        Edits = await edits.ListForItemAsync("deficiency", found.Id, cancellationToken);
        Evidence = await deficiencies.ListEvidenceAsync(found.Id, cancellationToken);
        var links = await deficiencies.ListRepeatsAsync(cancellationToken);
        Repeats = DeficiencyRepeat.ChainOf(found.Id, links);
        RepeatedBy = links.Where(r => r.EarlierDeficiencyId == found.Id).ToList();
        StandingInSurvey = (await deficiencies.ListAsync(cancellationToken)).Count(d => d.SurveyId == found.SurveyId && !d.IsWithdrawn);
        var caseRecord = await cases.GetAsync(cancellationToken);
        AssessorRoles = caseRecord?.AssessorRoles ?? [Shared.Assessors.Regulator];
        RegulatorShort = caseRecord?.RegulatorShort ?? "";
        Occasions = Repeats.Count > 0 ? FindingOccasions.Of(found, Repeats, RegulatorShort) : null;
        return Page();
    }
}
