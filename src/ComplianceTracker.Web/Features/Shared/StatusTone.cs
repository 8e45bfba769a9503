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
    /// <summary>
    /// Every status code's tone and, for an assessor's status, the side it takes when assessors are compared: the one
    /// table both are read from. The side is not the colour: "disputes the finding" is amber (the matter is open) but
    /// says nothing is left to fix, as "corrected" does; the regulator's "found" is red but is where every deficiency
    /// starts, so it contradicts no later claim.
    /// </summary>
    private static readonly Dictionary<string, (StatusTone Tone, string? Side)> Table = new(StringComparer.Ordinal)
    {
        ["found"] = (StatusTone.Bad, null),
        ["not-corrected"] = (StatusTone.Bad, NotFixed),
        ["referred-to-enforcement"] = (StatusTone.Bad, NotFixed),
        ["missed"] = (StatusTone.Bad, null),
        ["overdue"] = (StatusTone.Bad, null),
        ["corrected"] = (StatusTone.Good, Fixed),
        ["claims-corrected"] = (StatusTone.Good, Fixed),
        ["met"] = (StatusTone.Good, null),
        ["in-force"] = (StatusTone.Good, null),
        ["in-progress"] = (StatusTone.Warn, NotFixed),
        ["partly-corrected"] = (StatusTone.Warn, NotFixed),
        ["disputes-finding"] = (StatusTone.Warn, Fixed),
        ["partly-met"] = (StatusTone.Warn, null),
        ["contingent"] = (StatusTone.Warn, null),
        ["pending"] = (StatusTone.Warn, null),
        ["open"] = (StatusTone.Warn, null),
    };

    public const string Fixed = "fixed";
    public const string NotFixed = "not-fixed";

    /// <summary>The tone of a status code; a code no rule names (or none) is <see cref="StatusTone.Unknown"/>.</summary>
    public static StatusTone Of(string? code) => code is not null && Table.TryGetValue(code, out var row) ? row.Tone : StatusTone.Unknown;

    /// <summary>"fixed" or "not-fixed": what an assessor's status says when compared with another's; null when it says neither.</summary>
    public static string? SideOf(string? code) => code is not null && Table.TryGetValue(code, out var row) ? row.Side : null;

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
