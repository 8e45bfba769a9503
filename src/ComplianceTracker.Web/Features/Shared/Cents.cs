namespace ComplianceTracker.Web.Features.Shared;

/// <summary>
/// Money is kept as a whole number of cents (SQL INTEGER/BIGINT columns named AmountCents) and handled in C# as
/// decimal dollars: never floating point, so sums stay exact. The stores convert at the edge with these two.
/// </summary>
public static class Cents
{
    /// <summary>
    /// Dollars to whole cents. An amount with more than two decimals has no exact cents and is refused (the seed
    /// reader and the ledger form refuse it first, with a message naming the field).
    /// </summary>
    public static long FromUsd(decimal usd)
    {
        var cents = usd * 100m;
        if (cents != decimal.Truncate(cents))
        {
            throw new ArgumentOutOfRangeException(nameof(usd), usd, "A money amount has at most two decimals (cents).");
        }
        return decimal.ToInt64(cents);
    }

    public static long? FromUsd(decimal? usd) => usd is { } d ? FromUsd(d) : null;

    /// <summary>
    /// Cents to dollars with no trailing zeros: 5000000000 → 50000000, 123450 → 1234.5, 123456 → 1234.56. Written
    /// with the invariant culture this is how the API, the CSVs and the exported seed give an amount.
    /// </summary>
    public static decimal ToUsd(long cents) =>
        (cents % 100) switch
        {
            0 => cents / 100,
            var r when r % 10 == 0 => cents / 10 * 0.1m,
            _ => cents * 0.01m,
        };

    public static decimal? ToUsd(long? cents) => cents is { } c ? ToUsd(c) : null;

    /// <summary>The same amount without trailing zeros (a sum of 0.5 and 0.5 is 1, not 1.0).</summary>
    public static decimal Plain(decimal usd) => ToUsd(FromUsd(usd));

    public static decimal? Plain(decimal? usd) => usd is { } d ? Plain(d) : null;

    /// <summary>True when the amount is a whole number of cents: no more than two decimals once trailing zeros go.</summary>
    public static bool IsWholeCents(decimal usd) => usd * 100m == decimal.Truncate(usd * 100m);
}
