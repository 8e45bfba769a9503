namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>What a subscription follows: the whole case, one deficiency, one settlement term, one deadline, or new editions.</summary>
public sealed record FollowTarget(string Kind, string Code)
{
    public const string Case = "case";
    public const string Deficiency = "deficiency";
    public const string Obligation = "obligation";
    public const string Deadline = "deadline";
    public const string Editions = "editions";

    public static readonly FollowTarget WholeCase = new(Case, "");
    public static readonly FollowTarget NewEditions = new(Editions, "");

    /// <summary>"case", "editions", "deficiency:D-01": how a form and a link name it.</summary>
    public string Key => Code.Length == 0 ? Kind : $"{Kind}:{Code}";

    public static FollowTarget? Parse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 80)
        {
            return null;
        }
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? key : key[..colon];
        var code = colon < 0 ? "" : key[(colon + 1)..];
        return (kind, code.Length) switch
        {
            (Case or Editions, 0) => new FollowTarget(kind, ""),
            (Deficiency or Obligation or Deadline, > 0) => new FollowTarget(kind, code),
            _ => null,
        };
    }
}

/// <summary>A target as a reader sees it: its name ("D-01 Timely access…") and its page on the site.</summary>
public sealed record FollowOption(FollowTarget Target, string Label, string Path, string Group);

/// <summary>How often a subscription's messages go out.</summary>
public static class Frequencies
{
    public const string Immediate = "immediate";
    public const string Weekly = "weekly";

    public static bool IsValid(string? value) => value is Immediate or Weekly;
}
