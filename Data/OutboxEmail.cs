namespace ShopPortal.Data;

/// <summary>An email to send. The row is the truth; background jobs only carry it out.</summary>
public class OutboxEmail
{
    public int Id { get; set; }
    public OutboxEmailKind Kind { get; set; }
    public int? WorkOrderId { get; set; }
    public int? AccessKeyId { get; set; }
    public PortalView? View { get; set; }

    public required string To { get; set; }
    public string? Cc { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }

    public OutboxEmailStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>A worker that claimed the row owns it until then.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? CreatedByName { get; set; }
}
