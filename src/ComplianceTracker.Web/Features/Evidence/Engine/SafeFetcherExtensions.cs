using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Evidence;

public static class SafeFetcherExtensions
{
    /// <summary>
    /// One <see cref="SafeFetcher"/> for the app, with <see cref="FetchOptions"/> bound here to "Evidence:Fetch" and
    /// checked at start (so the section must not be bound a second time: the allow-list would be read twice), and the
    /// system clock unless a <see cref="TimeProvider"/> is already registered. <paramref name="siteAddress"/> gives the
    /// tracker's public address for the User-Agent, such as <c>sp => sp.GetRequiredService&lt;ReportAddress&gt;().BaseUrl</c>.
    /// </summary>
    public static IServiceCollection AddSafeFetcher(this IServiceCollection services, Func<IServiceProvider, string?>? siteAddress = null)
    {
        services.AddOptions<FetchOptions>()
            .BindConfiguration(FetchOptions.Section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FetchOptions>, FetchOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SafeFetcher(
            sp.GetRequiredService<IOptions<FetchOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            siteAddress?.Invoke(sp)));
        return services;
    }

    /// <summary>Every problem of the section at once, each naming its setting, so one start-up failure tells the whole fix.</summary>
    internal sealed class FetchOptionsValidation : IValidateOptions<FetchOptions>
    {
        public ValidateOptionsResult Validate(string? name, FetchOptions options)
        {
            var problems = new List<string>();
            if (options.MaxBytes <= 0 || options.MaxBytes > Array.MaxLength)
            {
                problems.Add("Evidence:Fetch:MaxBytes must be a number of bytes above 0 and below 2 GB.");
            }
            if (options.TimeoutSeconds <= 0)
            {
                problems.Add("Evidence:Fetch:TimeoutSeconds must be a whole number of seconds above 0.");
            }
            if (options.MaxRedirects < 0)
            {
                problems.Add("Evidence:Fetch:MaxRedirects must be 0 or more.");
            }
            if (options.UserAgent.Any(c => c is < ' ' or > '~'))
            {
                problems.Add("Evidence:Fetch:UserAgent must be printable ASCII on one line.");
            }
            problems.AddRange(options.AllowedAddresses.Select(AddressGuard.EntryProblem).OfType<string>());
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
