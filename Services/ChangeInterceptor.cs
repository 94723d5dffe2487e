using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// Tells the caches what an EF Core save changed: it moves the stamps of the work orders the save touched (every
/// content write touches its work order's row, see <see cref="ShopDbContext.TouchWorkOrderAsync"/>; portal
/// activity, links and emails name theirs) in <see cref="WorkOrderChanges"/>, and names the staff users it changed
/// to <see cref="StaffSessions"/>; a change of the shop's settings, a customer or an asset also makes
/// <see cref="ShopProfile"/> read the settings again. It does so after the save and again when an enclosing transaction commits, since
/// until then other connections still read the old rows. Bulk updates (ExecuteUpdate) and the decision writer's own
/// SQL bypass it: their callers move the right stamp themselves, and a bulk update of users would have to call
/// <see cref="StaffSessions.Changed"/> (none does today), or a stale stamp would turn away the user's new sessions.
/// </summary>
public sealed class ChangeInterceptor(WorkOrderChanges changes, StaffSessions sessions, ShopProfile profile) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<(int WorkOrderId, bool StaffDataOnly)>> pending = new();
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> pendingUsers = new();
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> sharedPending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return result;
    }

    internal void Committed(DbContext? context) => Publish(context, keep: false);

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var ids = pending.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case WorkOrder workOrder when entry.State != EntityState.Added:
                    ids.Add((workOrder.Id, false));
                    break;
                // What the staff Work Order page shows besides the work order itself.
                case PortalActivity activity:
                    ids.Add((activity.WorkOrderId, true));
                    break;
                case PortalAccessKey key:
                    ids.Add((key.WorkOrderId, true));
                    break;
                case OutboxEmail { WorkOrderId: { } emailWorkOrderId }:
                    ids.Add((emailWorkOrderId, true));
                    break;
                // Shop settings, customers and assets show on many work orders; they change rarely: move every stamp.
                case ShopSettings or Customer or Asset:
                    sharedPending.GetOrCreateValue(context).Value = true;
                    break;
                case ShopUser user:
                    pendingUsers.GetOrCreateValue(context).Add(user.Id);
                    break;
            }
        }
    }

    private void Publish(DbContext? context, bool keep)
    {
        if (context is null)
        {
            return;
        }
        if (pending.TryGetValue(context, out var ids))
        {
            foreach (var (id, staffDataOnly) in ids)
            {
                if (staffDataOnly)
                {
                    changes.StaffDataChanged(id);
                }
                else
                {
                    changes.Changed(id);
                }
            }
            if (!keep)
            {
                ids.Clear();
            }
        }
        if (sharedPending.TryGetValue(context, out var flag) && flag.Value)
        {
            // The settings first: a page or PDF cached under the new stamp is then built from the new settings.
            profile.Invalidate();
            changes.SharedDataChanged();
            flag.Value = keep;
        }
        if (pendingUsers.TryGetValue(context, out var users))
        {
            foreach (var userId in users)
            {
                sessions.Changed(userId);
            }
            if (!keep)
            {
                users.Clear();
            }
        }
    }
}

/// <summary>Tells <see cref="ChangeInterceptor"/> when a transaction commits.</summary>
public sealed class CommitInterceptor(ChangeInterceptor saves) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => saves.Committed(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        saves.Committed(eventData.Context);
        return Task.CompletedTask;
    }
}
