namespace ShopPortal.Data;

/// <summary>A customer's signature authorizing the approved items it snapshots.</summary>
public class WorkAuthorization
{
    public int Id { get; set; }
    public int WorkOrderId { get; set; }
    public WorkOrder WorkOrder { get; set; } = null!;

    /// <summary>The link used to sign; null once that key is cleaned up, the record stays readable.</summary>
    public int? AccessKeyId { get; set; }

    public required string SignerName { get; set; }
    public required byte[] SignaturePng { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>JSON of the approved items and total as the customer saw them when signing.</summary>
    public required string SnapshotJson { get; set; }

    /// <summary>Hex SHA-256 of <see cref="SnapshotJson"/>'s UTF-8 bytes.</summary>
    public required string SnapshotSha256 { get; set; }
    public required string ConsentText { get; set; }
    public decimal Total { get; set; }

    public List<Discrepancy> Discrepancies { get; set; } = [];
}
