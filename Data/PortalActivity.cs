namespace ShopPortal.Data;

/// <summary>Audit trail of the customer portal. Readable without the access key, which may be deleted.</summary>
public class PortalActivity
{
    public long Id { get; set; }
    public int WorkOrderId { get; set; }
    public int? AccessKeyId { get; set; }
    /// <summary>The view of the link used; null for decisions staff recorded (by phone, in person).</summary>
    public PortalView? View { get; set; }
    public PortalActivityKind Kind { get; set; }
    public int? DiscrepancyId { get; set; }

    /// <summary>"Customer" or the staff member's name.</summary>
    public required string Actor { get; set; }

    /// <summary>A signed-in staff member opening a link is a preview, not the customer.</summary>
    public bool IsStaffPreview { get; set; }
    public DateTimeOffset At { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Detail { get; set; }

    /// <summary>When the managers' notification email covering this activity was queued.</summary>
    public DateTimeOffset? NotifiedAt { get; set; }

    public const int MaxDetail = 1000;

    /// <summary>Something the shop itself did to the work order: no link, so no notification to the managers.</summary>
    public static PortalActivity ByStaff(int workOrderId, PortalActivityKind kind, string staffName, DateTimeOffset at, int? discrepancyId, string detail) => new()
    {
        WorkOrderId = workOrderId,
        Kind = kind,
        DiscrepancyId = discrepancyId,
        Actor = staffName,
        At = at,
        Detail = Limit(detail),
    };

    public static string? Limit(string? detail) => detail is { Length: > MaxDetail } ? detail[..MaxDetail] : detail;
}
