using ComplianceTracker.Web.Features.Changes;
using ComplianceTracker.Web.Features.Evidence;
using ComplianceTracker.Web.Features.Reports;
using ComplianceTracker.Web.Features.Shared;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>
/// Every sentence of the alerts, written once: the pages (/alerts, confirm, manage, unsubscribe) and the messages read
/// these, and what a message says changed is the change log's own words (<see cref="ChangeLogEntry.Summary"/>,
/// <see cref="ChangeLogEntry.KindLabel"/>, the provenance the /changes page shows), as the report reads its Text/ folder.
/// </summary>
public static class AlertText
{
    public const string Title = "Email alerts";

    public const string Lede = "Hear when the record changes: an email when something you follow changes, is corrected or withdrawn, a reminder before a deadline falls due, and a note when a new edition of the report is out. No account is needed.";

    public const string CheckInbox = "If that address can receive mail, a message is on its way to it with a link to confirm.";

    public const string NothingUntilConfirmed = "Nothing is sent until the link in that message is followed and the button on the page it opens is pressed. The link works once, for 48 hours.";

    /// <summary>The same, said in the confirmation message itself, which is the message with the link.</summary>
    public const string NothingUntilThisLink = "Nothing is sent until this link is followed and the button on the page it opens is pressed. It works once, for 48 hours";

    /// <summary>On the page the link opens: opening it alone (as a mail scanner does) subscribes no one.</summary>
    public const string NothingUntilPressed = "Nothing is sent until this button is pressed; opening the link alone changes nothing. If you did not ask for this, close the page.";

    public const string AddressNeverShown = "The address is never shown on this site, to anyone, and is used for these alerts only.";

    public const string EveryMessageUnsubscribes = "Every message has a link that unsubscribes at once, and one to see and change what you follow.";

    public const string NoTracking = "Messages are plain text with an HTML copy: no images, no tracking, and every link goes to this site.";

    public const string OtherWays = "Rather not give an address? The change log has an Atom feed, and the deadlines a calendar to subscribe to.";

    public const string NotAsked = "If you did not ask for this, ignore this message: nothing more will be sent, and the address is not shown to anyone.";

    public const string Paused = "Paused: messages to this address were refused by its mail server. Following a confirmation link again resumes them.";

    public const string LinkInvalid = "This link is not one this site made, or it was cut short. Copy the whole link from the message, or ask again from the item's page.";

    public const string LinkExpired = "This confirmation link has expired: it worked for 48 hours. Ask again from the item's page and follow the new link.";

    public const string LinkUsed = "This confirmation link has been used already, or a newer one replaced it. Only the newest link works, once.";

    public const string Stopped = "Done: no more messages about it will be sent to this address.";

    /// <summary>What following a target brings, in the words the form and the confirmation message both use.</summary>
    public static string WhatIsSent(FollowTarget target) => target.Kind switch
    {
        FollowTarget.Case => "every change to the record (statuses, corrections, withdrawals, edits of details, money, new events and deadlines), deadline reminders and new editions",
        FollowTarget.Deficiency => "its status changes, corrections and withdrawals, and edits of its details",
        FollowTarget.Obligation => "its status changes, money ledger entries, corrections and withdrawals",
        FollowTarget.Deadline => "a reminder 7 days and 1 day before it falls due, its outcome once one is recorded, and any correction or withdrawal",
        _ => "each new edition of the status report: its number and date, what changed since the edition before, the PDF's address and its SHA-256",
    };

    public static string Frequency(string frequency) => frequency == Frequencies.Weekly ? "in a weekly digest, on Mondays" : "as it happens";

    public static readonly IReadOnlyList<(string Code, string Label)> FrequencyChoices =
    [
        (Frequencies.Immediate, "As it happens: one message per change"),
        (Frequencies.Weekly, "Weekly digest: one message on Mondays (reminders still come on time)"),
    ];

    /// <summary>The button of the small form on an item's page.</summary>
    public static string FollowButton(FollowTarget target) => target.Kind switch
    {
        FollowTarget.Editions => "Get an email when a new edition is out",
        FollowTarget.Case => "Get an email when the record changes",
        FollowTarget.Deadline => $"Get a reminder and the outcome of {target.Code} by email",
        _ => $"Get an email when {target.Code} changes",
    };

    public static string Following(FollowOption option, string frequency) => $"You follow {option.Label}, {Frequency(frequency)}.";

    public static string WouldFollow(FollowOption option, string frequency) => $"Someone, probably you, asked to follow {option.Label}, {Frequency(frequency)}.";

    // ---- messages ----

    /// <summary>The only message sent before a link is followed.</summary>
    public static AlertMessage Confirmation(FollowOption option, string frequency, string confirmUrl, string expiresAt)
    {
        var blocks = new List<MessageBlock>
        {
            MessageBlock.Heading($"Confirm: follow {option.Label}"),
            MessageBlock.Paragraph($"Someone, probably you, asked for email about {option.Label}: {WhatIsSent(option.Target)}, {Frequency(frequency)}."),
            MessageBlock.Paragraph("", new MessageLink($"Confirm: follow {ShortName(option)}", confirmUrl)),
            MessageBlock.Paragraph($"{NothingUntilThisLink}, and expires {expiresAt}."),
            MessageBlock.Small(NotAsked),
            MessageBlock.Small(NoTracking),
        };
        return new AlertMessage($"Confirm: follow {option.Label} on ComplianceTracker", blocks);
    }

    /// <summary>The part of a message about one change, built once however many it is sent to.</summary>
    public sealed record ChangeContent(string Subject, IReadOnlyList<MessageBlock> Blocks);

    /// <summary>An entry of the change log in the words of the /changes page, with its source, passages and link.</summary>
    public static ChangeContent Change(ChangeLogEntry e, IReadOnlyList<Passage> passages, string baseUrl, CaseClock clock)
    {
        var blocks = new List<MessageBlock> { MessageBlock.Heading(e.ItemLabel) };
        var what = $"{e.KindLabel}: {e.Summary}" + (e.Provenance is { } p ? $" ({p.Short})" : "") + ".";
        blocks.Add(MessageBlock.Paragraph(what));
        if (e.StateNote is { } note)
        {
            blocks.Add(MessageBlock.Paragraph(note, new MessageLink(e.State == EntryStates.Corrected ? "See the correction" : "See the history", baseUrl + (e.ReplacedByLink ?? e.EntryLink))));
        }
        if (!string.IsNullOrWhiteSpace(e.Reason) && e.Kind is not ("new-event" or "new-deadline"))
        {
            blocks.Add(MessageBlock.Paragraph($"Reason: {e.Reason}"));
        }
        if (e.SourceTitle is not null)
        {
            // Only links to this site go in a message: the source is named, and linked on the record.
            blocks.Add(MessageBlock.Paragraph($"Source: {e.SourceTitle} (its link is on the record)."));
        }
        foreach (var passage in passages)
        {
            blocks.Add(MessageBlock.Quote(passage.Text, $"{passage.SourceTitle}. {passage.Verdict}."));
        }
        blocks.Add(MessageBlock.Paragraph($"Recorded {clock.DayAndTime(e.At)}, {e.ByLabel}."));
        blocks.Add(MessageBlock.Paragraph("", new MessageLink(e.Kind == "withdrawal" ? "The withdrawn entry on the record" : $"{e.ItemCode} on the record", baseUrl + e.EntryLink)));
        return new ChangeContent(Shorten($"{e.ItemCode}: {e.Summary}"), blocks);
    }

    /// <summary>A new edition: number, as-of date, what changed since the edition before, the PDF's address and SHA-256.</summary>
    public static ChangeContent Edition(ChangeLogEntry e, Edition edition, StatusReport report, string baseUrl)
    {
        var pdf = $"{baseUrl}/reports/{edition.Number}.pdf";
        var blocks = new List<MessageBlock>
        {
            MessageBlock.Heading(e.ItemLabel),
            MessageBlock.Paragraph($"{e.Summary}.", new MessageLink($"Edition {edition.Number} (PDF)", pdf)),
            MessageBlock.Paragraph($"SHA-256 of the PDF: {edition.Sha256}"),
        };
        if (report.PreviousEdition is not { } previous)
        {
            blocks.Add(MessageBlock.Paragraph("First edition: this report starts the record, so nothing is listed as changed."));
        }
        else
        {
            blocks.Add(MessageBlock.Paragraph(report.Changes.Count == 0
                ? $"Nothing was recorded between edition {previous} and this edition."
                : $"Changes since edition {previous}: {Format.Plural(report.Changes.Count, "entry", "entries")}."));
            foreach (var change in report.Changes.Take(MaxListed))
            {
                blocks.Add(MessageBlock.Item($"{change.ItemCode} {change.Kind}: {change.Description}"));
            }
            if (report.Changes.Count > MaxListed)
            {
                blocks.Add(MessageBlock.Item($"and {report.Changes.Count - MaxListed} more"));
            }
            blocks.Add(MessageBlock.Paragraph("", new MessageLink($"The changes since edition {previous} on the site", $"{baseUrl}/reports/{edition.Number}/changes")));
        }
        blocks.Add(MessageBlock.Paragraph("", new MessageLink($"Edition {edition.Number}: details and citation", $"{baseUrl}/reports/{edition.Number}")));
        return new ChangeContent($"Edition {edition.Number} of the status report is out, as of {Format.Day(report.AsOfDate)}", blocks);
    }

    /// <summary>A deadline 7 days or 1 day away, in the timeline's words for where it stands.</summary>
    public static ChangeContent Reminder(DeadlineReminder reminder, string baseUrl)
    {
        var blocks = new List<MessageBlock>
        {
            MessageBlock.Heading($"{reminder.Code} {reminder.Title}"),
            MessageBlock.Paragraph($"Reminder: {reminder.Standing}. It falls due {reminder.Due}{(reminder.Precision == "day" ? "" : $", counted as due on its last day, {reminder.LastDay}")}."),
        };
        if (reminder.Status is { } status)
        {
            blocks.Add(MessageBlock.Paragraph($"Status on record: {status}."));
        }
        blocks.Add(MessageBlock.Paragraph("Its outcome is sent once a source on record says what happened.", new MessageLink($"{reminder.Code} on the timeline", $"{baseUrl}/timeline#{reminder.Code}")));
        return new ChangeContent(Shorten($"{reminder.Code}: {reminder.Standing} ({reminder.Due})"), blocks);
    }

    private const int MaxListed = 25;

    /// <summary>One message about one change, with the lines that say why it came and how to stop it.</summary>
    public static AlertMessage Single(ChangeContent content, Footer footer) =>
        new(content.Subject, [.. content.Blocks, .. footer.Blocks]) { OneClickUrl = footer.OneClickUrl };

    /// <summary>The week's changes for one address, oldest first, in one message.</summary>
    public static AlertMessage Digest(IReadOnlyList<ChangeContent> contents, Footer footer, string weekOf)
    {
        var blocks = new List<MessageBlock>
        {
            MessageBlock.Paragraph($"What changed in what you follow, up to {weekOf}: {Format.Plural(contents.Count, "change", "changes")}, oldest first."),
        };
        foreach (var content in contents)
        {
            blocks.AddRange(content.Blocks);
        }
        blocks.AddRange(footer.Blocks);
        return new AlertMessage($"This week on ComplianceTracker: {Format.Plural(contents.Count, "change", "changes")} in what you follow", blocks) { OneClickUrl = footer.OneClickUrl };
    }

    /// <summary>Why a message came and how to stop it: every alert message ends with these.</summary>
    public sealed record Footer(IReadOnlyList<MessageBlock> Blocks, string OneClickUrl);

    public static Footer FooterFor(IReadOnlyList<(FollowOption Option, string Frequency)> followed, string unsubscribeUrl, string oneClickUrl, string manageUrl, string baseUrl)
    {
        var blocks = new List<MessageBlock>();
        foreach (var (option, frequency) in followed)
        {
            blocks.Add(MessageBlock.Small($"You get this because you follow {option.Label}, {Frequency(frequency)}."));
        }
        var stop = followed.Count == 1 ? $"Stop following {ShortName(followed[0].Option)}" : "Stop these alerts";
        blocks.Add(MessageBlock.Small("", new MessageLink($"{stop} (one click, at once)", unsubscribeUrl)));
        blocks.Add(MessageBlock.Small("", new MessageLink("See and change what you follow", manageUrl)));
        blocks.Add(MessageBlock.Small("A public, sourced record of whether a health plan is fixing what its regulator found.", new MessageLink("ComplianceTracker", baseUrl + "/")));
        return new Footer(blocks, oneClickUrl);
    }

    public static string ShortName(FollowOption option) => option.Target.Code.Length > 0 ? option.Target.Code : option.Label;

    private static string Shorten(string subject) => subject.Length <= 140 ? subject : subject[..139] + "…";
}

/// <summary>What a deadline reminder says, fixed when it is found (the standing as of that day).</summary>
public sealed class DeadlineReminder
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Due { get; set; } = "";
    public string Precision { get; set; } = "day";
    public string LastDay { get; set; } = "";
    public string Standing { get; set; } = "";
    public string? Status { get; set; }
    public int Window { get; set; }
}
