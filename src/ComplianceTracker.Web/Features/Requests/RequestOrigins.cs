using System.Data.Common;
using ComplianceTracker.Web.Features.Cases;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Settlement;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// What a request drafted from an open question asks for: a subject line and the records described in plain words,
/// from the facts of the item the question is about, and where that item is.
/// </summary>
public sealed record DraftOrigin(string Key, string Path, string ItemLabel, string Subject, string Records);

/// <summary>
/// The open questions a request can be drafted from, each named by a key that pages, the brief and the request share:
/// <c>undescribed:NRS-2022</c> (the survey's deficiencies this record does not describe), <c>corrected:NRS-2022</c>
/// (which the regulator found corrected), <c>assessed:NRS-2022</c> (any assessment since the latest count),
/// <c>paid:O-1a</c> (whether a payment was made), <c>spent:O-2</c> (what of an investment was spent) and
/// <c>outcome:DL-…</c> (what came of a passed deadline). The records are described from what the record holds about
/// the item, and nothing else: every word can be changed before the draft is saved.
/// </summary>
public static class RequestOrigins
{
    public const string Undescribed = "undescribed";
    public const string Corrected = "corrected";
    public const string Assessed = "assessed";
    public const string Paid = "paid";
    public const string Spent = "spent";
    public const string Outcome = "outcome";

    public static string Key(string kind, string code) => $"{kind}:{code}";

    public static (string Kind, string Code)? Parse(string? key)
    {
        var colon = key?.IndexOf(':') ?? -1;
        return colon > 0 && colon < key!.Length - 1 ? (key[..colon], key[(colon + 1)..]) : null;
    }

    /// <summary>The origin a key names, read in the caller's snapshot; null when the key names nothing on record.</summary>
    public static async Task<DraftOrigin?> ResolveAsync(DbConnection connection, DbTransaction? transaction, string key, CancellationToken cancellationToken = default)
    {
        if (Parse(key) is not var (kind, code))
        {
            return null;
        }
        var record = await CaseStore.GetAsync(connection, transaction, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var caseRegulator = string.IsNullOrEmpty(record.RegulatorShort) ? record.Regulator : record.RegulatorShort;
        var plan = record.Plan;
        switch (kind)
        {
            case Undescribed or Corrected or Assessed:
                {
                    var survey = (await SurveyStore.ListAsync(connection, transaction, cancellationToken)).FirstOrDefault(s => s.Key == code);
                    if (survey is null)
                    {
                        return null;
                    }
                    var findings = await SurveyStore.ListFindingsAsync(connection, transaction, survey.Id, cancellationToken);
                    var basis = findings.Where(f => f.Assessor == Assessors.Regulator).OrderByDescending(f => f.Effective).FirstOrDefault();
                    var begun = survey.Started is { } started ? $" (begun {started})" : "";
                    // Another agency's survey in the case is that agency's, not the case regulator's.
                    var regulator = string.IsNullOrWhiteSpace(survey.Regulator) ? caseRegulator : survey.Regulator.Trim();
                    var path = $"/deficiencies?survey={Uri.EscapeDataString(survey.Key)}";
                    var label = $"the {survey.Title}";
                    return kind switch
                    {
                        Undescribed => new DraftOrigin(key, path, label,
                            $"The report on the {survey.Title} and its {survey.DeficiencyCount} deficiencies",
                            $"The report on {regulator}'s {survey.Title} of {plan}{begun}, with the list of all {survey.DeficiencyCount} deficiencies it found: "
                            + "each deficiency's number, title, legal citation and finding, and its status (corrected or not corrected)."),
                        Corrected => new DraftOrigin(key, path, label,
                            $"Which deficiencies of the {survey.Title} were found corrected",
                            $"The records that show which of the {survey.DeficiencyCount} deficiencies of {regulator}'s {survey.Title} of {plan}{begun} {regulator} found corrected, "
                            + "and which not corrected"
                            + (basis is null ? "" : $", including “{basis.Title}” ({basis.Effective})")
                            + "."),
                        _ => new DraftOrigin(key, path, label,
                            $"Assessments of the deficiencies of the {survey.Title}" + (basis is null ? "" : $" since {basis.Effective.ToString(DatePrecision.Month)}"),
                            $"Any report, letter, assessment or review by {regulator} of the status of the {survey.DeficiencyCount} deficiencies of its {survey.Title} of {plan}{begun}"
                            + (basis is null ? "" : $" made after {basis.Effective.ToString(DatePrecision.Month)}")
                            + ", and any record of their status since then."),
                    };
                }
            case Paid or Spent:
                {
                    var obligation = (await ObligationStore.ListAsync(connection, transaction, cancellationToken)).FirstOrDefault(o => o.Code == code);
                    if (obligation is null)
                    {
                        return null;
                    }
                    var amount = obligation.AmountUsd is { } usd ? Format.Usd(usd) : "the amount";
                    var path = "/settlement#" + obligation.Code;
                    var label = $"{obligation.Code} {obligation.Title}";
                    if (kind == Paid)
                    {
                        var due = obligation.Due is { } on ? (on.Precision == DatePrecision.Day ? $" due by {on}" : $" due in {on}") : "";
                        return new DraftOrigin(key, path, label,
                            $"Payment of the {amount}{due}",
                            $"The records that show whether and when {plan} paid the {amount}{due} ({obligation.Title}): a receipt, a record of the payment, or correspondence about it.");
                    }
                    return new DraftOrigin(key, path, label,
                        $"Spending of the {amount} ({obligation.Title})",
                        $"The reports and records {plan} gave {caseRegulator} on its spending of the {amount} ({obligation.Title}): how much has been spent, and on what.");
                }
            case Outcome:
                {
                    var item = (await TimelineStore.ListAsync(connection, transaction, cancellationToken)).FirstOrDefault(i => i.Code == code && i.IsDeadline);
                    if (item is null)
                    {
                        return null;
                    }
                    return new DraftOrigin(key, "/timeline#" + item.Code, $"{item.Title} ({item.Occurs})",
                        $"What came of “{item.Title}” ({item.Occurs})",
                        $"The records that show what came of “{item.Title}” ({item.Occurs}): any notice, letter, report or decision of {caseRegulator} about it, and any record extending, ending or replacing it.");
                }
            default:
                return null;
        }
    }
}
