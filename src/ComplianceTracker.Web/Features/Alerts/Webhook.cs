namespace ComplianceTracker.Web.Features.Alerts;

/// <summary>An address that receives each change as signed JSON. The secret is kept encrypted (<see cref="ProtectedSecret"/>).</summary>
public sealed class WebhookEndpoint
{
    public long Id { get; set; }
    public string Url { get; set; } = "";
    public string Description { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? DisabledAt { get; set; }
    public int Delivered { get; set; }
    public int Failed { get; set; }
    public int Waiting { get; set; }

    public bool IsEnabled => DisabledAt is null;
}

/// <summary>One change for one endpoint.</summary>
public sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public long Id { get; set; }
    public long EndpointId { get; set; }
    public long ChangeId { get; set; }
    public string StableId { get; set; } = "";
    public string State { get; set; } = Pending;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> Log { get; set; } = [];
}

/// <summary>One try of a delivery, as the per-delivery log shows it.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? HttpStatus { get; set; }
    public string? Problem { get; set; }
    public int DurationMs { get; set; }
}
