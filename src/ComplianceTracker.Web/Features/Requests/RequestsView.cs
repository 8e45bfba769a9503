namespace ComplianceTracker.Web.Features.Requests;

/// <summary>What an asked line beside an open question needs: the question's key.</summary>
public sealed record AskedFor(string Key);

/// <summary>
/// The requests beside the open questions of a page (the dashboard, a deficiency, the timeline), read once per page
/// by whichever partial asks first. A reader sees public requests only; signed-in staff also see private ones, marked
/// so (their pages are never cached for readers).
/// </summary>
public sealed class RequestsView(RequestsQuery query)
{
    private ILookup<string, RequestRecord> byQuestion = Enumerable.Empty<RequestRecord>().ToLookup(r => "");
    private bool? loadedWithPrivate;

    public async Task LoadAsync(bool staff, CancellationToken cancellationToken = default)
    {
        if (loadedWithPrivate == staff)
        {
            return;
        }
        var all = await query.ListAsync(includePrivate: staff, cancellationToken);
        byQuestion = all.Where(r => r.Request.QuestionKey is not null).ToLookup(r => r.Request.QuestionKey!, StringComparer.Ordinal);
        loadedWithPrivate = staff;
    }

    /// <summary>The requests drafted from the question, oldest first (drafts only for staff).</summary>
    public IReadOnlyList<RequestRecord> For(string key, bool staff) =>
        byQuestion[key].Where(r => staff || (r.Request.IsPublic && !r.Standing.IsDraft)).ToList();

    /// <summary>Where a line about a request leads: its public page, or the staff page of a private one.</summary>
    public static string PathFor(RequestRecord r) => r.Request.IsPublic ? r.AskedPath : r.Request.Path + "/manage";
}
