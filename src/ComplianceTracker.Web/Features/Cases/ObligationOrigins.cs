namespace ComplianceTracker.Web.Features.Cases;

/// <summary>
/// What a case's obligations come from, and the words every heading about them uses: a settlement's terms, an order's
/// requirements, an accusation's demands. The first case's shape ("settlement") is one of them, not the default wording.
/// </summary>
public static class ObligationOrigins
{
    public const string Settlement = "settlement";

    /// <summary>Noun: "settlement"; Terms: "Settlement terms" (a heading); Nav: the menu's word.</summary>
    public sealed record Origin(string Code, string Noun, string Terms, string Nav);

    public static readonly IReadOnlyList<Origin> All =
    [
        new(Settlement, "settlement", "Settlement terms", "Settlement"),
        new("order", "order", "Terms of the order", "Order"),
        new("accusation", "accusation", "What the accusation seeks", "Accusation"),
        new("consent-decree", "consent decree", "Terms of the consent decree", "Consent decree"),
        new("agreement", "agreement", "Terms of the agreement", "Agreement"),
    ];

    public static Origin Of(string? code) => All.FirstOrDefault(o => o.Code == code) ?? All[0];
}

/// <summary>
/// The case's words that every page's frame needs (the menu's name for its obligations), read once at start-up after the
/// case is loaded: the case's files never change while the site runs, and the menu must render even when the database
/// is away.
/// </summary>
public sealed class CaseShape
{
    private volatile ObligationOrigins.Origin origin = ObligationOrigins.Of(null);

    public ObligationOrigins.Origin Origin => origin;

    public void Use(CaseRecord? record) => origin = record?.Origin ?? ObligationOrigins.Of(null);
}
