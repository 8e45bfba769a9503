using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Support;

/// <summary>axe-core's WCAG 2.1 A and AA rules, run on the page as it stands.</summary>
public static class Axe
{
    public static readonly List<string> Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>Every serious or critical violation, each with the rule, what it asks and the elements that fail it.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = Wcag21AA },
        });
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.HelpUrl})" + string.Concat(v.Nodes.Take(5).Select(n =>
                $"\n    {n.Target} {n.Html}\n      " + string.Join("; ", Checks(n)))))
            .ToList();
    }

    private static IEnumerable<string> Checks(AxeResultNode node) =>
        (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)).Distinct();

    /// <summary>Fails the test with every serious or critical violation listed.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.That(violations, Is.Empty, $"axe on {page.Url}:\n" + string.Join("\n", violations));
    }
}
