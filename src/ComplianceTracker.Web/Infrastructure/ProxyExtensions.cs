using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>The reverse proxy in front of the nodes, if any: the only addresses whose X-Forwarded-* headers count.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The proxy's own addresses, e.g. 10.0.0.5; requests from anywhere else keep their own address.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR form, e.g. 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

public static class ProxyExtensions
{
    /// <summary>
    /// Behind a proxy every request comes from the proxy's address: the sign-in rate limit would count every reader
    /// as one, and the scheme would be http. With Proxy:KnownProxies or Proxy:KnownNetworks set, X-Forwarded-For and
    /// X-Forwarded-Proto from those addresses (one hop) give the client's address and scheme; from any other address
    /// they are ignored. Unset (the default), nothing forwarded is trusted, not even from loopback.
    /// </summary>
    public static WebApplicationBuilder AddProxy(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Proxy:KnownProxies must be IP addresses, such as 10.0.0.5.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Proxy:KnownNetworks must be networks in CIDR form, such as 10.0.0.0/24.")
            .ValidateOnStart();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxy.KnownProxies)
            {
                if (IPAddress.TryParse(address, out var ip))
                {
                    options.KnownProxies.Add(ip);
                }
            }
            foreach (var network in proxy.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return builder;
    }

    /// <summary>First of all middleware, so everything after sees the client's address and scheme.</summary>
    public static WebApplication UseProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value.IsConfigured)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
