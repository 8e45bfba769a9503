using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Requests;

namespace ComplianceTracker.Tests.Features.Requests;

/// <summary>
/// The statutory dates, computed from the law files checked in under data/laws/ and nothing else: the CPRA's 10 calendar
/// days and 14-day extension, the FOIA's 20 working days that skip weekends and the federal holidays the file lists.
/// </summary>
public sealed class LawDatesTests
{
    private static readonly RecordsLaws Laws = RecordsLaws.Load(Path.Combine(Repository.Root, "data", "laws"));
    private static RecordsLaw Cpra => Laws.Find("ca-cpra")!;
    private static RecordsLaw Foia => Laws.Find("us-foia")!;

    private static RequestEntry Sent(string on, string? received = null) =>
        new() { Id = 1, Kind = RequestEntryKinds.Sent, OccurredOn = DateOnly.Parse(on), ReceivedOn = received is null ? null : DateOnly.Parse(received), Method = "email" };

    private static RequestEntry Extended(int days, string on = "2026-11-30") =>
        new() { Id = 2, Kind = RequestEntryKinds.Extended, OccurredOn = DateOnly.Parse(on), ExtensionDays = days };

    [Test]
    public void TheCheckedInLaws_AreReadWithoutProblems_AndSayTheyWereNotCheckedAgainstTheStatutes()
    {
        Assert.That(Laws.Problems, Is.Empty);
        Assert.That(Laws.All.Select(l => l.Key), Is.EquivalentTo(new[] { "ca-cpra", "us-foia" }));
        Assert.Multiple(() =>
        {
            Assert.That(Cpra.Determination.Section, Is.EqualTo("Gov. Code § 7922.535(a)"));
            Assert.That(Cpra.Extension!.Section, Is.EqualTo("Gov. Code § 7922.535(b)"));
            Assert.That(Cpra.Assistance!.Section, Is.EqualTo("Gov. Code § 7922.600"));
            Assert.That(Foia.Determination.Section, Is.EqualTo("5 U.S.C. § 552(a)(6)"));
            foreach (var law in Laws.All)
            {
                Assert.That(law.CheckedAgainst, Does.Contain("not checked against"), law.Key);
            }
        });
    }

    [Test]
    public void Cpra_TenDays_CountFromTheDayAfterReceipt_AcrossAMonthEnd()
    {
        var s = RequestStanding.Of(Cpra, [Sent("2026-11-25")], new DateOnly(2026, 11, 27));
        Assert.Multiple(() =>
        {
            Assert.That(s.Due!.Day, Is.EqualTo(new DateOnly(2026, 12, 5)));
            Assert.That(RequestsText.DueSentence(s.Due), Does.StartWith("Determination due 5 December 2026: 10 days after 25 November 2026, the day it was sent"));
            Assert.That(RequestsText.DueSentence(s.Due), Does.Contain("(Gov. Code § 7922.535(a))"));
            Assert.That(s.IsOverdue, Is.False);
            Assert.That(s.DaysLeft, Is.EqualTo(8));
        });
    }

    [Test]
    public void Cpra_TheIssuesExample_FallsOnASaturday_AndIsShownAsCounted_NamingTheRuleUsed()
    {
        var s = RequestStanding.Of(Cpra, [Sent("2026-12-09")], new DateOnly(2026, 12, 9));
        Assert.Multiple(() =>
        {
            Assert.That(s.Due!.Day, Is.EqualTo(new DateOnly(2026, 12, 19)));
            Assert.That(RequestsText.AskedLine("DMHC", s, isPublic: true), Is.EqualTo("Asked DMHC on 9 December 2026 (due 19 December 2026)."));
            Assert.That(RequestsText.DueSentence(s.Due), Does.Contain("19 December 2026 is a Saturday. This law's file gives no rule for a date that falls on a weekend or holiday, so the date stands as counted."));
        });
    }

    [Test]
    public void Cpra_ReceiptOnRecord_IsCountedFromInsteadOfTheDaySent()
    {
        var s = RequestStanding.Of(Cpra, [Sent("2026-11-25", received: "2026-11-30")], new DateOnly(2026, 11, 30));
        Assert.That(s.Due!.Day, Is.EqualTo(new DateOnly(2026, 12, 10)));
        Assert.That(RequestsText.DueSentence(s.Due), Does.Contain("10 days after receipt on 30 November 2026"));
    }

    [Test]
    public void Cpra_AnExtensionOf14Days_MovesTheDate_AndOneOf15IsRefusedNamingTheLimitAndItsSection()
    {
        var sent = RequestStanding.Of(Cpra, [Sent("2026-11-25")], new DateOnly(2026, 11, 30));
        Assert.Multiple(() =>
        {
            Assert.That(sent.RefuseExtension(14), Is.Null);
            Assert.That(sent.RefuseExtension(15), Is.EqualTo(
                "Days of extension: 15 days is more than the 14 days Gov. Code § 7922.535(b) allows (to 19 December 2026 at the latest). "
                + "Enter the days the law allows; if the agency's notice claims more, record it as an acknowledgement with its words in the note: the determination date stays where the law puts it."));
        });
        var extended = RequestStanding.Of(Cpra, [Sent("2026-11-25"), Extended(14)], new DateOnly(2026, 11, 30));
        Assert.Multiple(() =>
        {
            Assert.That(extended.Due!.Day, Is.EqualTo(new DateOnly(2026, 12, 19)));
            Assert.That(RequestsText.DueSentence(extended.Due), Does.Contain("extended by 14 days from 5 December 2026 (Gov. Code § 7922.535(b))"));
            Assert.That(extended.RefuseExtension(1), Does.StartWith("Days of extension: Gov. Code § 7922.535(b) allows one extension, and one was recorded on 30 November 2026."));
        });
    }

    [Test]
    public void Foia_TwentyWorkingDays_SkipWeekendsAndThanksgiving()
    {
        // Friday 20 November 2026; Thanksgiving is Thursday 26 November. Without it the 20th working day would be 18 December.
        var s = RequestStanding.Of(Foia, [Sent("2026-11-20")], new DateOnly(2026, 11, 20));
        Assert.Multiple(() =>
        {
            Assert.That(Foia.HolidayOn(new DateOnly(2026, 11, 26))?.Name, Is.EqualTo("Thanksgiving Day"));
            Assert.That(s.Due!.Day, Is.EqualTo(new DateOnly(2026, 12, 21)));
            Assert.That(RequestsText.DueSentence(s.Due), Does.StartWith("Determination due 21 December 2026: 20 working days after 20 November 2026"));
            Assert.That(RequestsText.DueSentence(s.Due), Does.Contain("(5 U.S.C. § 552(a)(6))"));
            Assert.That(Foia.Count(new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 21)), Is.EqualTo(20));
        });
    }

    [Test]
    public void Foia_TheTenWorkingDayExtension_SkipsChristmasAndNewYearsDay_AndAnEleventhIsRefused()
    {
        var s = RequestStanding.Of(Foia, [Sent("2026-11-20"), Extended(10, "2026-12-01")], new DateOnly(2026, 12, 1));
        Assert.Multiple(() =>
        {
            Assert.That(s.Due!.Day, Is.EqualTo(new DateOnly(2027, 1, 6)));
            Assert.That(RequestStanding.Of(Foia, [Sent("2026-11-20")], new DateOnly(2026, 12, 1)).RefuseExtension(11), Does.StartWith("Days of extension: 11 working days is more than the 10 working days 5 U.S.C. § 552(a)(6) allows"));
        });
    }

    [Test]
    public void Foia_APeriodReachingPastTheHolidaysOnFile_GetsNoDate_AndSaysWhy()
    {
        var s = RequestStanding.Of(Foia, [Sent("2030-12-20")], new DateOnly(2030, 12, 20));
        Assert.Multiple(() =>
        {
            Assert.That(s.Due, Is.Null);
            Assert.That(s.NoDueReason, Does.Contain("lists federal holidays from 1 January 2024 to 31 December 2030 only"));
            Assert.That(s.IsOverdue, Is.False);
        });
    }

    [Test]
    public void WithoutALawFile_ARequestHasNoDate_AndIsNeverOverdue()
    {
        var s = RequestStanding.Of(null, [Sent("2025-01-02")], new DateOnly(2026, 11, 27));
        Assert.Multiple(() =>
        {
            Assert.That(s.Due, Is.Null);
            Assert.That(s.NoDueReason, Is.EqualTo(RequestsText.NoLawOnFile));
            Assert.That(s.IsOverdue, Is.False);
            Assert.That(RequestsText.AskedLine("DMHC", s, isPublic: true), Is.EqualTo("Asked DMHC on 2 January 2025 (no due date computed)."));
        });
    }

    [Test]
    public void Overdue_OnlyAfterTheDate_WithNoDeterminationOnRecord_CitingTheSection()
    {
        RequestStanding On(string today, params RequestEntry[] entries) => RequestStanding.Of(Cpra, [Sent("2026-11-25"), .. entries], DateOnly.Parse(today));
        var answer = new RequestEntry { Id = 5, Kind = RequestEntryKinds.Acknowledged, OccurredOn = new DateOnly(2026, 12, 4), IsDetermination = true };
        var acknowledgedOnly = new RequestEntry { Id = 6, Kind = RequestEntryKinds.Acknowledged, OccurredOn = new DateOnly(2026, 12, 1) };
        Assert.Multiple(() =>
        {
            Assert.That(On("2026-12-05").IsOverdue, Is.False, "on the day itself");
            Assert.That(On("2026-12-06").IsOverdue, Is.True);
            Assert.That(RequestsText.OverdueSentence(On("2026-12-13")), Is.EqualTo("Overdue by 8 days: no determination is on record, and it was due 5 December 2026 (Gov. Code § 7922.535(a))."));
            Assert.That(On("2026-12-13", acknowledgedOnly).IsOverdue, Is.True, "an acknowledgement alone is no determination");
            Assert.That(On("2026-12-13", answer).IsOverdue, Is.False);
            Assert.That(On("2026-12-13", answer).AnsweredOnTime, Is.True);
        });
    }

    [Test]
    public void ALawFileThatCannotBeRead_IsLeftOut_WithItsProblemNamed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ct-laws-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(Repository.Root, "data", "laws", "ca-cpra.json"), Path.Combine(folder, "ca-cpra.json"));
            File.WriteAllText(Path.Combine(folder, "xx-broken.json"), """{ "key": "xx-broken", "name": "Broken", "days": "fortnights" }""");
            var laws = RecordsLaws.Load(folder);
            Assert.That(laws.All.Select(l => l.Key), Is.EqualTo(new[] { "ca-cpra" }));
            Assert.That(laws.Problems.Single(), Does.StartWith("Law file xx-broken.json cannot be read"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
