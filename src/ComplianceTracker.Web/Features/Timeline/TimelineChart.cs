using System.Globalization;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Timeline;

/// <summary>
/// The geometry of the timeline's picture: a vertical axis from the first item to the last deadline, a dot for every
/// item, a labelled marker for every milestone and one for today. Pure (items and a day in, numbers and words out),
/// so the page only draws it. Vertical because the labels then stack as lines of text: readable at 375 px without
/// scaling the words down, and no two labels share a line however close their dates.
/// </summary>
public sealed class TimelineChart
{
    public const double Width = 360;
    public const double AxisX = 62;
    public const double LabelX = 84;
    public const double Top = 14;
    public const double PixelsPerYear = 80;

    /// <summary>The longest axis, for a case spanning decades: its labels may still push the picture longer.</summary>
    public const double MaxAxis = 1800;

    /// <summary>The least room between two year labels.</summary>
    public const double MinYearSpacing = 26;
    public const double LineHeight = 15;
    public const double LabelGap = 7;

    /// <summary>Characters of a title per label line: about 272 px of 13 px text, with room for wide faces.</summary>
    public const int LineLength = 34;

    private TimelineChart(DateOnly day, DateOnly from, DateOnly to, double axisEnd, double height, IReadOnlyList<ChartTick> years, IReadOnlyList<ChartDot> dots, IReadOnlyList<ChartLabel> labels, ChartLabel today)
    {
        Day = day;
        From = from;
        To = to;
        AxisEnd = axisEnd;
        Height = height;
        Years = years;
        Dots = dots;
        Labels = labels;
        Today = today;
    }

    /// <summary>The day the picture is drawn for: where "today" is.</summary>
    public DateOnly Day { get; }
    public DateOnly From { get; }
    public DateOnly To { get; }

    /// <summary>Where the axis ends: the end of <see cref="To"/>.</summary>
    public double AxisEnd { get; }
    public double Height { get; }
    public IReadOnlyList<ChartTick> Years { get; }

    /// <summary>Every item, milestone or not, as a dot on the axis.</summary>
    public IReadOnlyList<ChartDot> Dots { get; }

    /// <summary>The milestones' labels, in date order, none overlapping another or today's.</summary>
    public IReadOnlyList<ChartLabel> Labels { get; }

    /// <summary>The "today" marker: its label, and its line across the axis at <see cref="ChartLabel.DotY"/>.</summary>
    public ChartLabel Today { get; }

    /// <summary>The picture of the record on a day, or null when the record holds no dated item.</summary>
    public static TimelineChart? Build(IReadOnlyList<TimelineItem> items, DateOnly today)
    {
        if (items.Count == 0)
        {
            return null;
        }
        // A date outside the years a form accepts (left from before forms had bounds) would stretch the axis over
        // millennia: such an item stays in the list below, off the picture.
        var ordered = items.Where(i => i.Occurs.IsInBounds).OrderBy(i => i.SortDay).ThenBy(i => i.Occurs).ThenBy(i => i.Id).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }
        var from = new DateOnly(Math.Min(ordered[0].Occurs.Start.Year, today.Year), 1, 1);
        // To the end of the year of the last deadline (or the last item, or today, if later), so every date has a place.
        var last = new[] { ordered.Where(i => i.IsDeadline).Select(i => i.Occurs.End).DefaultIfEmpty(today).Max(), ordered.Max(i => i.Occurs.End), today }.Max();
        var to = new DateOnly(last.Year, 12, 31);
        // A case spanning decades gets fewer pixels a year, and a year label only every few years.
        var span = to.Year - from.Year + 1;
        var perYear = Math.Min(PixelsPerYear, MaxAxis / span);
        var step = (int)Math.Ceiling(MinYearSpacing / perYear);

        double Y(DateOnly date) => Top + (date.DayNumber - from.DayNumber) / 365.25 * perYear;

        var years = new List<ChartTick>();
        for (var y = from.Year; y <= to.Year + 1; y += step)
        {
            var at = Y(new DateOnly(y, 1, 1));
            // One year a band: its label in the middle of it. Several: the label at the tick where they start.
            var label = y > to.Year ? null : y.ToString(CultureInfo.InvariantCulture);
            years.Add(new ChartTick(label, at, step == 1 ? at + perYear / 2 + 4 : at + 4));
        }
        var end = Y(to.AddDays(1));
        var dots = ordered
            .Select(i => new ChartDot(i.Code, Y(Middle(i.Occurs)), i.IsDeadline ? "deadline" : "event", TimelineSummary.IsMilestone(i), Css(i, today)))
            .ToList();

        IReadOnlyList<ChartLine> todayLine = [new($"Today, {Format.Day(today)}", "date")];
        var pending = ordered.Where(TimelineSummary.IsMilestone)
            .Select(i => (Code: (string?)i.Code, Y: Y(Middle(i.Occurs)), Lines: LinesOf(i, today), Css: Css(i, today)))
            .Append((Code: null, Y: Y(today), Lines: todayLine, Css: "today"))
            .OrderBy(l => l.Y)
            .ToList();
        var tops = Place(pending.Select(l => (l.Y - LineHeight / 2 - 1, l.Lines.Count * LineHeight)).ToList());
        var labels = pending.Select((l, n) => new ChartLabel(l.Code, l.Y, tops[n], l.Lines, l.Css)).ToList();

        var bottom = Math.Max(end, labels.Max(l => l.Bottom)) + Top;
        return new TimelineChart(today, from, to, end, bottom, years, dots, labels.Where(l => l.Code is not null).ToList(), labels.Single(l => l.Code is null));
    }

    /// <summary>
    /// Label tops as near their dates as they can be without overlapping: labels that would collide are merged into a
    /// block centred on their dates' average, and blocks merged again until none overlaps (none starts above the top).
    /// </summary>
    public static IReadOnlyList<double> Place(IReadOnlyList<(double Ideal, double Height)> labels)
    {
        var blocks = new List<(int First, int Count, double Start, double Height)>();
        for (var n = 0; n < labels.Count; n++)
        {
            blocks.Add((n, 1, Math.Max(Top, labels[n].Ideal), labels[n].Height));
            while (blocks.Count > 1 && blocks[^2].Start + blocks[^2].Height + LabelGap > blocks[^1].Start)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                blocks.RemoveRange(blocks.Count - 2, 2);
                var first = a.First;
                var count = a.Count + b.Count;
                // The start that puts each label's offset in the block as near its ideal as the block allows, on average.
                double offset = 0, sum = 0;
                for (var k = first; k < first + count; k++)
                {
                    sum += labels[k].Ideal - offset;
                    offset += labels[k].Height + LabelGap;
                }
                blocks.Add((first, count, Math.Max(Top, sum / count), offset - LabelGap));
            }
        }
        var tops = new double[labels.Count];
        foreach (var block in blocks)
        {
            var y = block.Start;
            for (var k = block.First; k < block.First + block.Count; k++)
            {
                tops[k] = y;
                y += labels[k].Height + LabelGap;
            }
        }
        return tops;
    }

    /// <summary>"October 2025 · deadline", the title in short lines, and for a deadline where it stands.</summary>
    private static IReadOnlyList<ChartLine> LinesOf(TimelineItem item, DateOnly today)
    {
        var lines = new List<ChartLine> { new(item.IsDeadline ? $"{item.Occurs.ToShortString()} · deadline" : item.Occurs.ToShortString(), "date") };
        lines.AddRange(Wrap(item.Title, LineLength).Select(l => new ChartLine(l, "title")));
        if (item.IsDeadline)
        {
            lines.AddRange(Wrap(DeadlineStanding.Of(item, today).Describe(), LineLength + 4).Select(l => new ChartLine(l, "standing")));
        }
        return lines;
    }

    private static string Css(TimelineItem item, DateOnly today)
    {
        if (!item.IsDeadline)
        {
            return "event";
        }
        var standing = DeadlineStanding.Of(item, today);
        return standing.IsOverdue ? "deadline overdue" : standing.IsOutcomeUnknown ? "deadline outcome-unknown" : standing.IsPast ? "deadline passed" : "deadline upcoming";
    }

    /// <summary>A date known only to the month or year sits in the middle of its period.</summary>
    private static DateOnly Middle(PartialDate date) => date.Start.AddDays((date.End.DayNumber - date.Start.DayNumber) / 2);

    /// <summary>Breaks text at spaces into lines of at most <paramref name="length"/> characters (a longer word keeps a line of its own).</summary>
    public static IReadOnlyList<string> Wrap(string text, int length)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > length)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }
        if (line.Length > 0)
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>A number for an SVG attribute: invariant, one decimal.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>A tick on the axis at the start of a year, and that year's label (none at the axis's end).</summary>
public sealed record ChartTick(string? Label, double Y, double LabelY);

public sealed record ChartDot(string Code, double Y, string Kind, bool Milestone, string Css);

/// <summary>A label: its item (null for today), where its date is on the axis, where its text starts, and its lines.</summary>
/// <summary>One line of a label's text, and what it says: "date", "title" or "standing".</summary>
public sealed record ChartLine(string Text, string Role);

public sealed record ChartLabel(string? Code, double DotY, double LabelTop, IReadOnlyList<ChartLine> Lines, string Css)
{
    public double Height => Lines.Count * TimelineChart.LineHeight;
    public double Bottom => LabelTop + Height;

    public bool IsDeadline => Css.StartsWith("deadline", StringComparison.Ordinal);

    /// <summary>The baseline of line <paramref name="n"/>.</summary>
    public double Baseline(int n) => LabelTop + (n + 1) * TimelineChart.LineHeight - 3.5;
}
