using System.Text;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Tests.Infrastructure;

/// <summary>
/// The body rewrite behind <see cref="FormNulGuard"/>, on bodies no browser sends but anyone can: a raw NUL byte, an
/// escaped field name, "%2500" (the text "%00", not a NUL). The form-level behaviour is in PlainTextTests and LoginTests.
/// </summary>
public sealed class FormNulGuardTests
{
    [TestCase("a=x%00y&b=ok", "a=x%EF%BF%BDy&b=ok", "a")]
    [TestCase("a=ok&Input.Title=x\0", "a=ok&Input.Title=x%EF%BF%BD", "Input.Title", TestName = "{m}(a raw NUL in Input.Title)")]
    [TestCase("Input%2ETitle=%00%00&Input.Reason=%000", "Input%2ETitle=%EF%BF%BD%EF%BF%BD&Input.Reason=%EF%BF%BD0", "Input.Title,Input.Reason")]
    [TestCase("a=%%00&", "a=%%EF%BF%BD&", "a")]
    public void Rewrite_WritesEachNulAsUFFFD_AndNamesItsField(string body, string expected, string fields)
    {
        var (rewritten, names) = FormNulGuard.Rewrite(Encoding.ASCII.GetBytes(body));
        Assert.That(Encoding.ASCII.GetString(rewritten), Is.EqualTo(expected));
        Assert.That(names, Is.EquivalentTo(fields.Split(',')));
    }

    [TestCase("a=%2500&b=100%25")]
    [TestCase("")]
    public void Rewrite_LeavesTheBodyAlone_WhenItHoldsNoNul(string body)
    {
        var bytes = Encoding.ASCII.GetBytes(body);
        var (rewritten, names) = FormNulGuard.Rewrite(bytes);
        Assert.That(rewritten, Is.SameAs(bytes));
        Assert.That(names, Is.Empty);
    }
}
