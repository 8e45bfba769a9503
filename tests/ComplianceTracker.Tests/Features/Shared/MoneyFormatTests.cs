using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Tests.Features.Shared;

/// <summary>How an amount reads: whole millions short, other whole amounts exact, and cents always exact to the cent.</summary>
public class MoneyFormatTests
{
    [TestCase("50000000", "$50M")]
    [TestCase("2800000", "$2.8M")]
    [TestCase("1000000", "$1M")]
    [TestCase("28323219", "$28,323,219")]
    [TestCase("2850000", "$2,850,000")]
    [TestCase("999900", "$999,900")]
    [TestCase("0", "$0")]
    [TestCase("5", "$5")]
    [TestCase("1234.56", "$1,234.56")]
    [TestCase("1234.5", "$1,234.50")]
    [TestCase("0.3", "$0.30")]
    [TestCase("0.01", "$0.01")]
    [TestCase("2800000.50", "$2,800,000.50")]
    [TestCase("50000000.01", "$50,000,000.01")]
    [TestCase("50000000.00", "$50M")]
    [TestCase("999999999999.99", "$999,999,999,999.99")]
    [TestCase("1500000000", "$1.5B")]
    [TestCase("1000000000000", "$1,000B")]
    [TestCase("1234500000", "$1,234.5M")]
    [TestCase("1234567890", "$1,234,567,890")]
    public void Usd(string amount, string expected) =>
        Assert.That(Format.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void UsdOrUnknown_SaysUnknownForNoAmount_AndFormatsOneWithCents()
    {
        Assert.That(Format.UsdOrUnknown(null), Is.EqualTo("unknown"));
        Assert.That(Format.UsdOrUnknown(617.28m), Is.EqualTo("$617.28"));
    }

    [TestCase(123456L, "1234.56")]
    [TestCase(123450L, "1234.5")]
    [TestCase(5000000000L, "50000000")]
    [TestCase(10L, "0.1")]
    [TestCase(1L, "0.01")]
    [TestCase(0L, "0")]
    [TestCase(-500L, "-5")]
    public void Cents_ToUsd_HasNoTrailingZeros(long cents, string expected)
    {
        var usd = Cents.ToUsd(cents);
        Assert.That(usd.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
        Assert.That(Cents.FromUsd(usd), Is.EqualTo(cents), "round trip");
    }

    [Test]
    public void Cents_FromUsd_RefusesAFractionOfACent()
    {
        Assert.That(Cents.FromUsd(1234.50m), Is.EqualTo(123_450));
        Assert.That(Cents.FromUsd(1_000_000_000_000m), Is.EqualTo(100_000_000_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cents.FromUsd(12.345m));
        Assert.That(Cents.IsWholeCents(12.340m), Is.True);
        Assert.That(Cents.IsWholeCents(12.345m), Is.False);
    }

    [Test]
    public void Cents_Plain_DropsTrailingZerosOfASum() =>
        Assert.That((Cents.Plain(0.5m + 0.5m)).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("1"));
}
