using System.Globalization;

namespace ComplianceTracker.Web.Features.Shared;

public enum DatePrecision
{
    Day,
    Month,
    Year,
}

/// <summary>
/// A date known to the day, the month or the year. A month-precision date is held as its first day
/// but is never shown as that day: "October 2025", not "1 October 2025".
/// </summary>
public readonly record struct PartialDate(DateOnly Start, DatePrecision Precision) : IComparable<PartialDate>
{
    private static readonly CultureInfo Display = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The first year a date typed into a form may have.</summary>
    public const int MinYear = 1900;

    /// <summary>The last year a date typed into a form may have: far enough for any deadline, far from DateOnly's end.</summary>
    public const int MaxYear = 2100;

    /// <summary>
    /// The last day the period covers; a deadline known only to the month falls due at the month's end.
    /// Built from the year and month rather than by adding to the start, so December 9999 (stored before dates had bounds) cannot overflow.
    /// </summary>
    public DateOnly End => Precision switch
    {
        DatePrecision.Day => Start,
        DatePrecision.Month => new DateOnly(Start.Year, Start.Month, DateTime.DaysInMonth(Start.Year, Start.Month)),
        _ => new DateOnly(Start.Year, 12, 31),
    };

    /// <summary>Whether the date falls in the years a form accepts (<see cref="MinYear"/>–<see cref="MaxYear"/>).</summary>
    public bool IsInBounds => IsYearInBounds(Start);

    public static bool IsYearInBounds(DateOnly date) => date.Year is >= MinYear and <= MaxYear;

    /// <summary>The message for a date outside the bounds, naming the field.</summary>
    public static string OutOfBoundsMessage(string label) => $"{label} must be in the years {MinYear} to {MaxYear}.";

    public int Year => Start.Year;

    /// <summary>The form used in seed files, URLs and data exports: yyyy, yyyy-MM or yyyy-MM-dd.</summary>
    public string Iso => Precision switch
    {
        DatePrecision.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Start.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    public string PrecisionName => Precision.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var formats = new (string Format, DatePrecision Precision)[]
        {
            ("yyyy-MM-dd", DatePrecision.Day),
            ("yyyy-MM", DatePrecision.Month),
            ("yyyy", DatePrecision.Year),
        };
        foreach (var (format, precision) in formats)
        {
            if (text.Length == format.Length
                && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = new PartialDate(parsed, precision);
                return true;
            }
        }
        return false;
    }

    public static PartialDate FromStored(DateOnly start, string precision) =>
        new(start, ParsePrecision(precision));

    public static DatePrecision ParsePrecision(string precision) => precision switch
    {
        "day" => DatePrecision.Day,
        "month" => DatePrecision.Month,
        "year" => DatePrecision.Year,
        _ => throw new FormatException($"Unknown date precision '{precision}'."),
    };

    /// <summary>"24 March 2025", "October 2025" or "2025".</summary>
    public override string ToString() => Precision switch
    {
        DatePrecision.Day => Start.ToString("d MMMM yyyy", Display),
        DatePrecision.Month => Start.ToString("MMMM yyyy", Display),
        _ => Start.ToString("yyyy", Display),
    };

    /// <summary>"24 Mar 2025", "Oct 2025" or "2025", for tables.</summary>
    public string ToShortString() => Precision switch
    {
        DatePrecision.Day => Start.ToString("d MMM yyyy", Display),
        DatePrecision.Month => Start.ToString("MMM yyyy", Display),
        _ => Start.ToString("yyyy", Display),
    };

    /// <summary>The same date said less precisely: 24 March 2025 at month precision is "March 2025".</summary>
    public string ToString(DatePrecision coarsest)
    {
        var precision = (DatePrecision)Math.Max((int)coarsest, (int)Precision);
        var start = precision switch
        {
            DatePrecision.Day => Start,
            DatePrecision.Month => new DateOnly(Start.Year, Start.Month, 1),
            _ => new DateOnly(Start.Year, 1, 1),
        };
        return new PartialDate(start, precision).ToString();
    }

    public int CompareTo(PartialDate other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Precision.CompareTo(other.Precision);
    }
}
