using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>The conversation on a discrepancy between the customer (portal) and the shop (Work Order page).</summary>
public sealed class Comments(ShopDbContext db, ShopProfile profile, TimeProvider clock)
{
    /// <summary>A customer comment through a link; false when the item is not on the link's work order.</summary>
    public async Task<bool> AddFromCustomerAsync(int workOrderId, int discrepancyId, string body, PortalActor actor, CancellationToken cancellationToken)
    {
        // Under the write lock: the shop cannot remove the item between this read and the write.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.Discrepancies.Where(d => d.Id == discrepancyId && d.WorkOrderId == workOrderId)
            .Select(d => new { d.Id, d.Sequence }).SingleOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        db.Comments.Add(new Comment
        {
            DiscrepancyId = item.Id,
            Body = body.Trim(),
            AuthorKind = actor.IsStaff ? CommentAuthorKind.Staff : CommentAuthorKind.Customer,
            AuthorName = actor.Name,
            AccessKeyId = actor.Access?.KeyId,
            CreatedAt = now,
        });
        db.PortalActivities.Add(actor.Activity(workOrderId, PortalActivityKind.Commented, now, item.Id, $"Item {item.Sequence}"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A reply from a technician or manager, shown to the customer in the portal.</summary>
    public async Task<bool> AddFromStaffAsync(int workOrderId, int discrepancyId, string body, string staffUserId, string staffName, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Discrepancies.AnyAsync(d => d.Id == discrepancyId && d.WorkOrderId == workOrderId, cancellationToken))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        db.Comments.Add(new Comment
        {
            DiscrepancyId = discrepancyId,
            Body = body.Trim(),
            AuthorKind = CommentAuthorKind.Staff,
            AuthorName = staffName,
            StaffUserId = staffUserId,
            CreatedAt = now,
        });
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Hides a comment (managers only; the caller checks the role). The text stays in the database, audited.</summary>
    public async Task<bool> DeleteAsync(int workOrderId, int commentId, string managerName, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.Include(c => c.Discrepancy)
            .SingleOrDefaultAsync(c => c.Id == commentId && c.Discrepancy.WorkOrderId == workOrderId && c.DeletedAt == null, cancellationToken);
        if (comment is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        comment.DeletedAt = now;
        comment.DeletedBy = managerName;
        db.PortalActivities.Add(PortalActivity.ByStaff(workOrderId, PortalActivityKind.CommentDeleted, managerName, now, comment.DiscrepancyId,
            $"Item {comment.Discrepancy.Sequence}: comment by {comment.AuthorName} of {(await profile.GetAsync(cancellationToken)).Recorded(comment.CreatedAt)}"));
        await db.TouchWorkOrderAsync(workOrderId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
