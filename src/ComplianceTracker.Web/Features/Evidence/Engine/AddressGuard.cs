using System.Net;
using System.Net.Sockets;

namespace ComplianceTracker.Web.Features.Evidence;

/// <summary>
/// Which network addresses the tracker may fetch from. An editor can type any address, so a fetch must never reach the
/// server's own machine, its private network or the cloud's metadata service (which hands out the server's credentials).
/// Only the allow-list of <see cref="FetchOptions.AllowedAddresses"/> opens such an address, for tests and intranets.
/// </summary>
public static class AddressGuard
{
    /// <summary>Why <paramref name="address"/> may not be fetched from, as a sentence for an editor, or null when it may.</summary>
    public static string? Refusal(IPAddress address, FetchOptions options)
    {
        if (Judge(address, options) is not { } blocked)
        {
            return null;
        }
        var subject = blocked.Embedded is { } inner ? $"{address} stands for the IPv4 address {inner}, which is" : $"{address} is";
        return $"{subject} {blocked.What}; {blocked.Why}.";
    }

    /// <summary>
    /// Why the address <paramref name="address"/>, reached through the host <paramref name="host"/>, may not be fetched
    /// from; null when it may, including when the host itself is on the allow-list.
    /// </summary>
    public static string? Refusal(string host, IPAddress address, FetchOptions options)
    {
        if (IsAllowListed(host, options) || Judge(address, options) is not { } blocked)
        {
            return null;
        }
        var named = Bare(host);
        var resolved = IPAddress.TryParse(named, out var literal) && literal.Equals(address)
            ? $"The address {named} is"
            : $"The address {named} resolves to {address},";
        if (blocked.Embedded is { } inner)
        {
            resolved = resolved.EndsWith(',') ? $"{resolved[..^1]} (the IPv4 address {inner})," : $"{resolved} the IPv4 address {inner},";
        }
        return $"{resolved} {blocked.What}; {blocked.Why}.";
    }

    /// <summary>True when a host-name entry of the allow-list names <paramref name="host"/> (any case, a final dot ignored).</summary>
    public static bool IsAllowListed(string host, FetchOptions options)
    {
        var name = Bare(host).TrimEnd('.');
        return options.AllowedAddresses.Select(Parse).Any(e => e.Host is { } allowed && allowed.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>What is wrong with an allow-list entry, for the options' validation at start; null when it reads as an address, a range or a host name.</summary>
    public static string? EntryProblem(string entry) =>
        Parse(entry).Kind is EntryKind.Invalid
            ? $"Evidence:Fetch:AllowedAddresses has \"{entry}\", which is neither an IP address (10.1.2.3), a range (10.0.0.0/8) nor a host name (localhost)."
            : null;

    private enum EntryKind
    {
        Invalid,
        Address,
        Range,
        Host,
    }

    private sealed record Entry(EntryKind Kind, IPNetwork? Network = null, string? Host = null);

    private static Entry Parse(string entry)
    {
        var text = entry.Trim();
        if (text.Contains('/'))
        {
            // 10.9.9.9/8 reads as 10.0.0.0/8, as IPNetwork parses it.
            return IPNetwork.TryParse(text, out var range) ? new Entry(EntryKind.Range, range) : new Entry(EntryKind.Invalid);
        }
        if (IPAddress.TryParse(Bare(text), out var address) && text.Contains(address.AddressFamily is AddressFamily.InterNetwork ? '.' : ':'))
        {
            var single = Unwrap(address);
            return new Entry(EntryKind.Address, new IPNetwork(single, single.AddressFamily is AddressFamily.InterNetwork ? 32 : 128));
        }
        var name = text.TrimEnd('.');
        return name.Length > 0 && Uri.CheckHostName(name) is UriHostNameType.Dns ? new Entry(EntryKind.Host, Host: name) : new Entry(EntryKind.Invalid);
    }

    private sealed record Blocked(string What, string Why, IPAddress? Embedded = null);

    private const string OwnMachine = "the tracker does not fetch from its own machine";
    private const string PrivateNetworks = "the tracker does not fetch from private networks";
    private const string OneServer = "the tracker fetches only from a single web server";
    private const string PublicOnly = "the tracker fetches only from addresses on the public internet";

    private static readonly Blocked Reserved = new("a reserved address, not on the public internet", PublicOnly);

    private static readonly Blocked Metadata = new("the cloud metadata address", "the tracker never fetches from it, as it hands out the server's own credentials");

    /// <summary>AWS, Azure, Google Cloud and most others; Alibaba Cloud; AWS over IPv6.</summary>
    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    private static Blocked? Judge(IPAddress address, FetchOptions options)
    {
        var plain = Unwrap(address);
        var embedded = plain.AddressFamily is AddressFamily.InterNetworkV6 ? Embedded(plain) : null;
        var judged = embedded ?? plain;
        var blocked = judged.AddressFamily is AddressFamily.InterNetwork ? JudgeV4(judged) : JudgeV6(judged);
        if (blocked is null || AllowedByEntry(plain, judged, blocked, options))
        {
            return null;
        }
        return embedded is null && !plain.Equals(address) ? blocked with { Embedded = plain } : blocked with { Embedded = embedded };
    }

    private static bool AllowedByEntry(IPAddress plain, IPAddress judged, Blocked blocked, FetchOptions options)
    {
        foreach (var entry in options.AllowedAddresses.Select(Parse))
        {
            if (entry.Network is not { } network)
            {
                continue;
            }
            if ((network.Contains(plain) || network.Contains(judged))
                && (blocked != Metadata || network.PrefixLength == (network.BaseAddress.AddressFamily is AddressFamily.InterNetwork ? 32 : 128)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address: judged, and matched against the allow-list, as such.</summary>
    private static IPAddress Unwrap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which a gateway would connect to.</summary>
    private static IPAddress? Embedded(IPAddress v6)
    {
        var b = v6.GetAddressBytes();
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null;
    }

    private static Blocked? JudgeV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (MetadataAddresses.Contains(address))
        {
            return Metadata;
        }
        return (b[0], b[1], b[2]) switch
        {
            (0, _, _) => new Blocked("an unspecified address, which reaches the server itself", OwnMachine),
            (127, _, _) => new Blocked("a loopback address", OwnMachine),
            (10, _, _) or (172, >= 16 and <= 31, _) or (192, 168, _) => new Blocked("a private network address", PrivateNetworks),
            (100, >= 64 and <= 127, _) => new Blocked("a carrier-grade NAT address, private to an internet provider", PrivateNetworks),
            (169, 254, _) => new Blocked("a link-local address", "the tracker does not fetch from its local network"),
            (255, 255, 255) when b[3] == 255 => new Blocked("the broadcast address", OneServer),
            var (first, _, _) when first is >= 224 and <= 239 => new Blocked("a multicast address", OneServer),
            var (first, _, _) when first >= 240 => Reserved,
            (192, 0, 0) or (192, 0, 2) or (198, 51, 100) or (203, 0, 113) or (192, 88, 99) or (198, 18 or 19, _) => Reserved,
            _ => null,
        };
    }

    private static Blocked? JudgeV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (MetadataAddresses.Contains(address))
        {
            return Metadata;
        }
        if (address.Equals(IPAddress.IPv6Any))
        {
            return new Blocked("an unspecified address, which reaches the server itself", OwnMachine);
        }
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return new Blocked("a loopback address", OwnMachine);
        }
        if (b[0] == 0xff)
        {
            return new Blocked("a multicast address", OneServer);
        }
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return new Blocked("a link-local address", "the tracker does not fetch from its local network");
        }
        if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0))
        {
            return new Blocked("a private network address (IPv6 unique-local)", PrivateNetworks);
        }
        // Only 2000::/3 is handed out for the public internet; the rest (documentation 2001:db8::/32 aside) is reserved.
        if ((b[0] & 0xe0) != 0x20 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8))
        {
            return Reserved;
        }
        return null;
    }

    private static string Bare(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
