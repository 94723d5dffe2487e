using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

public enum CustomerDecision
{
    Approve,
    Reject,
    Clear,
}

/// <summary>The item a decision is about, as the decision writer reads it.</summary>
internal sealed record DecisionTarget(int Id, int WorkOrderId, int Sequence, int? AuthorizationId, bool WorkOrderClosed, int Version);

/// <summary>An item's new approval (the <see cref="Discrepancy"/> columns of that name) and the audit row that records it.</summary>
internal sealed record DecisionChange(
    CustomerApprovalStatus ApprovalStatus,
    DateTimeOffset ApprovalChangedAt,
    string ApprovalChangedBy,
    ApprovalMethod ApprovalMethod,
    int? ApprovalAccessKeyId,
    string? RejectionReason,
    PortalActivity Activity);

public enum DecisionOutcome
{
    Done,

    /// <summary>No such item on this work order: nothing changes, whatever id was posted.</summary>
    NoSuchItem,

    /// <summary>The item was authorized by a signature; its approval can no longer change.</summary>
    Locked,

    /// <summary>The work order is invoiced or closed: decisions and instructions can no longer change.</summary>
    Closed,

    /// <summary>The shop changed the item since the customer's page showed it: an approval is of what was seen.</summary>
    Changed,
}

/// <summary>Customer decisions on discrepancies, through the portal or recorded by staff, each audited.</summary>
public sealed class CustomerApprovals(ShopDbContext db, DecisionWriter writer, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// Approve, reject or clear one item; durable when this returns. <paramref name="seenVersion"/> is the item's version
    /// on the page the customer approved from: an approval of an item the shop has changed since is refused. Staff
    /// recording what the customer said pass null.
    /// </summary>
    public Task<DecisionOutcome> DecideAsync(int workOrderId, int discrepancyId, CustomerDecision decision, string? reason, PortalActor actor,
        int? seenVersion, CancellationToken cancellationToken) =>
        writer.DecideAsync(workOrderId, discrepancyId, decision, reason, actor, seenVersion, cancellationToken);

    /// <summary>
    /// What one decision changes: the item's approval and its audit row; null when the item is locked. Every
    /// accepted decision is recorded, also a repeated one (a second Approve, a Clear of a pending item): one row
    /// per click the customer made.
    /// </summary>
    internal static DecisionChange? Decide(DecisionTarget item, CustomerDecision decision, string? reason, PortalActor actor, DateTimeOffset now)
    {
        // A signed item's approval is locked: the signature covers it.
        if (item.AuthorizationId is not null)
        {
            return null;
        }
        reason = decision == CustomerDecision.Reject && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null;
        var (status, kind) = decision switch
        {
            CustomerDecision.Approve => (CustomerApprovalStatus.Approved, PortalActivityKind.Approved),
            CustomerDecision.Reject => (CustomerApprovalStatus.Rejected, PortalActivityKind.Rejected),
            _ => (CustomerApprovalStatus.Pending, PortalActivityKind.Cleared),
        };
        var activity = actor.Activity(item.WorkOrderId, kind, now, item.Id, reason is null ? $"Item {item.Sequence}" : $"Item {item.Sequence}: {reason}");
        return new DecisionChange(status, now, actor.ChangedBy, actor.Method, actor.Access?.KeyId, reason, activity);
    }

    /// <summary>
    /// A staff edit changed an item's estimate from <paramref name="before"/> to <paramref name="after"/>. The customer's
    /// approval is of an amount: the first edit after it notes that amount, and an edit that takes the estimate above it
    /// takes the approval back (the item turns pending, the portal shows both totals, the audit trail says who raised
    /// it). A lower estimate keeps the approval. An invoiced or closed work order takes no such edit (its status is set
    /// back first), so nothing unapproved is billed. The item must be tracked by <paramref name="db"/>; the caller
    /// saves. Answers whether the approval was taken back.
    /// </summary>
    internal static bool Reprice(ShopDbContext db, Discrepancy item, decimal before, decimal after, string staffName, string currency, DateTimeOffset now)
    {
        if (item.ApprovalStatus != CustomerApprovalStatus.Approved || item.AuthorizationId is not null)
        {
            return false;
        }
        var approved = item.ApprovedAmount ??= before;
        if (after <= approved)
        {
            return false;
        }
        var raise = $"estimate raised from {ShopProfile.FormatMoney(approved, currency)} to {ShopProfile.FormatMoney(after, currency)}";
        item.ApprovalStatus = CustomerApprovalStatus.Pending;
        item.ApprovalChangedAt = now;
        item.ApprovalChangedBy = $"{staffName} ({raise})";
        item.ApprovalMethod = null;
        item.ApprovalAccessKeyId = null;
        item.RejectionReason = null;
        db.PortalActivities.Add(PortalActivity.ByStaff(item.WorkOrderId, PortalActivityKind.Cleared, staffName, now, item.Id,
            $"Item {item.Sequence}: {raise}; the customer approves it again"));
        return true;
    }

    /// <summary>The customer's special instructions or notes for one item.</summary>
    public async Task<DecisionOutcome> SetInstructionsAsync(int workOrderId, int discrepancyId, string? instructions, PortalActor actor, CancellationToken cancellationToken)
    {
        // Under the write lock: the shop cannot remove the item between this read and the write.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.Discrepancies.Include(d => d.WorkOrder).SingleOrDefaultAsync(d => d.Id == discrepancyId && d.WorkOrderId == workOrderId, cancellationToken);
        if (item is null)
        {
            return DecisionOutcome.NoSuchItem;
        }
        if (!item.WorkOrder.Status.AcceptsDecisions())
        {
            return DecisionOutcome.Closed;
        }
        var now = clock.GetUtcNow();
        item.CustomerInstructions = string.IsNullOrWhiteSpace(instructions) ? null : instructions.Trim();
        db.PortalActivities.Add(actor.Activity(workOrderId, PortalActivityKind.InstructionsChanged, now, item.Id, $"Item {item.Sequence}"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DecisionOutcome.Done;
    }
}
