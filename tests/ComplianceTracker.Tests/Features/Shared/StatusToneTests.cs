using System.Text.RegularExpressions;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Deficiencies;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>A status's tone is defined once (StatusTones) and read by the pages' classes, site.css and the disagreement check.</summary>
public sealed class StatusToneTests
{
    private static readonly IEnumerable<string> EveryStatus =
        Assessors.Statuses.Values.SelectMany(t => t).Concat(ObligationStatuses.All).Concat(DeadlineStatuses.All).Select(t => t.Code).Distinct();

    [TestCase("found", StatusTone.Bad)]
    [TestCase("not-corrected", StatusTone.Bad)]
    [TestCase("referred-to-enforcement", StatusTone.Bad)]
    [TestCase("missed", StatusTone.Bad)]
    [TestCase("corrected", StatusTone.Good)]
    [TestCase("claims-corrected", StatusTone.Good)]
    [TestCase("met", StatusTone.Good)]
    [TestCase("partly-corrected", StatusTone.Warn)]
    [TestCase("in-progress", StatusTone.Warn)]
    [TestCase("disputes-finding", StatusTone.Warn)]
    [TestCase("pending", StatusTone.Warn)]
    [TestCase("unknown", StatusTone.Unknown)]
    [TestCase("not-yet-assessed", StatusTone.Unknown)]
    [TestCase("no-claim", StatusTone.Unknown)]
    [TestCase("a-code-no-one-wrote", StatusTone.Unknown)]
    public void Of_GivesEachStatusTheToneThePagesShowItIn(string code, StatusTone tone) =>
        Assert.That(StatusTones.Of(code), Is.EqualTo(tone));

    [Test]
    public void Css_KeepsTheStatusClass_AndAddsTheToneClass()
    {
        Assert.That(StatusTones.Css("partly-corrected"), Is.EqualTo("status status-partly-corrected tone-warn"));
    }

    [Test]
    public void SiteCss_ColoursEveryTone_AndNoStatusByItsCode()
    {
        var folder = Path.Combine(Repository.Root, "src", "ComplianceTracker.Web", "wwwroot", "css");
        var css = File.ReadAllText(Path.Combine(folder, "site.css"));
        // The pages' own stylesheets (timeline.css, report.css…) colour by tone too, never by a status's code.
        var every = string.Concat(Directory.GetFiles(folder, "*.css").Select(File.ReadAllText));

        Assert.Multiple(() =>
        {
            foreach (var tone in Enum.GetValues<StatusTone>())
            {
                Assert.That(css, Does.Contain($".status.{StatusTones.Class(tone)} {{"), $"a badge rule for {tone}");
            }
            foreach (var code in EveryStatus)
            {
                Assert.That(Regex.IsMatch(every, $@"\.status-{Regex.Escape(code)}\b"), Is.False, $"no stylesheet gives {code} a colour of its own");
            }
        });
    }

    [TestCase("regulator:found", "plan:claims-corrected", false)] // "found" is where every deficiency starts
    [TestCase("union:not-corrected", "plan:disputes-finding", true)] // the plan says there is nothing to fix
    [TestCase("regulator:corrected", "union:partly-corrected", true)]
    [TestCase("regulator:not-corrected", "monitor:corrected", true)]
    [TestCase("regulator:corrected", "plan:disputes-finding", false)]
    [TestCase("regulator:not-corrected", "plan:in-progress", false)]
    [TestCase("regulator:found", "plan:no-claim", false)]
    [TestCase("regulator:not-yet-assessed", "union:corrected", false)]
    public void HasDisagreement_ComparesAssessorsByTheSidesTheStatusTableGivesThem(string first, string second, bool disagree)
    {
        var latest = new[] { first, second }
            .Select(s => s.Split(':'))
            .ToDictionary(s => s[0], s => new ComplianceTracker.Web.Features.Changes.StatusChange { Assessor = s[0], ToStatus = s[1] });
        var summary = new DeficiencySummary { Deficiency = new Deficiency(), Latest = latest };

        Assert.That(summary.HasDisagreement, Is.EqualTo(disagree));
    }
}
