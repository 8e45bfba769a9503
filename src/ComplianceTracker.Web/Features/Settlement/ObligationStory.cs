using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Shared;
using ComplianceTracker.Web.Features.Timeline;

namespace ComplianceTracker.Web.Features.Settlement;

/// <summary>
/// A term's due date as every list and card gives it: the term's own date, else the date of the deadline on the timeline
/// that belongs to it, with that deadline's title and confidence so the reader sees where the date comes from.
/// </summary>
public sealed record TermDue(PartialDate Date, TimelineItem? Deadline)
{
    /// <summary>"From the timeline: End of the five-year investment period (inferred), low confidence"; null for the term's own date.</summary>
    public string? Basis => Deadline is { } d
        ? $"From the timeline: {d.Title}{(string.IsNullOrEmpty(d.Confidence) ? "" : ", " + Confidence.Label(d.Confidence).ToLowerInvariant())}"
        : null;

    /// <summary>"ends" for the end of a period, else "due".</summary>
    public bool IsPeriodEnd => Deadline?.DeadlineType == DeadlineTypes.PeriodEnd;
}

/// <summary>
/// One story per settlement term: its status, its money ledger and the outcome of its deadline read together, so that no
/// page says "paid" where another says "outcome unknown" without saying, in words, that the record disagrees with itself.
/// Pure: the settlement page, the dashboard, the brief, the report and the staff desk all ask this one class.
/// </summary>
public sealed class ObligationStory
{
    private ObligationStory(ObligationView view, TermDue? due, IReadOnlyList<string> disagreements, string? note)
    {
        View = view;
        Due = due;
        Disagreements = disagreements;
        Note = note;
    }

    public ObligationView View { get; }

    public Obligation Obligation => View.Obligation;

    /// <summary>The one due date every place shows; null when neither the term nor a deadline of it gives one.</summary>
    public TermDue? Due { get; }

    /// <summary>Each way the term's status, ledger and deadline outcomes contradict each other, in a sentence; empty when they agree.</summary>
    public IReadOnlyList<string> Disagreements { get; }

    public bool HasDisagreement => Disagreements.Count > 0;

    /// <summary>
    /// The term's note from the case files, as it may still be read: as written while nothing later is on record, and
    /// introduced as the earlier account once an editor has recorded a status or an amount (which the note cannot know of).
    /// </summary>
    public string? Note { get; }

    /// <summary>"O-1a $40 million of the fine, paid up front": how a sentence is introduced away from the term's own card.</summary>
    public string Label => $"{Obligation.Code} {Obligation.Title}";

    public string Path => "/settlement#" + Obligation.Code;

    public static ObligationStory Of(ObligationView view, IEnumerable<TimelineItem> deadlines, DateOnly today)
    {
        var o = view.Obligation;
        var own = deadlines.Where(d => d.IsDeadline && d.ObligationId == o.Id && d.DeadlineType != DeadlineTypes.TakesEffect)
            .OrderBy(d => d.Occurs.End).ThenBy(d => d.Id).ToList();
        var due = o.Due is { } date ? new TermDue(date, null) : own.FirstOrDefault() is { } first ? new TermDue(first.Occurs, first) : null;
        return new ObligationStory(view, due, Disagree(view, own, today), NoteOf(view));
    }

    /// <summary>Every term's story, by the term's id, from what the stores return.</summary>
    public static IReadOnlyDictionary<long, ObligationStory> ForAll(
        IReadOnlyList<Obligation> obligations,
        IReadOnlyList<LedgerEntry> ledger,
        IReadOnlyDictionary<long, StatusChange> status,
        IReadOnlyList<TimelineItem> items,
        DateOnly today)
    {
        var ledgerOf = ledger.ToLookup(l => l.ObligationId);
        var children = obligations.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value);
        var deadlines = items.Where(i => i.IsDeadline && i.ObligationId is not null).ToList();
        ObligationView View(Obligation o) => new()
        {
            Obligation = o,
            Status = status.GetValueOrDefault(o.Id),
            Ledger = ledgerOf[o.Id].ToList(),
            Children = children[o.Id].Select(View).ToList(),
        };
        return obligations.ToDictionary(o => o.Id, o => Of(View(o), deadlines, today));
    }

    private static List<string> Disagree(ObligationView view, IReadOnlyList<TimelineItem> deadlines, DateOnly today)
    {
        var o = view.Obligation;
        var sentences = new List<string>();
        var status = view.StatusCode;
        var statusLabel = ObligationStatuses.Label(status);
        var statusSays = view.Status is { } s ? $"the status says {statusLabel} ({s.Provenance.Short})" : null;
        var paidEntries = view.Ledger.Where(l => l.Entry == "paid" && l.Counts).ToList();
        decimal? paid = paidEntries.Count == 0 ? null : view.Sum("paid");
        var stated = status is "met" or "partly-met";

        if (paid is { } p && status is "unknown" or "pending")
        {
            sentences.Add($"The ledger records {Format.Usd(p)} paid ({SourcesOf(paidEntries)}); "
                + (view.Status is null ? "no status entry says so." : $"no status entry says so: the latest says {statusLabel}."));
        }
        // A term that holds parts is met through them; only a term paid in one piece must show its payment in its ledger.
        // Money the regulator waived is no longer owed: a fine half paid and half waived is met, not half unpaid.
        var waivedEntries = view.Ledger.Where(l => l.Entry == "waived" && l.Counts).ToList();
        decimal? waived = waivedEntries.Count == 0 ? null : view.Sum("waived");
        if (status == "met" && o.Kind == "payment" && view.Children.Count == 0 && o.AmountUsd is { } amount && (paid ?? 0) + (waived ?? 0) < amount)
        {
            var waivedToo = waived is { } w ? $" and {Format.Usd(w)} waived" : "";
            sentences.Add(paid is { } part
                ? $"{Capital(statusSays!)}, but the ledger records only {Format.Usd(part)} paid{waivedToo} of {Format.Usd(amount)}."
                : $"{Capital(statusSays!)}, but the ledger records no payment of the {Format.Usd(amount)}{(waived is { } w2 ? $", only {Format.Usd(w2)} waived" : "")}.");
        }

        foreach (var d in deadlines)
        {
            var outcome = DeadlineOutcomes.FromStatus(d.Status);
            var deadline = $"The deadline “{d.Title}” ({d.Occurs})";
            if (outcome == DeadlineOutcomes.Unknown && DeadlineStanding.Of(d, today).IsPast && (stated || paid is not null))
            {
                sentences.Add($"{deadline} has passed with no outcome on record, but "
                    + (stated ? statusSays : $"the ledger records {Format.Usd(paid!.Value)} paid") + ".");
            }
            else if (outcome == DeadlineOutcomes.Missed && status == "met")
            {
                sentences.Add($"{deadline} is recorded as missed, but {statusSays}.");
            }
            else if (outcome == DeadlineOutcomes.Met && status is "unknown" or "pending" or "missed")
            {
                sentences.Add($"{deadline} is recorded as met, but "
                    + (view.Status is null ? "no status entry says the term was met." : $"{statusSays}."));
            }
        }
        return sentences;
    }

    /// <summary>"Yahoo News, a secondary report; DMHC, a primary document": who reports the entries and what kind of document.</summary>
    private static string SourcesOf(IEnumerable<LedgerEntry> entries)
    {
        var named = entries
            .Select(l => l.SourceId is null
                ? "no source"
                : $"{(string.IsNullOrEmpty(l.SourcePublisher) ? l.SourceTitle : l.SourcePublisher)}, {(l.SourceParty is null ? "a secondary report" : "a primary document")}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return string.Join("; ", named);
    }

    private static string? NoteOf(ObligationView view)
    {
        var note = view.Obligation.StatusNote;
        if (string.IsNullOrWhiteSpace(note))
        {
            return null;
        }
        // The note was written with the case files; an entry an editor added since tells more than it can.
        var later = (view.Status is { } s && s.RecordedBy != Infrastructure.Seed.SeedLoader.RecordedBy)
            || view.Ledger.Any(l => l.Counts && l.Entry != "committed" && l.RecordedBy != Infrastructure.Seed.SeedLoader.RecordedBy);
        return later ? "Before the later entries on record, the case files said: " + note : note;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
