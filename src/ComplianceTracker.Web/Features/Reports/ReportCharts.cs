using ComplianceTracker.Web.Features.Reports.Text;
using PdfSharp.Drawing;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>The report's two charts, drawn from their blocks: the words of their keys and alt text come with the block.</summary>
internal sealed partial class ReportWriter
{
    /// <summary>One square per deficiency, coloured by the regulator's status; uncertain ones are outlined only.</summary>
    private void UnitChart(ReportUnitChartBlock chart)
    {
        var squares = chart.Squares();
        // Squares shrink until the chart fits in what is left of the cover, so a survey of thousands stays one chart.
        var available = Math.Min(260, Math.Max(160, Bottom - y - 90));
        double size = 17;
        double gap = 4;
        var perRow = (int)Math.Floor((Width + gap) / (size + gap));
        while (size > 2 && Math.Ceiling(squares.Count / (double)perRow) * (size + gap) > available)
        {
            size = Math.Max(2, size * 0.9);
            gap = Math.Max(0.5, size * 0.235);
            perRow = (int)Math.Floor((Width + gap) / (size + gap));
        }
        var rows = (int)Math.Ceiling(squares.Count / (double)perRow);
        Space((rows * (size + gap)) + 30);
        y += 4;
        using var figure = Figure(chart.Alt, new XRect(Left, y, Width, (rows * (size + gap)) + 18));
        for (var i = 0; i < squares.Count; i++)
        {
            var x = Left + (i % perRow * (size + gap));
            var top = y + (i / perRow * (size + gap));
            if (squares[i] == "uncertain")
            {
                DrawBox(new XPen(MutedColor, 1) { DashStyle = XDashStyle.Dot }, null, x + 0.5, top + 0.5, size - 1, size - 1);
            }
            else
            {
                DrawBox(null, StatusFill(squares[i]), x, top, size, size);
            }
        }
        y += rows * (size + gap) + 4;
        Legend(chart.Legend.Select(k => k.Key == "uncertain"
            ? new Swatch(k.Label, null, new XPen(MutedColor, 0.8) { DashStyle = XDashStyle.Dot })
            : new Swatch(k.Label, StatusFill(k.Key), null)).ToList(), chart.Note);
    }

    private sealed record Swatch(string Label, XBrush? Fill, XPen? Edge);

    /// <summary>A row of colour keys: a small square, then its label.</summary>
    private void Legend(IReadOnlyList<Swatch> swatches, string? note = null)
    {
        Space(14);
        var x = Left;
        foreach (var swatch in swatches)
        {
            var width = Measure(swatch.Label, fonts.SmallBold);
            if (x + 12 + width > Right)
            {
                x = Left;
                y += 13;
            }
            DrawBox(swatch.Edge ?? new XPen(RuleColor, 0.6), swatch.Fill, x, y + 1, 8, 8);
            DrawText(swatch.Label, fonts.SmallBold, Ink, x + 11, y + 8);
            x += 11 + width + 14;
        }
        if (note is not null)
        {
            if (x + Measure(note, fonts.Small) > Right)
            {
                x = Left;
                y += 13;
            }
            DrawText(note, fonts.Small, Muted, x, y + 8);
        }
        y += 14;
    }

    /// <summary>The fine and the investment as horizontal bars on one dollar scale: what was committed against what sources confirm.</summary>
    private void MoneyChart(ReportMoneyChartBlock chart)
    {
        const double labelWidth = 92;
        const double barHeight = 15;
        var barWidth = Width - labelWidth - 150;
        Space(2 * (barHeight + 18) + 36);
        y += 6;
        using var figure = Figure(chart.Alt, new XRect(Left, y, Width, (chart.Bars.Count * (barHeight + 8)) + 28));
        var pale = new XSolidBrush(PaleAccentColor);
        foreach (var bar in chart.Bars)
        {
            DrawText(bar.Label, fonts.SmallBold, Ink, new XRect(Left, y, labelWidth - 8, barHeight), XStringFormats.CenterLeft);
            var x = Left + labelWidth;
            var full = barWidth * (double)(bar.Total / chart.Scale);
            DrawBox(new XPen(RuleColor, 0.8), Shade, x, y, full, barHeight);
            foreach (var (amount, key) in bar.Parts)
            {
                var w = barWidth * (double)(amount / chart.Scale);
                if (w <= 0)
                {
                    continue;
                }
                if (key == "unconfirmed")
                {
                    DrawBox(new XPen(AccentColor, 0.8), pale, x, y, w, barHeight);
                }
                else
                {
                    DrawBox(null, Good, x, y, w, barHeight);
                }
                x += w;
            }
            DrawText(bar.Note, fonts.Small, Ink, new XRect(Left + labelWidth + full + 6, y, PageWidth, barHeight), XStringFormats.CenterLeft);
            y += barHeight + 8;
        }
        Legend(chart.Legend.Select(k => k.Key switch
        {
            "confirmed" => new Swatch(k.Label, Good, null),
            "unconfirmed" => new Swatch(k.Label, pale, new XPen(AccentColor, 0.8)),
            _ => new Swatch(k.Label, Shade, null),
        }).ToList());
    }
}
