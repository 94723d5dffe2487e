namespace ShopPortal.Data;

/// <summary>Grants exactly one view of exactly one work order until it expires or is revoked.</summary>
public class PortalAccessKey
{
    public int Id { get; set; }
    public int WorkOrderId { get; set; }
    public WorkOrder WorkOrder { get; set; } = null!;
    public PortalView View { get; set; }

    /// <summary>SHA-256 of the 32-byte secret carried by the link; the secret itself is never stored.</summary>
    public required byte[] SecretHash { get; set; }

    public string? CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? Recipient { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>
    /// For direct links only (made for staff to preview and copy, not emailed): the token itself,
    /// encrypted with Data Protection so the Email page can show the same link again. Emailed keys
    /// leave this empty: their token exists only in the email.
    /// </summary>
    public string? ProtectedToken { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
