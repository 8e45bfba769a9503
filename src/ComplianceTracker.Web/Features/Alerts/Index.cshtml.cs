using ComplianceTracker.Web.Features.Accounts;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// /alerts: follow the record by email, without an account. The answer to a request is the same whether or not the
/// address is known, already follows the item, or has had its confirmations for the day; it never shows the address.
/// </summary>
// Anyone may follow the record: no account, by design.
[AllowAnonymous]
[EnableRateLimiting(AlertsExtensions.SubscribeRateLimit)]
public sealed class IndexModel(
    AlertStore store,
    FollowCatalog catalog,
    IBackgroundJobClient jobs,
    IOptions<AlertOptions> options,
    ReportAddress address,
    CaseClock clock,
    ILogger<IndexModel> logger) : PageModel
{
    public static readonly IReadOnlyList<string> Fields = ["Input.Email", "Input.Follow", "Input.Frequency"];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Follow { get; set; }
        public string? Frequency { get; set; }
    }

    public IReadOnlyList<FollowOption> Options { get; private set; } = [];

    public FollowOption? Chosen => FollowTarget.Parse(Input.Follow) is { } target ? Options.FirstOrDefault(o => o.Target == target) : null;

    /// <summary>True once a request was taken: the page then says what happens next, and nothing about the address.</summary>
    public bool Requested { get; private set; }

    /// <summary>Why alerts cannot be sent now (no public address for their links), or null.</summary>
    public string? Unavailable => address.Problem is null ? null : "Alerts cannot be sent yet: the site's public address (Reports:BaseUrl) is not set, and every link in a message is to it.";

    public async Task OnGetAsync(string? follow, CancellationToken cancellationToken)
    {
        Options = await catalog.ListAsync(cancellationToken);
        Input = new InputModel
        {
            Follow = FollowTarget.Parse(follow) is { } target && Options.Any(o => o.Target == target) ? target.Key : FollowTarget.WholeCase.Key,
            Frequency = Frequencies.Immediate,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Options = await catalog.ListAsync(cancellationToken);
        var email = Subscriber.Normalize(Input.Email ?? "");
        if (AccountRules.CheckEmail(email) is { } problem)
        {
            ModelState.AddModelError("Input.Email", problem);
        }
        var chosen = Chosen;
        if (chosen is null)
        {
            ModelState.AddModelError("Input.Follow", "What to follow: choose one from the list.");
        }
        if (!Frequencies.IsValid(Input.Frequency))
        {
            ModelState.AddModelError("Input.Frequency", "How often: choose as it happens or a weekly digest.");
        }
        if (Unavailable is { } unavailable)
        {
            ModelState.AddModelError("", unavailable);
        }
        if (!ModelState.IsValid || chosen is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var request = await store.RequestAsync(email, chosen.Target, Input.Frequency!, clock.UtcNow, clock.IsoDate(clock.UtcNow),
            options.Value.ConfirmationsPerAddressPerDay, cancellationToken);
        if (request is not null)
        {
            jobs.Enqueue<AlertConfirmationJob>(job => job.RunAsync(request.SubscriptionId, request.Nonce, CancellationToken.None));
        }
        else
        {
            // Said to no one but the log: the page answers as for any other request.
            logger.LogInformation("A subscribe request was not confirmed by mail: the address had its {Limit} confirmations for the day.", options.Value.ConfirmationsPerAddressPerDay);
        }
        Requested = true;
        // The address is not shown back, nor kept in the form.
        ModelState.Clear();
        Input = new InputModel { Follow = Input.Follow, Frequency = Input.Frequency };
        return Page();
    }
}
