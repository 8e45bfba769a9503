using ComplianceTracker.Web.Features.Evidence;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>A quoted passage is found whatever typography it was typed or pasted in, and only when its words and case are the document's.</summary>
public class PassageMatchTests
{
    [TestCase("\u201CQuoted\u201D text", "\"Quoted\" text")]
    [TestCase("\u201EGerman\u201C and \u00ABFrench\u00BB", "\"German\" and \"French\"")]
    [TestCase("the plan\u2019s \u2018own\u2019 words", "the plan's 'own' words")]
    [TestCase("5\u2032 6\u2033", "5' 6\"")]
    [TestCase("2020\u20132021", "2020-2021")]
    [TestCase("late \u2014 and incomplete", "late-and incomplete")]
    [TestCase("late - and incomplete", "late-and incomplete")]
    [TestCase("late -- and", "late-and")]
    [TestCase("non\u2011breaking", "non-breaking")]
    [TestCase("minus \u22125", "minus-5")]
    [TestCase("soft\u00ADhyphen", "softhyphen")]
    [TestCase("zero\u200Bwidth\u200Dand\uFEFFbom", "zerowidthandbom")]
    [TestCase("wait\u2026", "wait...")]
    [TestCase("wait. . .", "wait...")]
    [TestCase("  many \t\r\n spaces\u00A0and\u202Fnarrow\u3000ideographic  ", "many spaces and narrow ideographic")]
    [TestCase("\uFB01nal \uFF26ull", "final Full")]
    [TestCase("Case Is Kept", "Case Is Kept")]
    public void Normalize_MakesTypographyOne(string text, string expected) =>
        Assert.That(PassageMatch.Normalize(text), Is.EqualTo(expected));

    [Test]
    public void Normalize_ReplacesALoneSurrogate_RatherThanThrowing() =>
        Assert.That(PassageMatch.Normalize("broken " + '\uD800' + " text"), Is.EqualTo("broken \uFFFD text"));

    [Test]
    public void Find_ReturnsThePage_WhenThePassageIsOnIt()
    {
        var found = PassageMatch.Find(["nothing here", "still nothing", "The plan\u2019s \u201Ccorrective action\u201D plan."], "plan's \"corrective action\"");
        Assert.That(found, Is.EqualTo(new PassageLocation(3, 3)));
    }

    [Test]
    public void Find_ReturnsThePageItStartsOn_WhenThePassageRunsAcrossAPageBreak()
    {
        string[] pages = ["Page one.", "The monitor wrote that the deadline\n", "passed without a filing.", "Page four."];
        Assert.That(PassageMatch.Find(pages, "the deadline passed without"), Is.EqualTo(new PassageLocation(2, 4)));
    }

    [Test]
    public void Find_JoinsAWord_WhenAPdfHyphenatedItAtTheEndOfALine()
    {
        string[] pages = ["intro", "and the imple-\nmentation of the terms", "and the imple\u00AD\nmentation again"];
        Assert.Multiple(() =>
        {
            Assert.That(PassageMatch.Find(pages, "the implementation of the terms"), Is.EqualTo(new PassageLocation(2, 3)));
            Assert.That(PassageMatch.Find(pages, "implementation again"), Is.EqualTo(new PassageLocation(3, 3)), "a soft hyphen at the line's end");
        });
    }

    [Test]
    public void Find_JoinsAWord_WhenItsHyphenEndsAPage()
    {
        string[] pages = ["the remaining imple-", "mentation is overdue"];
        Assert.That(PassageMatch.Find(pages, "remaining implementation is overdue"), Is.EqualTo(new PassageLocation(1, 2)));
    }

    [Test]
    public void Find_KeepsTheHyphen_WhenTheWordIsHyphenatedAnyway()
    {
        string[] pages = ["a well-\nknown failing"];
        Assert.Multiple(() =>
        {
            Assert.That(PassageMatch.Find(pages, "a well-known failing"), Is.EqualTo(new PassageLocation(1, 1)));
            Assert.That(PassageMatch.Find(pages, "a wellknown failing"), Is.EqualTo(new PassageLocation(1, 1)), "the line-end join is tried too");
        });
    }

    [Test]
    public void Find_ReturnsTheFirstPage_WhenThePassageIsOnSeveral() =>
        Assert.That(PassageMatch.Find(["none", "the fine", "the fine"], "the fine"), Is.EqualTo(new PassageLocation(2, 3)));

    [Test]
    public void Find_CountsEmptyPages_WhenSkippingThem() =>
        Assert.That(PassageMatch.Find(["first", "", "  ", "the target words"], "target words"), Is.EqualTo(new PassageLocation(4, 4)));

    [TestCase("The Fine was paid", TestName = "{m}(case differs)")]
    [TestCase("the fine was not paid", TestName = "{m}(a word differs)")]
    [TestCase("   ", TestName = "{m}(blank)")]
    public void Find_ReturnsNull_WhenTheDocumentDoesNotSayIt(string passage) =>
        Assert.That(PassageMatch.Find(["Page one.", "the fine was paid"], passage), Is.Null);

    [Test]
    public void Find_ReturnsNull_WhenThereIsNoText() =>
        Assert.That(PassageMatch.Find([], "anything"), Is.Null);
}
