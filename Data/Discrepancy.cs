namespace ShopPortal.Data;

/// <summary>A line item (squawk) of a work order: something found and what the shop proposes to do.</summary>
public class Discrepancy
{
    public int Id { get; set; }
    public int WorkOrderId { get; set; }
    public WorkOrder WorkOrder { get; set; } = null!;

    /// <summary>1, 2, 3... within the work order; what "item 3" means to the customer.</summary>
    public int Sequence { get; set; }

    public required string Description { get; set; }
    public string? CorrectiveAction { get; set; }
    public decimal EstimatedHours { get; set; }
    public DiscrepancyWorkStatus WorkStatus { get; set; }

    public CustomerApprovalStatus ApprovalStatus { get; set; }
    public DateTimeOffset? ApprovalChangedAt { get; set; }

    /// <summary>Who changed the approval, in words: "Customer (Estimate link #12)" or "Ann Smith (staff, by phone)".</summary>
    public string? ApprovalChangedBy { get; set; }
    public ApprovalMethod? ApprovalMethod { get; set; }
    public int? ApprovalAccessKeyId { get; set; }
    public string? RejectionReason { get; set; }

    /// <summary>
    /// The item total the standing approval covers, noted by the first staff edit after the customer approved (any
    /// decision clears it): an edit that takes the estimate above it takes the approval back, and the portal shows it
    /// beside the new total until the customer decides again.
    /// </summary>
    public decimal? ApprovedAmount { get; set; }

    /// <summary>Special instructions or notes from the customer.</summary>
    public string? CustomerInstructions { get; set; }

    /// <summary>The signature that authorized this item; set once and never cleared (the approval is locked).</summary>
    public int? AuthorizationId { get; set; }
    public WorkAuthorization? Authorization { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Concurrency token for staff edits of the item, moved by every edit of its words or price (also a labor rate
    /// change): a customer's approval posted from a page showing an older version is refused.
    /// </summary>
    public int Version { get; set; }

    public List<PartLine> Parts { get; set; } = [];
    public List<LaborEntry> Labor { get; set; } = [];
    public List<Comment> Comments { get; set; } = [];

    public bool IsLocked => AuthorizationId is not null;
}
