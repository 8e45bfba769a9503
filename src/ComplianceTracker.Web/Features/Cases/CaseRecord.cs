using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Cases;

/// <summary>The matter the tracker follows: one plan, one regulator.</summary>
public sealed class CaseRecord
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Plan { get; set; } = "";
    public string Regulator { get; set; } = "";
    public string RegulatorShort { get; set; } = "";
    public string Summary { get; set; } = "";
    public string PrimarySurveyKey { get; set; } = "";
    public string KeyDeadlineCode { get; set; } = "";
    public DateTimeOffset LoadedAt { get; set; }

    /// <summary>The IANA zone the case's dates are read in; null: the site's (Site:TimeZone).</summary>
    public string? TimeZone { get; set; }

    /// <summary>What the case's obligations come from (<see cref="ObligationOrigins"/>): the headings follow it.</summary>
    public string ObligationOrigin { get; set; } = ObligationOrigins.Settlement;

    public ObligationOrigins.Origin Origin => ObligationOrigins.Of(ObligationOrigin);

    /// <summary>
    /// Whose findings make the headline count: the regulator's (the default), or an independent monitor's where the case
    /// says the monitor assesses instead (<see cref="Shared.Assessors.HeadlineRoles"/>).
    /// </summary>
    public string HeadlineAssessor { get; set; } = Shared.Assessors.Regulator;

    /// <summary>The headline assessor's name as the case gives it ("DMHC", "Independent Access Monitor").</summary>
    public string HeadlineName =>
        Assessors.FirstOrDefault(a => a.Role == HeadlineAssessor)?.Name is { Length: > 0 } name ? name
        : HeadlineAssessor == Shared.Assessors.Regulator ? RegulatorShort
        : "";

    /// <summary>Who assesses the case's deficiencies, in the case's order: pages, columns and legends follow it.</summary>
    public IReadOnlyList<CaseAssessor> Assessors { get; set; } = [];

    /// <summary>The assessors' codes, in the case's order.</summary>
    public IReadOnlyList<string> AssessorRoles => Assessors.Select(a => a.Role).ToList();

    public bool Has(string role) => Assessors.Any(a => a.Role == role);

    /// <summary>"the regulator, the health plan and the union", for sentences that name who assesses.</summary>
    public string AssessorList(string conjunction = "and") =>
        Format.List(Assessors.Select(a => "the " + Shared.Assessors.Label(a.Role).ToLowerInvariant()), conjunction);

    /// <summary>"the regulator, the health plan, the union, a legislature, a court or another public office": who issues primary documents.</summary>
    public string PrimaryIssuers() =>
        Format.List(Assessors.Select(a => "the " + Shared.Assessors.Label(a.Role).ToLowerInvariant()).Concat(["a legislature", "a court", "another public office"]), "or");
}

/// <summary>One of a case's assessors: its role (regulator, plan, union) and the name the case gives it.</summary>
public sealed class CaseAssessor
{
    public string Role { get; set; } = "";
    public string Name { get; set; } = "";
    public int Position { get; set; }
}
