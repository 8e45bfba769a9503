using ComplianceTracker.Web.Pdf;

namespace ComplianceTracker.Tests.Pdf;

/// <summary>The running header's ends are shortened to fit, never drawn over each other.</summary>
public class ShortenTests
{
    // One unit a character: what fits is easy to read off.
    private static double Width(string text) => text.Length;

    [Test]
    public void Shorten_KeepsTextThatFits() =>
        Assert.That(TextFlow.Shorten("Makai Health", 20, Width), Is.EqualTo("Makai Health"));

    [Test]
    public void Shorten_CutsAtAWord_AndEndsWithAnEllipsis_WithinTheWidth()
    {
        var shown = TextFlow.Shorten("Pacific Islands Office of Health Plan Oversight · Makai Health Cooperative of the Leeward Coast", 40, Width);
        Assert.Multiple(() =>
        {
            Assert.That(shown, Is.EqualTo("Pacific Islands Office of Health Plan…"));
            Assert.That(Width(shown), Is.LessThanOrEqualTo(40));
        });
    }

    [Test]
    public void Shorten_CutsALongWordAtALetter_WhenNoWordEndsLateEnough()
    {
        var shown = TextFlow.Shorten("Supercalifragilisticexpialidocious", 10, Width);
        Assert.That(shown, Is.EqualTo("Supercali…"));
    }
}
