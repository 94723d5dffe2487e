using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>Who did something to a work order through the portal or on the customer's behalf, for the audit trail.</summary>
public sealed record PortalActor(PortalAccess? Access, string Name, bool IsStaff, ApprovalMethod Method, string? IpAddress, string? UserAgent)
{
    public const string CustomerName = "Customer";
    private const int MaxUserAgent = 512;

    /// <summary>The customer, through a link. A signed-in staff member opening the link is a preview, not the customer.</summary>
    public static PortalActor FromRequest(PortalAccess access, HttpContext http)
    {
        var staff = http.User.Identity?.IsAuthenticated == true ? http.User.DisplayName() : null;
        return new PortalActor(access, staff ?? CustomerName, staff is not null, ApprovalMethod.Portal, Ip(http), AgentOf(http));
    }

    /// <summary>A staff member recording what the customer said by phone, in person or by email.</summary>
    public static PortalActor StaffRecording(string staffName, ApprovalMethod method, HttpContext http) =>
        new(null, staffName, true, method, Ip(http), AgentOf(http));

    public bool IsStaffPreview => IsStaff && Access is not null;

    /// <summary>What the Work Order page shows next to a decision: who, and through which link.</summary>
    public string ChangedBy => (Access, IsStaff) switch
    {
        ({ } access, false) => $"Customer via {access.View.Label()} link #{access.KeyId}",
        ({ } access, true) => $"{Name} (staff preview of {access.View.Label()} link #{access.KeyId})",
        (null, _) => $"Customer {Method.Label()}, recorded by {Name}",
    };

    public PortalActivity Activity(int workOrderId, PortalActivityKind kind, DateTimeOffset at, int? discrepancyId = null, string? detail = null) => new()
    {
        WorkOrderId = workOrderId,
        AccessKeyId = Access?.KeyId,
        View = Access?.View,
        Kind = kind,
        DiscrepancyId = discrepancyId,
        Actor = Access is null ? ChangedBy : Name,
        IsStaffPreview = IsStaffPreview,
        At = at,
        IpAddress = IpAddress,
        UserAgent = UserAgent,
        Detail = PortalActivity.Limit(detail),
    };

    private static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string? AgentOf(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent.Length > MaxUserAgent ? agent[..MaxUserAgent] : agent;
    }
}
