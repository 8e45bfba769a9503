using System.Net;
using ComplianceTracker.Web.Features.Evidence;

namespace ComplianceTracker.Tests.Features.Evidence.Engine;

/// <summary>Only public addresses are fetched; the allow-list opens the rest, one address, range or host name at a time.</summary>
public class AddressGuardTests
{
    private static readonly FetchOptions Defaults = new();

    [TestCase("8.8.8.8")]
    [TestCase("93.184.216.34")]
    [TestCase("172.32.0.1")]
    [TestCase("100.128.0.1")]
    [TestCase("169.255.0.1")]
    [TestCase("223.255.255.255")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("2a00:1450:4001::200e")]
    [TestCase("::ffff:8.8.8.8")]
    [TestCase("64:ff9b::808:808")]
    [TestCase("2002:808:808::1")]
    public void Refusal_IsNull_WhenTheAddressIsPublic(string address) =>
        Assert.That(AddressGuard.Refusal(IPAddress.Parse(address), Defaults), Is.Null);

    [TestCase("127.0.0.1", "a loopback address")]
    [TestCase("127.255.255.254", "a loopback address")]
    [TestCase("0.0.0.0", "an unspecified address")]
    [TestCase("0.1.2.3", "an unspecified address")]
    [TestCase("10.1.2.3", "a private network address")]
    [TestCase("172.16.0.1", "a private network address")]
    [TestCase("172.31.255.255", "a private network address")]
    [TestCase("192.168.1.1", "a private network address")]
    [TestCase("100.64.0.1", "a carrier-grade NAT address")]
    [TestCase("100.127.255.254", "a carrier-grade NAT address")]
    [TestCase("169.254.1.1", "a link-local address")]
    [TestCase("169.254.169.254", "the cloud metadata address")]
    [TestCase("100.100.100.200", "the cloud metadata address")]
    [TestCase("224.0.0.1", "a multicast address")]
    [TestCase("239.255.255.250", "a multicast address")]
    [TestCase("255.255.255.255", "the broadcast address")]
    [TestCase("240.0.0.1", "a reserved address")]
    [TestCase("192.0.2.10", "a reserved address")]
    [TestCase("198.18.0.1", "a reserved address")]
    public void Refusal_NamesWhy_WhenAnIPv4AddressIsNotPublic(string address, string why) =>
        Assert.That(AddressGuard.Refusal(IPAddress.Parse(address), Defaults), Does.StartWith($"{address} is {why}"));

    [TestCase("::1", "a loopback address")]
    [TestCase("::", "an unspecified address")]
    [TestCase("fe80::1", "a link-local address")]
    [TestCase("fc00::1", "a private network address (IPv6 unique-local)")]
    [TestCase("fd12:3456:789a::1", "a private network address (IPv6 unique-local)")]
    [TestCase("fec0::1", "a private network address")]
    [TestCase("ff02::1", "a multicast address")]
    [TestCase("fd00:ec2::254", "the cloud metadata address")]
    [TestCase("2001:db8::1", "a reserved address")]
    [TestCase("::127.0.0.1", "a reserved address")]
    [TestCase("100::1", "a reserved address")]
    public void Refusal_NamesWhy_WhenAnIPv6AddressIsNotPublic(string address, string why) =>
        Assert.That(AddressGuard.Refusal(IPAddress.Parse(address), Defaults), Does.StartWith($"{address} is {why}"));

    [TestCase("::ffff:127.0.0.1", "127.0.0.1", "a loopback address")]
    [TestCase("::ffff:10.0.0.1", "10.0.0.1", "a private network address")]
    [TestCase("::ffff:169.254.169.254", "169.254.169.254", "the cloud metadata address")]
    [TestCase("64:ff9b::a00:1", "10.0.0.1", "a private network address")]
    [TestCase("64:ff9b::7f00:1", "127.0.0.1", "a loopback address")]
    [TestCase("2002:a9fe:a9fe::1", "169.254.169.254", "the cloud metadata address")]
    [TestCase("2002:c0a8:101::", "192.168.1.1", "a private network address")]
    public void Refusal_JudgesTheIPv4AddressInside_WhenAnIPv6AddressCarriesOne(string address, string inner, string why) =>
        Assert.That(AddressGuard.Refusal(IPAddress.Parse(address), Defaults),
            Is.EqualTo($"{IPAddress.Parse(address)} stands for the IPv4 address {inner}, which is {why}; {Reason(why)}."));

    [Test]
    public void Refusal_NamesTheHostAndItsAddress_ForAnEditor()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AddressGuard.Refusal("tracker.example", IPAddress.Parse("10.0.0.5"), Defaults),
                Is.EqualTo("The address tracker.example resolves to 10.0.0.5, a private network address; the tracker does not fetch from private networks."));
            Assert.That(AddressGuard.Refusal("10.0.0.5", IPAddress.Parse("10.0.0.5"), Defaults),
                Is.EqualTo("The address 10.0.0.5 is a private network address; the tracker does not fetch from private networks."));
            Assert.That(AddressGuard.Refusal("[::1]", IPAddress.IPv6Loopback, Defaults),
                Is.EqualTo("The address ::1 is a loopback address; the tracker does not fetch from its own machine."));
            Assert.That(AddressGuard.Refusal("metadata.example", IPAddress.Parse("::ffff:169.254.169.254"), Defaults),
                Is.EqualTo("The address metadata.example resolves to ::ffff:169.254.169.254 (the IPv4 address 169.254.169.254), the cloud metadata address; the tracker never fetches from it, as it hands out the server's own credentials."));
        });
    }

    [TestCase("127.0.0.0/8", "127.0.0.1", true)]
    [TestCase("127.0.0.0/8", "::ffff:127.0.0.2", true)]
    [TestCase("127.0.0.0/8", "::1", false)]
    [TestCase("127.0.0.1", "127.0.0.1", true)]
    [TestCase("127.0.0.1", "127.0.0.2", false)]
    [TestCase("10.0.0.0/8", "10.20.30.40", true)]
    [TestCase("10.0.0.0/8", "192.168.1.1", false)]
    [TestCase("10.9.9.9/8", "10.20.30.40", true)]
    [TestCase("::1", "::1", true)]
    [TestCase("fd00::/8", "fd12::1", true)]
    [TestCase("localhost", "127.0.0.1", false)]
    [TestCase("169.254.0.0/16", "169.254.1.1", true)]
    [TestCase("169.254.0.0/16", "169.254.169.254", false)]
    [TestCase("0.0.0.0/0", "169.254.169.254", false)]
    [TestCase("169.254.169.254", "169.254.169.254", true)]
    public void Refusal_IsLifted_OnlyForAddressesTheAllowListCovers(string entry, string address, bool allowed)
    {
        var options = new FetchOptions { AllowedAddresses = [entry] };
        Assert.That(AddressGuard.Refusal(IPAddress.Parse(address), options), allowed ? Is.Null : Is.Not.Null);
    }

    [Test]
    public void Refusal_IsLifted_ForEveryAddressOfAnAllowListedHost()
    {
        var options = new FetchOptions { AllowedAddresses = ["Intranet.Example."] };
        Assert.Multiple(() =>
        {
            Assert.That(AddressGuard.IsAllowListed("intranet.example", options), Is.True);
            Assert.That(AddressGuard.Refusal("intranet.example", IPAddress.Parse("10.0.0.5"), options), Is.Null);
            Assert.That(AddressGuard.Refusal("other.example", IPAddress.Parse("10.0.0.5"), options), Is.Not.Null);
            Assert.That(AddressGuard.IsAllowListed("sub.intranet.example", options), Is.False, "a name, not a domain");
        });
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("10.0.0.0/8", true)]
    [TestCase("fd00::/8", true)]
    [TestCase("localhost", true)]
    [TestCase("intranet.example.org", true)]
    [TestCase("10.0.0.0/33", false)]
    [TestCase("10.0.0.1/8", true)]
    [TestCase("not a host!", false)]
    [TestCase("http://intranet/", false)]
    [TestCase("", false)]
    public void EntryProblem_AcceptsAddressesRangesAndHostNames(string entry, bool valid) =>
        Assert.That(AddressGuard.EntryProblem(entry), valid ? Is.Null : Does.Contain($"\"{entry}\"").And.Contain("10.0.0.0/8"));

    private static string Reason(string why) => why switch
    {
        "a loopback address" => "the tracker does not fetch from its own machine",
        "a private network address" => "the tracker does not fetch from private networks",
        _ => "the tracker never fetches from it, as it hands out the server's own credentials",
    };
}
