namespace ShopPortal.Data;

/// <summary>The words people read for each enum value.</summary>
public static class EnumLabels
{
    public static string Label(this WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Label(this DiscrepancyWorkStatus status) => status switch
    {
        DiscrepancyWorkStatus.NotStarted => "Not started",
        DiscrepancyWorkStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Label(this PortalView view) => view switch
    {
        PortalView.WorkAuthorization => "Work Authorization",
        PortalView.ProgressReport => "Progress Report",
        _ => view.ToString(),
    };

    public static string Label(this OutboxEmailKind kind) => kind switch
    {
        OutboxEmailKind.PortalInvitation => "Customer link",
        OutboxEmailKind.ManagerNotification => "Manager notification",
        OutboxEmailKind.Account => "Account",
        _ => kind.ToString(),
    };

    public static string Label(this ApprovalMethod method) => method switch
    {
        ApprovalMethod.Portal => "through the portal",
        ApprovalMethod.Phone => "by phone",
        ApprovalMethod.InPerson => "in person",
        ApprovalMethod.Email => "by email",
        _ => method.ToString(),
    };

    public static string Label(this PortalActivityKind kind) => kind switch
    {
        PortalActivityKind.Viewed => "Viewed",
        PortalActivityKind.Approved => "Approved",
        PortalActivityKind.Rejected => "Rejected",
        PortalActivityKind.Cleared => "Cleared decision",
        PortalActivityKind.Commented => "Commented",
        PortalActivityKind.InstructionsChanged => "Changed instructions",
        PortalActivityKind.Signed => "Signed",
        PortalActivityKind.DownloadedPdf => "Downloaded PDF",
        PortalActivityKind.CommentDeleted => "Deleted a comment",
        PortalActivityKind.ItemRemoved => "Removed an item",
        _ => kind.ToString(),
    };

    /// <summary>Bootstrap badge colour for an approval status.</summary>
    public static string BadgeClass(this CustomerApprovalStatus status) => status switch
    {
        CustomerApprovalStatus.Approved => "text-bg-success",
        CustomerApprovalStatus.Rejected => "text-bg-danger",
        _ => "text-bg-warning",
    };
}
