using ComplianceTracker.Web.Features.Reports;

namespace ComplianceTracker.Tests.Features.Reports;

public class ReportTextTests
{
    [TestCase(new int[0], "")]
    [TestCase(new[] { 7 }, "[7]")]
    [TestCase(new[] { 12, 7, 11 }, "[7, 11, 12]")]
    [TestCase(new[] { 5, 2, 3, 4, 9 }, "[2–5, 9]")]
    [TestCase(new[] { 1, 2, 4, 5, 6, 6, 8 }, "[1, 2, 4–6, 8]")]
    public void Markers_ListsNumbersInOrder_WithRunsOfThreeOrMoreAsRanges(int[] sources, string expected) =>
        Assert.That(ReportText.Markers(sources), Is.EqualTo(expected));
}
