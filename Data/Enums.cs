using System.ComponentModel.DataAnnotations;

namespace ShopPortal.Data;

public enum WorkOrderStatus
{
    Open,
    [Display(Name = "In progress")]
    InProgress,
    Completed,
    Invoiced,
    Closed,
}

public static class WorkOrderStatuses
{
    /// <summary>Once invoiced or closed, the customer can still read, download and ask, but no longer decide or sign.</summary>
    public static readonly WorkOrderStatus[] ClosedToDecisions = [WorkOrderStatus.Invoiced, WorkOrderStatus.Closed];

    public static bool AcceptsDecisions(this WorkOrderStatus status) => !ClosedToDecisions.Contains(status);

    /// <summary>
    /// The same statuses seen from the shop: the work order is billed, so its items, parts, labor and rates stay as
    /// invoiced until its status is set back.
    /// </summary>
    public static bool IsBilled(this WorkOrderStatus status) => ClosedToDecisions.Contains(status);
}

public enum DiscrepancyWorkStatus
{
    [Display(Name = "Not started")]
    NotStarted,
    [Display(Name = "In progress")]
    InProgress,
    Completed,
    Deferred,
}

public enum CustomerApprovalStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>How a customer decision reached the shop.</summary>
public enum ApprovalMethod
{
    Portal,
    [Display(Name = "By phone")]
    Phone,
    [Display(Name = "In person")]
    InPerson,
    [Display(Name = "By email")]
    Email,
}

/// <summary>The one view of one work order that a portal access key opens.</summary>
public enum PortalView
{
    WorkAuthorization,
    Estimate,
    ProgressReport,
    Invoice,
}

public enum PortalActivityKind
{
    Viewed,
    Approved,
    Rejected,
    Cleared,
    Commented,
    InstructionsChanged,
    Signed,
    DownloadedPdf,
    CommentDeleted,
    ItemRemoved,
}

public enum OutboxEmailStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
}

public enum OutboxEmailKind
{
    PortalInvitation,
    ManagerNotification,
    Account,
}

public enum CommentAuthorKind
{
    Customer,
    Staff,
}
