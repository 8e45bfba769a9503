using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Infrastructure.Seed;

namespace ComplianceTracker.Tests.Infrastructure.Seed;

public class SeedReaderTests
{
    [Test]
    public void Read_AcceptsTheCheckedInCase()
    {
        var seed = SeedReader.Read(Repository.SeedDirectory);
        Assert.Multiple(() =>
        {
            Assert.That(seed.Case.PrimarySurvey, Is.EqualTo("NRS-2022"));
            Assert.That(seed.Surveys.Single(s => s.Key == "NRS-2022").DeficiencyCount, Is.EqualTo(20));
            Assert.That(seed.Timeline.Count(t => t.Kind == "event"), Is.GreaterThanOrEqualTo(30));
            Assert.That(seed.Sources.All(s => s.Url is null || s.Url.StartsWith("http", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void Read_NamesFileItemAndProblem_WhenADateIsMalformed()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.TimelineFileName, t => t[0]!["date"] = "2025-13");
        var code = folder.Read(SeedReader.TimelineFileName)[0]!["code"]!.GetValue<string>();

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("timeline.json").And.Contain(code).And.Contain("\"2025-13\" is not a date"));
    }

    [Test]
    public void Read_RefusesAProvenanceThatCannotBe()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.SourcesFileName, s =>
        {
            s[0]!["party"] = "journalist";
            s[1]!["copyOf"] = "no_such_source";
            s[1]!["isCopy"] = true;
            s[2]!["copyOf"] = (string?)s[3]!["key"];
            s[2]!["isCopy"] = false;
        });
        folder.Edit(SeedReader.TimelineFileName, t => t[0]!["deadlineType"] = "due");

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("party \"journalist\" is not one of")
            .And.Contain("copyOf \"no_such_source\" is not in sources.json")
            .And.Contain("copyOf names an original, so isCopy must be true")
            .And.Contain("an event has no deadlineType"));
    }

    [Test]
    public void CheckedInSeed_HoldsTheCorrections()
    {
        var seed = SeedReader.Read(Repository.SeedDirectory);
        var d01 = seed.Deficiencies.Single(d => d.Survey == "NRS-2022" && d.Slot == 1);
        string Alternate(string code) => seed.Timeline.Single(t => t.Code == code).AlternateDate ?? "";

        Assert.Multiple(() =>
        {
            // "within 10 days": the word "business" was the tracker's, not LAist's.
            Assert.That(d01.Title, Does.Contain("within 10 days").And.Not.Contain("business"));
            Assert.That(d01.Finding, Does.Not.Contain("16 weeks"), "the 16-week wait is evidence, not the finding");
            Assert.That(d01.Evidence.Select(e => e.Text), Has.Some.Contains("autism").And.Some.Contains("16 weeks"));
            Assert.That(d01.Assessments.Single().Source, Is.EqualTo("nuhw_strike_2025_03_26"));
            Assert.That(seed.Deficiencies.Any(d => d.Survey == "NRS-2022" && d.Slot == 3), Is.False, "the autism waits hold no slot");
            Assert.That(seed.Obligations.Single(o => o.Code == "O-1").Description, Does.Not.Contain("up to $10 million"));
            // DMHC's own release is dated 25 June 2013; Modern Healthcare's "Monday", 24 June, is the other date.
            Assert.That(seed.Timeline.Single(t => t.Code == "E-2013-06-24").Date, Is.EqualTo("2013-06-25"));
            Assert.That(Alternate("E-2013-06-24"), Is.EqualTo("2013-06-24"));
            Assert.That(Alternate("E-2023-10-12"), Is.EqualTo("2023-10-11"));
            Assert.That(Alternate("E-2025-04-07"), Is.EqualTo("2025-04-08"));
            Assert.That(seed.Sources.Single(s => s.Key == "lamonitor").CopyOf, Is.EqualTo("laist_brief"));
            Assert.That(seed.Sources.Select(s => s.Key), Has.None.StartWith("gao").And.None.StartWith("auditor").And.None.EqualTo("seattle_order"));
            Assert.That(seed.Sources.Select(s => s.Title), Has.None.Contains("cut off"));
            Assert.That(seed.Timeline.Single(t => t.Code == "DL-CONSULTATION-END").Status, Is.EqualTo("outcome-unknown"));
            Assert.That(seed.Timeline.Select(t => t.Description ?? ""), Has.Some.Contains("still under state monitoring"));
        });
    }

    [Test]
    public void Read_NamesTheMissingSource_WhenAnItemCitesAnUnknownKey()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.ObligationsFileName, o => o[0]!["sources"]!.AsArray().Add("no_such_source"));

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("obligations.json").And.Contain("O-1").And.Contain("source \"no_such_source\" is not in sources.json"));
    }

    [Test]
    public void Read_RefusesAnUnknownProperty_SoATypoCannotDropAFact()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.SourcesFileName, s => s[2]!["titel"] = "typo");

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("sources.json").And.Contain("index 2").And.Contain("titel"));
    }

    [Test]
    public void Read_SaysWhereTheJsonBreaks_WhenAFileIsNotJson()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.WriteText(SeedReader.CaseFileName, "{ \"key\": \"x\",\n  \"title\": ");

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.StartWith("Seed file case.json").And.Contain("line 2"));
    }

    [Test]
    public void Read_Refuses_WhenAggregateCountsDoNotAddUpToTheSurvey()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.SurveysFileName, s => s[0]!["aggregateFindings"]![0]!["counts"]!["corrected"] = 2);

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("surveys.json").And.Contain("counts add up to 21, but the survey has 20"));
    }

    [Test]
    public void Read_Refuses_WhenAStatusIsNotInTheAssessorsVocabulary()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.DeficienciesFileName, d => d[0]!["assessments"]![0]!["status"] = "claims-corrected");

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("deficiencies.json").And.Contain("slot 1").And.Contain("status \"claims-corrected\" is not one of"));
    }

    [Test]
    public void Read_Refuses_WhenASourceUrlIsNotHttp()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.SourcesFileName, s => s[0]!["url"] = "javascript:alert(1)");

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("is not an http or https address"));
    }

    [Test]
    public void Read_NamesTheFile_WhenOneIsMissing()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        File.Delete(Path.Combine(folder.Path, SeedReader.SurveysFileName));

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message, Does.Contain("surveys.json is missing"));
    }

    [Test]
    public void Read_ListsEveryProblem_NotOnlyTheFirst()
    {
        using var folder = SeedFolder.CopyOfCheckedIn();
        folder.Edit(SeedReader.TimelineFileName, t =>
        {
            t[0]!["date"] = "soon";
            t[1]!["kind"] = "rumour";
        });

        var ex = Assert.Throws<SeedException>(() => SeedReader.Read(folder.Path));
        Assert.That(ex!.Message.Split(Environment.NewLine), Has.Length.GreaterThanOrEqualTo(2));
    }
}
