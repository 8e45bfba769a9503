using MailKit.Security;

namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>How alerts are sent out and how often their jobs run (section "Alerts").</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>How often the change log is read for new changes (five-field cron, in Reports:TimeZone): every minute.</summary>
    public string ScanCron { get; set; } = "* * * * *";

    /// <summary>When the weekly digest goes out: Mondays at 08:00.</summary>
    public string DigestCron { get; set; } = "0 8 * * 1";

    /// <summary>When deadlines are checked for their 7-day and 1-day reminders: every day at 07:00.</summary>
    public string ReminderCron { get; set; } = "0 7 * * *";

    /// <summary>Subscribe requests one client address may make per window.</summary>
    public int SubscribePermitLimit { get; set; } = 5;

    public int SubscribeWindowSeconds { get; set; } = 600;

    /// <summary>Confirmation messages the form may make the site send to one address in a day, whoever asks.</summary>
    public int ConfirmationsPerAddressPerDay { get; set; } = 3;

    /// <summary>Deliveries a send job claims, sends and records at a time.</summary>
    public int SendBatchSize { get; set; } = 100;

    /// <summary>SMTP connections one send job keeps open at once (a large send is split between them).</summary>
    public int SendConnections { get; set; } = 2;

    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary>Where webhooks may be delivered (section "Alerts:Webhooks").</summary>
public sealed class WebhookOptions
{
    /// <summary>Off: only https receivers, so a change's JSON never travels in clear text. On only for tests.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Loopback or private addresses a receiver may have anyway (as Evidence:Fetch:AllowedAddresses): for tests and intranets.</summary>
    public List<string> AllowedAddresses { get; set; } = [];

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts of one delivery before it is given up and shown to Admins as failed.</summary>
    public int MaxAttempts { get; set; } = 6;
}

/// <summary>How messages leave the site (section "Mail"): an SMTP server, or with none set, .eml files in a pickup folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender, such as "ComplianceTracker &lt;alerts@tracker.example.org&gt;"; unset, alerts@ the site's host.</summary>
    public string? From { get; set; }

    /// <summary>Where messages are written while no SMTP host is set; relative to Storage:DataDirectory.</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";
}

public sealed class SmtpOptions
{
    /// <summary>Unset: no SMTP server, messages go to the pickup folder.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Auto (TLS on 465, STARTTLS where offered), None, StartTls, StartTlsWhenAvailable or SslOnConnect.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.Auto;

    public string? User { get; set; }

    public string? Password { get; set; }
}
