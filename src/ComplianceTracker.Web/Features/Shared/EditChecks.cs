using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComplianceTracker.Web.Features.Shared;

/// <summary>Checks shared by the edit forms. Each adds a message naming the field and returns the parsed value.</summary>
public static partial class EditChecks
{
    /// <summary>A day (yyyy-MM-dd) that is not after today.</summary>
    public static DateOnly? PastDate(ModelStateDictionary state, string key, string label, string? text, DateOnly today)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            state.AddModelError(key, $"{label} must be a date written yyyy-MM-dd.");
            return null;
        }
        if (!Shared.PartialDate.IsYearInBounds(date))
        {
            state.AddModelError(key, Shared.PartialDate.OutOfBoundsMessage(label));
            return null;
        }
        if (date > today)
        {
            state.AddModelError(key, $"{label} cannot be in the future.");
            return null;
        }
        return date;
    }

    /// <summary>
    /// A date at the precision its source gives (yyyy-MM-dd, yyyy-MM or yyyy) that has begun by today: a month or year
    /// known only as a whole is in the past as soon as it has started, so "this month" is accepted.
    /// </summary>
    public static PartialDate? PastPartialDate(ModelStateDictionary state, string key, string label, string? text, DateOnly today)
    {
        var date = PartialDate(state, key, label, text);
        if (date is { } given && given.Start > today)
        {
            state.AddModelError(key, $"{label} cannot be in the future.");
            return null;
        }
        return date;
    }

    /// <summary>
    /// A dated source cannot usually attest to what happened after it was written: a status taking effect after its
    /// source's date is refused unless the editor ticks the confirmation box. Compared at the coarser precision of the
    /// two, so "March 2025" is not later than a source of 3 March 2025. Returns whether the confirmation is asked for.
    /// </summary>
    public static bool ConfirmAfterSource(
        ModelStateDictionary state, string key, bool confirmed, PartialDate? effective, Sources.Source? source, string happens)
    {
        if (confirmed || effective is not { } on || source?.Published is not { } written || on.Start <= written.End)
        {
            return false;
        }
        state.AddModelError(key, AfterSourceMessage(written, on, happens));
        return true;
    }

    /// <summary>"The source is dated 3 March 2025 but the status takes effect 20 November 2026: …"</summary>
    public static string AfterSourceMessage(PartialDate written, PartialDate effective, string happens) =>
        $"The source is dated {written} but {happens} {effective}: a source cannot usually attest to what happened after it was written. "
        + $"Check the dates, or tick “{ConfirmLabel}” to save anyway.";

    /// <summary>The confirmation box's label, quoted by the message that asks for it.</summary>
    public const string ConfirmLabel = "I confirm the source attests to this date";

    /// <summary>A date at its precision: yyyy-MM-dd, yyyy-MM or yyyy.</summary>
    public static PartialDate? PartialDate(ModelStateDictionary state, string key, string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Shared.PartialDate.TryParse(text.Trim(), out var date))
        {
            state.AddModelError(key, $"{label} must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known).");
            return null;
        }
        if (!date.IsInBounds)
        {
            state.AddModelError(key, Shared.PartialDate.OutOfBoundsMessage(label));
            return null;
        }
        return date;
    }

    public static void EvidenceConfidence(ModelStateDictionary state, string key, string? value)
    {
        if (value is not null && !Confidence.EvidenceLevels.Contains(value))
        {
            state.AddModelError(key, "Confidence: choose verified, reported or inferred.");
        }
    }

    /// <summary>
    /// "Verified" means read in the assessor's own document (for settlement terms, a party's own document): refused
    /// for any other source, with a message that says which kind of source was chosen.
    /// </summary>
    public static void VerifiedNeedsOwnDocument(ModelStateDictionary state, string key, string? confidence, string? assessor, Sources.Source? source)
    {
        if (confidence != Confidence.Verified || source is null || Provenance.CanBeVerified(assessor, source))
        {
            return;
        }
        var whose = assessor is null ? "a party's own document (the assessor's, a court's or a legislature's)" : $"the {Assessors.Label(assessor).ToLowerInvariant()}'s own document";
        var chosen = source.Party is { } party
            ? $"a document of the {Assessors.PartyLabel(party).ToLowerInvariant()}"
            : "a secondary report (" + (Sources.Source.Kinds.FirstOrDefault(k => k.Code == source.Kind)?.Label.ToLowerInvariant() ?? source.Kind) + ")";
        state.AddModelError(key, $"Confidence: “verified” needs {whose} as the source, and the chosen source is {chosen}. Choose “reported” or “inferred”, or pick the assessor's own document.");
    }

    /// <summary>
    /// US dollars, with cents if any, in one clear form: digits, either all together (1234567) or grouped by threes with
    /// commas (1,234,567), then at most two decimals after a point (1,234,567.5 or 1234567.89), with one optional "$" in
    /// front. Anything else ("$$5", "12,50", "1.234", "1 000") is refused rather than guessed at: "12,50" is twelve and
    /// a half in much of Europe, and twelve hundred and fifty here; "1.234" is a thousand and more there.
    /// </summary>
    public static decimal? Dollars(ModelStateDictionary state, string key, string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var typed = text.Trim();
        if (!DollarsPattern().IsMatch(typed)
            || !decimal.TryParse(typed.TrimStart('$').Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount > 1_000_000_000_000)
        {
            state.AddModelError(key, DollarsMessage(label));
            return null;
        }
        return Cents.Plain(amount);
    }

    /// <summary>What <see cref="Dollars"/> accepts, said to the person who typed something else.</summary>
    public static string DollarsMessage(string label) =>
        $"{label} must be dollars written 40000000, 40,000,000 or 40,000,000.50 (a \"$\" in front is fine, at most two decimals for cents), up to 1,000,000,000,000.";

    [GeneratedRegex(@"^\$?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?$")]
    private static partial Regex DollarsPattern();
}
