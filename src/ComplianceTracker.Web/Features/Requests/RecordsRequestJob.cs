using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Infrastructure;
using Hangfire;

namespace ComplianceTracker.Web.Features.Requests;

/// <summary>
/// The daily look at every sent request: its determination date worked out again from its law and entries (an entry
/// recorded since, or a corrected law file, moves it), and for each one overdue a follow-up letter drafted for the
/// staff to check and send. One follow-up a missed date: a second run the same day, or the next day while the same date
/// stands, drafts nothing new; an extension that moves the date and is missed again gets a follow-up of its own.
/// </summary>
public sealed class RecordsRequestJob(Database database, RecordsLaws laws, CaseClock clock, ILogger<RecordsRequestJob> logger)
{
    public const string Id = "records-requests-daily";

    /// <summary>Who the follow-ups it drafts are by, as their history shows.</summary>
    public const string DraftedBy = "ComplianceTracker (daily check)";

    /// <returns>How many follow-up letters were drafted.</returns>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    [JobDisplayName("Records requests: daily check")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var now = clock.UtcNow;
        var drafted = await database.WriteAsync(async (connection, transaction) =>
        {
            var count = 0;
            foreach (var r in await RequestsQuery.ListAsync(connection, transaction, laws, today, includePrivate: true, cancellationToken))
            {
                if (!r.Standing.IsOverdue || r.Standing.Due is not { } due)
                {
                    continue;
                }
                if (await RecordsRequestStore.FollowUpExistsAsync(connection, transaction, r.Request.Id, due.Day))
                {
                    continue;
                }
                var requester = new Requester(r.Request.RequesterName, r.Request.RequesterOrganization, r.Request.RequesterAddress, r.Request.RequesterEmail);
                await RecordsRequestStore.InsertLetterAsync(connection, transaction, new RequestLetter
                {
                    RequestId = r.Request.Id,
                    Kind = RequestLetter.FollowUp,
                    Text = LetterText.FollowUp(r.Agency, r.Request, r.Standing, requester, today),
                    ForDueOn = due.Day,
                    DraftedAt = now,
                    DraftedBy = DraftedBy,
                });
                count++;
            }
            return count;
        }, cancellationToken);
        logger.LogInformation("Records requests: {Count} follow-up letters drafted for requests past their determination date.", drafted);
        return drafted;
    }
}
