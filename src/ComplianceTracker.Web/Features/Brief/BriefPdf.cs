using System.Globalization;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Pdf;
using PdfSharp.Pdf;

namespace ComplianceTracker.Web.Features.Brief;

/// <summary>
/// Turns a <see cref="Brief"/> into PDF bytes in the editions' look: no database, no clock, no files. The same brief
/// (record, day and "since" date) gives the same bytes.
/// </summary>
public static class BriefPdf
{
    public static RenderedPdf Render(Brief brief, string fontFamily)
    {
        var info = new PdfInfo(
            brief.Title,
            brief.Subject,
            $"{brief.Case.RegulatorShort}, {brief.Case.Plan}, brief",
            ReportLayout.Author,
            new DateTime(brief.Today, TimeOnly.MinValue, DateTimeKind.Utc),
            PdfFile.Id(string.Create(CultureInfo.InvariantCulture, $"ComplianceTracker brief|{brief.Case.Key}|{brief.Today:yyyy-MM-dd}|{brief.Since.Date:yyyy-MM-dd}")),
            "brief-" + brief.Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        return PdfLayout.Render(info, (d, plan) => new BriefWriter(d, brief, fontFamily, plan));
    }
}

/// <summary>Lays the brief out on as few pages as it needs (two for the first case): compact type, no page breaks forced.</summary>
internal sealed class BriefWriter(PdfDocument document, Brief brief, string family, LayoutPlan? plan) : ReportLayout(document, family, plan)
{
    protected override void Compose()
    {
        Head();
        Figures();
        Passed();
        Disagreements();
        Next();
        Changes();
        Repeats();
        Questions();
        Asked();
        Sources();
    }

    protected override PageFrame Frame => new(
        brief.RunningHead,
        brief.Case.RegulatorShort + " · " + brief.Case.Plan.Split(',')[0],
        brief.Link(brief.Since.IsDefault ? "/brief" : "/brief?since=" + brief.Since.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private void Head()
    {
        Bookmark("Brief");
        Paragraph([new Span(brief.Kicker.ToUpperInvariant(), fonts.LabelBold, Accent)]);
        Heading1([new Span(brief.Case.Title, fonts.Title, Ink)], lineFactor: 1.2);
        y += 2;
        Paragraph([new Span(Brief.Lede, fonts.Body, Muted)]);
        y += 4;
    }

    private void Figures()
    {
        if (brief.Figures.Count == 0)
        {
            Paragraph([new Span(Brief.NoFigures, fonts.BodyItalic, Muted)]);
            return;
        }
        foreach (var f in brief.Figures)
        {
            y += 4;
            Rule(RulePen);
            y += 4;
            Paragraph([
                new Span(f.Figure, fonts.H2, Accent, brief.Link(f.Path)),
                new Span(f.Label, fonts.H2Regular, Ink),
                .. ProvenanceInline(f.Provenance),
                .. Cites(f.Sources, fonts.Body),
            ], lineFactor: 1.2);
            if (f.AsOf is not null)
            {
                Paragraph([new Span(f.AsOf, fonts.Small, Muted)]);
            }
            foreach (var line in f.Lines)
            {
                Paragraph([new Span(line, fonts.Small, Ink)]);
            }
        }
        y += 4;
        Rule(StrongRulePen);
    }

    private IEnumerable<Span> ProvenanceInline(Provenance? provenance) =>
        provenance is null ? [] : [new Span("(" + provenance.Short + ")", fonts.Small, provenance.NeedsCaution ? Accent : Muted)];

    private void Heading(string title)
    {
        y += 6;
        // Bookmarked once the heading has its page: one that moves to the next page takes its bookmark with it.
        Heading2(title, keepWith: 30, bookmark: true);
    }

    private void Passed()
    {
        Heading(Brief.PassedHeading);
        if (brief.Passed.Count == 0)
        {
            Paragraph([new Span(Brief.NonePassed, fonts.Body, Ink)]);
            return;
        }
        Table(
            [new Column(Brief.DueColumn, 80), new Column(Brief.DeadlineColumn, Width - 80 - 110 - 60), new Column(Brief.OutcomeColumn, 110), new Column(Brief.DaysSinceColumn, 60)],
            [.. brief.Passed.Select(d => new[]
            {
                new Cell([new Span(d.When, fonts.Table, Ink)]),
                new Cell([new Span(d.Title, fonts.Table, LinkBrush, brief.Link(d.Path)), .. Cites(d.Sources, fonts.Table)]),
                new Cell([new Span(d.Outcome ?? "", d.OutcomeUnknown ? fonts.TableItalic : fonts.Table, d.OutcomeUnknown ? Muted : Ink)]),
                new Cell([new Span(d.Days.ToString("N0", CultureInfo.GetCultureInfo("en-US")), fonts.Table, Ink)]),
            })],
            Brief.PassedHeading);
        if (brief.PassedLeft > 0)
        {
            Paragraph([new Span(Brief.PassedLeftNote(brief.PassedLeft) + " ", fonts.Small, Muted), new Span(brief.Link("/timeline?kind=deadline"), fonts.Small, LinkBrush, brief.Link("/timeline?kind=deadline"))]);
        }
        Paragraph([new Span(Brief.OutcomeNote, fonts.Small, Muted)]);
    }

    private void Disagreements()
    {
        if (brief.Disagreements.Count == 0)
        {
            return;
        }
        Paragraph([new Span(Brief.DisagreementsLead, fonts.BodyBold, Accent)]);
        using var list = List();
        foreach (var d in brief.Disagreements)
        {
            Numbered("•", [new Span(d.Item + ":", fonts.Body, LinkBrush, brief.Link(d.Path)), new Span(d.Text, fonts.Body, Ink)], indent: 12, after: 1);
        }
    }

    private void Next()
    {
        Heading(Brief.NextHeading);
        if (brief.Next.Count == 0)
        {
            Paragraph([new Span(Brief.NothingNext, fonts.Body, Ink)]);
            return;
        }
        using var list = List();
        foreach (var d in brief.Next)
        {
            Numbered("•", [
                new Span(d.When, fonts.BodyBold, Ink),
                new Span("— ", fonts.Body, Ink),
                new Span(d.Title, fonts.Body, LinkBrush, brief.Link(d.Path)),
                new Span(Brief.StandingOf(d), fonts.Body, Ink) { Glue = true },
                .. Cites(d.Sources, fonts.Body),
            ], indent: 12, after: 1);
        }
    }

    private void Changes()
    {
        Heading(brief.ChangesHeading);
        Heading3(brief.TookEffectHeading);
        if (brief.Changes.Count == 0)
        {
            Paragraph([new Span(brief.NothingTookEffect, fonts.Body, Ink)]);
        }
        else
        {
            Table(
                [new Column(Brief.TookEffectColumn, 80), new Column(Brief.WhatColumn, 190), new Column(Brief.ItemColumn, Width - 270)],
                [.. brief.Changes.Select(c => new[]
                {
                    new Cell([new Span(c.When, fonts.Table, Ink)]),
                    WhatCell(c),
                    ItemCell(c),
                })],
                brief.TookEffectHeading);
        }
        Heading3(brief.RecordedHeading);
        if (brief.Recorded.Count == 0)
        {
            Paragraph([new Span(brief.NothingRecorded, fonts.Body, Ink)]);
        }
        else
        {
            Table(
                [new Column(Brief.RecordedColumn, 75), new Column(Brief.TookEffectColumn, 75), new Column(Brief.WhatColumn, 170), new Column(Brief.ItemColumn, Width - 320)],
                [.. brief.Recorded.Select(c => new[]
                {
                    new Cell([new Span(c.Recorded ?? "", fonts.Table, Ink)]),
                    new Cell([new Span(c.When, fonts.Table, Ink)]),
                    WhatCell(c),
                    ItemCell(c),
                })],
                brief.RecordedHeading);
        }
        Paragraph([new Span(brief.ChangesNote, fonts.Small, Muted), new Span(brief.Link("/changes"), fonts.Small, LinkBrush, brief.Link("/changes")), new Span(".", fonts.Small, Muted) { Glue = true }]);
    }

    private Cell WhatCell(BriefChange c) =>
        new([new Span(Brief.WhatOf(c), fonts.Table, Ink), .. ProvenanceSpans(c.Provenance)]);

    private Cell ItemCell(BriefChange c) =>
        new([new Span(c.Item, fonts.Table, LinkBrush, brief.Link(c.Path)), .. Cites(c.Sources, fonts.Table)]);

    private void Repeats()
    {
        if (brief.Repeats.Count == 0)
        {
            return;
        }
        Heading(Brief.RepeatsHeading);
        using var list = List();
        foreach (var r in brief.Repeats)
        {
            Numbered("•", [
                new Span(r.Code, fonts.BodyBold, LinkBrush, brief.Link(r.Path)),
                new Span(Brief.RepeatOf(r), fonts.Body, Ink),
                .. Cites(r.Sources, fonts.Body),
            ], indent: 12, after: 1);
        }
        if (brief.RepeatsLeft > 0)
        {
            Paragraph([new Span(Brief.RepeatsLeftNote(brief.RepeatsLeft) + " ", fonts.Small, Muted), new Span(brief.Link("/deficiencies"), fonts.Small, LinkBrush, brief.Link("/deficiencies"))]);
        }
    }

    private void Questions()
    {
        Heading(Brief.QuestionsHeading);
        if (brief.Questions.Count == 0)
        {
            Paragraph([new Span(Brief.NoQuestions, fonts.Body, Ink)]);
            return;
        }
        var n = 0;
        using var list = List();
        foreach (var q in brief.Questions)
        {
            Numbered((++n).ToString(CultureInfo.InvariantCulture) + ".", [
                new Span(q.Question, fonts.BodyBold, LinkBrush, brief.Link(q.Path)),
                new Span(q.Why, fonts.Body, Ink),
                new Span(Brief.AskOf(q), fonts.BodyItalic, Ink),
                .. q.Asked.SelectMany(m => new[]
                {
                    new Span(m.Text, fonts.Body, m.Overdue ? Accent : Ink),
                    new Span(m.LinkText, fonts.Body, LinkBrush, brief.Link(m.Path)),
                }),
            ], indent: 14, after: 2);
        }
    }

    /// <summary>Public records requests sent and not yet answered; left out when there are none.</summary>
    private void Asked()
    {
        if (brief.Asked.Count == 0)
        {
            return;
        }
        Heading(Brief.AskedHeading);
        Paragraph([new Span(Brief.AskedLede, fonts.Small, Muted)]);
        Table(
            [new Column(Brief.AskedAgencyColumn, 45), new Column(Brief.AskedRequestColumn, Width - 45 - 65 - 70 - 75 - 90), new Column(Brief.AskedSentColumn, 65),
             new Column(Brief.AskedDueColumn, 70), new Column(Brief.AskedOutstandingColumn, 75), new Column(Brief.AskedOutcomeColumn, 90)],
            [.. brief.Asked.Select(a => new[]
            {
                new Cell([new Span(a.Agency, fonts.Table, Ink)]),
                new Cell([new Span(Brief.AskedRequestOf(a), fonts.Table, LinkBrush, brief.Link(a.Path))]),
                new Cell([new Span(a.Sent, fonts.Table, Ink)]),
                new Cell([new Span(a.Due, fonts.Table, Ink)]),
                new Cell([new Span(a.Outstanding, fonts.Table, Ink)]),
                new Cell([new Span(a.Outcome, fonts.Table, a.Overdue ? Accent : Ink)]),
            })],
            Brief.AskedHeading);
    }

    private void Sources()
    {
        Heading(Brief.SourcesHeading);
        if (brief.Sources.Count == 0)
        {
            Paragraph([new Span(Brief.NoSources, fonts.Body, Muted)]);
            return;
        }
        using (List())
        {
            foreach (var s in brief.Sources)
            {
                Numbered($"[{s.Number.ToString(CultureInfo.InvariantCulture)}]", [
                    new Span(s.Publisher + ",", fonts.TableSmall, Ink),
                    new Span(s.Title, fonts.TableSmall, string.IsNullOrEmpty(s.Url) ? Ink : LinkBrush, string.IsNullOrEmpty(s.Url) ? null : s.Url),
                    new Span(Brief.SourceDateOf(s), fonts.TableSmall, Ink) { Glue = true },
                ], indent: 16, after: 0);
            }
        }
        y += 4;
        Paragraph([new Span(brief.DatesNote, fonts.Small, Muted), new Span(brief.Link("/"), fonts.Small, LinkBrush, brief.Link("/"))]);
    }
}
