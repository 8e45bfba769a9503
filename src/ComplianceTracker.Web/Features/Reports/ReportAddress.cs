using System.Net;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Reports;

/// <summary>
/// The site address editions link every item to. An edition can never be changed once published, so outside
/// Development publishing waits until Reports:BaseUrl names a real, non-loopback address: the site keeps running,
/// the publish job fails saying why, and /healthz answers Degraded with the reason. Development (dotnet run) falls
/// back to http://localhost:5000 as before.
/// </summary>
public sealed class ReportAddress
{
    public const string DevelopmentDefault = "http://localhost:5000";

    public ReportAddress(IOptions<ReportOptions> options, IHostEnvironment environment, ILogger<ReportAddress> logger)
    {
        var configured = options.Value.BaseUrl?.Trim();
        if (environment.IsDevelopment())
        {
            BaseUrl = string.IsNullOrEmpty(configured) ? DevelopmentDefault : configured;
            return;
        }
        BaseUrl = configured ?? "";
        if (string.IsNullOrEmpty(configured))
        {
            Problem = "Publishing is paused: Reports:BaseUrl is not set, so editions would link to no address. Set it to the site's public address, such as https://tracker.example.org.";
        }
        else if (IsLoopback(configured))
        {
            Problem = $"Publishing is paused: Reports:BaseUrl is {configured}, a loopback address that readers cannot open. Set it to the site's public address, such as https://tracker.example.org.";
        }
        if (Problem is not null)
        {
            logger.LogError("{Problem}", Problem);
        }
    }

    /// <summary>The address editions link to; empty (relative links) while publishing is paused.</summary>
    public string BaseUrl { get; }

    /// <summary>Why publishing is paused, or null when editions may be published.</summary>
    public string? Problem { get; }

    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))));

    /// <summary>Thrown by the publish job while <see cref="Problem"/> stands: the job fails with this message.</summary>
    public sealed class PublishingPausedException(string message) : InvalidOperationException(message);

    public void EnsurePublishable()
    {
        if (Problem is not null)
        {
            throw new PublishingPausedException(Problem);
        }
    }

    internal sealed class HealthCheck(ReportAddress address) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(address.Problem is { } problem
                ? HealthCheckResult.Degraded(problem)
                : HealthCheckResult.Healthy($"Editions link to {address.BaseUrl}."));
    }
}
