namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>An address that follows the record. Never shown in full to anyone: see <see cref="Masked"/>.</summary>
public sealed class Subscriber
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public string? PauseReason { get; set; }
    public string? ConfirmationsDay { get; set; }
    public int ConfirmationsSent { get; set; }

    public bool IsPaused => PausedAt is not null;

    /// <summary>"r•••@example.org": enough for the owner to recognise it, too little for anyone else to use it.</summary>
    public static string Masked(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "•••" : $"{email[0]}•••{email[at..]}";
    }

    /// <summary>Trimmed and in lower case: one address, one row.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>One thing one address follows, and how often it hears about it.</summary>
public sealed class Subscription
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Ended = "ended";

    public long Id { get; set; }
    public long SubscriberId { get; set; }
    public string Target { get; set; } = "";
    public string TargetCode { get; set; } = "";
    public string Frequency { get; set; } = Frequencies.Immediate;
    public string State { get; set; } = Pending;
    public string? ConfirmNonce { get; set; }
    public string? ConfirmFrequency { get; set; }
    public DateTimeOffset? ConfirmRequestedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    public FollowTarget FollowTarget => new(Target, TargetCode);
}

/// <summary>A change alerts are about, as found in the change log (or a deadline reminder), with what its messages say.</summary>
public sealed class AlertChange
{
    public const string ReminderKind = "reminder";

    public long Id { get; set; }
    public string StableId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string ItemType { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public string Payload { get; set; } = "";
    public DateTimeOffset? SendQueuedAt { get; set; }
}

/// <summary>A delivery a job run has claimed, with what it needs to address the message.</summary>
public sealed class ClaimedDelivery
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    public long SubscriberId { get; set; }
    public long ChangeId { get; set; }
    public string Email { get; set; } = "";
    public string Target { get; set; } = "";
    public string TargetCode { get; set; } = "";
    public string Frequency { get; set; } = "";
    public string SubscriptionState { get; set; } = "";
    public DateTimeOffset? PausedAt { get; set; }

    public FollowTarget FollowTarget => new(Target, TargetCode);
}

/// <summary>Something that went wrong sending an alert, as an Admin reads it (the address masked).</summary>
public sealed class AlertFailure
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Channel { get; set; } = "mail";
    public string Recipient { get; set; } = "";
    public string What { get; set; } = "";
    public string Problem { get; set; } = "";
}

/// <summary>The Admin page's counts.</summary>
public sealed class AlertStats
{
    public int Addresses { get; set; }
    public int PausedAddresses { get; set; }
    public int ActiveSubscriptions { get; set; }
    public int PendingSubscriptions { get; set; }
    public int QueuedMessages { get; set; }
    public int DigestMessages { get; set; }
    public int SentMessages { get; set; }
    public int FailedMessages { get; set; }
    public int UncertainMessages { get; set; }
}
