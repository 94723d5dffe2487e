using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

public enum CustomerDecision
{
    Approve,
    Reject,
    Clear,
}

public enum DecisionOutcome
{
    Done,

    /// <summary>No such item on this work order: nothing changes, whatever id was posted.</summary>
    NoSuchItem,

    /// <summary>The item was authorized by a signature; its approval can no longer change.</summary>
    Locked,

    /// <summary>Clear was asked for an item with no decision.</summary>
    NothingToClear,
}

/// <summary>Customer decisions on discrepancies, through the portal or recorded by staff, each audited.</summary>
public sealed class CustomerApprovals(ShopDbContext db, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    public async Task<DecisionOutcome> DecideAsync(int workOrderId, int discrepancyId, CustomerDecision decision, string? reason, PortalActor actor,
        CancellationToken cancellationToken)
    {
        // One write transaction for read-check-write: a signature committing meanwhile cannot be undone by a Clear.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.Discrepancies.SingleOrDefaultAsync(d => d.Id == discrepancyId && d.WorkOrderId == workOrderId, cancellationToken);
        if (item is null)
        {
            return DecisionOutcome.NoSuchItem;
        }
        if (item.AuthorizationId is not null)
        {
            return DecisionOutcome.Locked;
        }
        if (decision == CustomerDecision.Clear && item.ApprovalStatus == CustomerApprovalStatus.Pending)
        {
            return DecisionOutcome.NothingToClear;
        }

        var now = clock.GetUtcNow();
        reason = decision == CustomerDecision.Reject && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null;
        item.ApprovalStatus = decision switch
        {
            CustomerDecision.Approve => CustomerApprovalStatus.Approved,
            CustomerDecision.Reject => CustomerApprovalStatus.Rejected,
            _ => CustomerApprovalStatus.Pending,
        };
        item.ApprovalChangedAt = now;
        item.ApprovalChangedBy = actor.ChangedBy;
        item.ApprovalMethod = actor.Method;
        item.ApprovalAccessKeyId = actor.Access?.KeyId;
        item.RejectionReason = reason;

        var kind = decision switch
        {
            CustomerDecision.Approve => PortalActivityKind.Approved,
            CustomerDecision.Reject => PortalActivityKind.Rejected,
            _ => PortalActivityKind.Cleared,
        };
        db.PortalActivities.Add(actor.Activity(workOrderId, kind, now, item.Id, reason is null ? $"Item {item.Sequence}" : $"Item {item.Sequence}: {reason}"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DecisionOutcome.Done;
    }

    /// <summary>The customer's special instructions or notes for one item.</summary>
    public async Task<DecisionOutcome> SetInstructionsAsync(int workOrderId, int discrepancyId, string? instructions, PortalActor actor, CancellationToken cancellationToken)
    {
        var item = await db.Discrepancies.SingleOrDefaultAsync(d => d.Id == discrepancyId && d.WorkOrderId == workOrderId, cancellationToken);
        if (item is null)
        {
            return DecisionOutcome.NoSuchItem;
        }
        var now = clock.GetUtcNow();
        item.CustomerInstructions = string.IsNullOrWhiteSpace(instructions) ? null : instructions.Trim();
        db.PortalActivities.Add(actor.Activity(workOrderId, PortalActivityKind.InstructionsChanged, now, item.Id, $"Item {item.Sequence}"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return DecisionOutcome.Done;
    }
}
