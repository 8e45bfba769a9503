using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Tests.Features.Shared;

public class PartialDateTests
{
    [TestCase("2025-03-24", DatePrecision.Day, "24 March 2025", "2025-03-24")]
    [TestCase("2025-10", DatePrecision.Month, "October 2025", "2025-10-31")]
    [TestCase("2028", DatePrecision.Year, "2028", "2028-12-31")]
    public void TryParse_ReadsPrecisionFromForm(string text, DatePrecision precision, string shown, string end)
    {
        Assert.That(PartialDate.TryParse(text, out var date), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(date.Precision, Is.EqualTo(precision));
            Assert.That(date.ToString(), Is.EqualTo(shown));
            Assert.That(date.End.ToString("yyyy-MM-dd"), Is.EqualTo(end));
            Assert.That(date.Iso, Is.EqualTo(text));
        });
    }

    [TestCase("")]
    [TestCase("2025-13")]
    [TestCase("2025-02-30")]
    [TestCase("25-10-01")]
    [TestCase("October 2025")]
    [TestCase("2025-10-01T00:00")]
    public void TryParse_Refuses_WhenNotADate(string text) =>
        Assert.That(PartialDate.TryParse(text, out _), Is.False);

    [Test]
    public void ToString_NeverShowsADay_WhenPrecisionIsMonth()
    {
        PartialDate.TryParse("2025-10", out var date);
        Assert.That(date.ToString(), Does.Not.Contain("1 October"));
        Assert.That(date.ToShortString(), Is.EqualTo("Oct 2025"));
    }

    [Test]
    public void ToString_SaysLessPrecisely_WhenAskedForCoarserPrecision()
    {
        PartialDate.TryParse("2025-03-24", out var date);
        Assert.That(date.ToString(DatePrecision.Month), Is.EqualTo("March 2025"));
    }
}
