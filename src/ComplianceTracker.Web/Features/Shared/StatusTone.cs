namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// What a status says at a glance, whichever vocabulary it comes from (an assessor's, a settlement term's, a deadline's):
/// the one place a status gets its colour. The pages' badges and charts (<see cref="StatusTones.Css"/>, site.css's
/// <c>.tone-*</c> rules), the PDFs' colours (Features/Reports/ReportLayout) and the disagreement check
/// (<c>Agreement.Classify</c>) all read it.
/// </summary>
public enum StatusTone
{
    /// <summary>Not as it should be: found, not corrected, missed, overdue. Red.</summary>
    Bad,

    /// <summary>On the way, in part, or still to come: in progress, partly corrected, pending, disputed. Amber.</summary>
    Warn,

    /// <summary>Done: corrected, met, in force. Green.</summary>
    Good,

    /// <summary>Nothing known either way: not yet assessed, no claim, no evidence, unknown, superseded. Grey.</summary>
    Unknown,
}

public static class StatusTones
{
    /// <summary>The tone of a status code; a code no rule names (or none) is <see cref="StatusTone.Unknown"/>.</summary>
    public static StatusTone Of(string? code) => code switch
    {
        "found" or "not-corrected" or "referred-to-enforcement" or "missed" or "overdue" => StatusTone.Bad,
        "corrected" or "met" or "claims-corrected" or "in-force" => StatusTone.Good,
        "in-progress" or "partly-corrected" or "partly-met" or "contingent" or "pending" or "open" or "disputes-finding" => StatusTone.Warn,
        _ => StatusTone.Unknown,
    };

    /// <summary>"tone-bad": the class site.css colours a status's badge or chart mark by.</summary>
    public static string Class(StatusTone tone) => tone switch
    {
        StatusTone.Bad => "tone-bad",
        StatusTone.Warn => "tone-warn",
        StatusTone.Good => "tone-good",
        _ => "tone-unknown",
    };

    /// <summary>
    /// "status status-found tone-bad": the classes of a status badge. The status-code class stays for anything that
    /// finds a badge by its status; the colour comes from the tone class.
    /// </summary>
    public static string Css(string? code) => $"status status-{code} {Class(Of(code))}";
}
