using System.Globalization;

namespace ComplianceTracker.Web.Features.Changes;

/// <summary>
/// Text bounds for searching recorded-at instants by index. An instant's stored text starts with its date, but the
/// date of a row written with an offset can differ by up to a day from its UTC date, so the bounds take a day more
/// on each side and the caller keeps the rows whose parsed instant is in range.
/// </summary>
public static class RecordedDays
{
    public static (string FromDay, string ToDay) Around(DateTimeOffset after, DateTimeOffset upTo) =>
        (Day(after.UtcDateTime.AddDays(-1)), Day(upTo.UtcDateTime.AddDays(2)));

    private static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
