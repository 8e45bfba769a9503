using System.Globalization;

namespace ComplianceTracker.Web.Features.Shared;

public static class Format
{
    public static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <summary>
    /// "$40M", "$2.8M", "$1.5B", "$28,323,219", "$1,234.56": whole tenths of a billion or of a million short, any other
    /// whole amount exact, and an amount with cents always exact to the cent ("$2,800,000.50"), never shortened or rounded.
    /// </summary>
    public static string Usd(decimal amount) =>
        amount != decimal.Truncate(amount)
            ? amount.ToString("C2", Us)
            : amount >= 1_000_000_000 && amount % 100_000_000 == 0
                ? "$" + (amount / 1_000_000_000m).ToString("#,0.#", Us) + "B"
                : amount >= 1_000_000 && amount % 100_000 == 0
                    ? "$" + (amount / 1_000_000m).ToString("#,0.#", Us) + "M"
                    : amount.ToString("C0", Us);

    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", Us);

    /// <summary>"by Ana Ruiz", or "from the case files" for what was loaded with the case rather than typed by a person.</summary>
    public static string RecordedBy(string by) => by == "seed" ? "from the case files" : "by " + by;

    /// <summary>A money figure no source reports is unknown, never $0.</summary>
    public static string UsdOrUnknown(decimal? amount) => amount is { } a ? Usd(a) : "unknown";

    /// <summary>"12 days ago", "20 months ago", "3 years ago": how old a dated figure is on a given day.</summary>
    public static string Age(DateOnly since, DateOnly today)
    {
        var days = today.DayNumber - since.DayNumber;
        if (days < 0)
        {
            return "in the future";
        }
        var months = (today.Year * 12 + today.Month) - (since.Year * 12 + since.Month) - (today.Day < since.Day ? 1 : 0);
        return days switch
        {
            0 => "today",
            < 62 => Plural(days, "day", "days") + " ago",
            _ when months < 36 => Plural(months, "month", "months") + " ago",
            _ => Plural(months / 12, "year", "years") + " ago",
        };
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string List(IEnumerable<string> items, string conjunction = "and")
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + $" {conjunction} " + list[^1],
        };
    }

    /// <summary>"900 bytes", "48 KB", "1.2 MB": a file's size as a reader reads it (1 KB = 1,024 bytes).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => Plural((int)bytes, "byte", "bytes"),
        < 1024 * 1024 => (bytes / 1024.0).ToString("0", Us) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.0", Us) + " MB",
    };

    public static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count.ToString("N0", Us)} {many}";
}
