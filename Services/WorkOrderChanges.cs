using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// Change stamps per work order, moved forward after every committed write that changes what the work order
/// shows. Read models cached under a stamp are exact: a reader takes the stamp before it queries, so a write
/// that commits meanwhile leaves the cached copy with an old stamp, and the next request reloads. What only the
/// staff Work Order page shows (portal activity, links, emails) has a stamp of its own, so a customer's visit,
/// which is recorded there, does not discard the portal's copy.
/// </summary>
public sealed class WorkOrderChanges
{
    private readonly ConcurrentDictionary<int, long> stamps = new();
    private readonly ConcurrentDictionary<int, long> staffStamps = new();
    private long counter;
    private long shared;
    private long sharedStaffData;

    /// <summary>
    /// The current stamp of a work order, with what only staff see when <paramref name="withStaffData"/>; it also
    /// moves when the shop's settings, a customer or an asset change.
    /// </summary>
    public WorkOrderStamp Stamp(int workOrderId, bool withStaffData = false) => new(
        stamps.GetValueOrDefault(workOrderId),
        withStaffData ? staffStamps.GetValueOrDefault(workOrderId) : 0,
        Interlocked.Read(ref shared),
        withStaffData ? Interlocked.Read(ref sharedStaffData) : 0);

    /// <summary>What everyone sees changed: the work order, its items, approvals, comments, signatures.</summary>
    public void Changed(int workOrderId) => stamps[workOrderId] = Interlocked.Increment(ref counter);

    /// <summary>What only the staff Work Order page shows changed: portal activity, links, emails.</summary>
    public void StaffDataChanged(int workOrderId) => staffStamps[workOrderId] = Interlocked.Increment(ref counter);

    /// <summary>What every work order shows changed: the shop's settings, a customer, an asset.</summary>
    public void SharedDataChanged() => Interlocked.Increment(ref shared);

    /// <summary>The links or emails of many work orders changed at once (clean-up, start-up): only staff pages reload.</summary>
    public void SharedStaffDataChanged() => Interlocked.Increment(ref sharedStaffData);
}

public readonly record struct WorkOrderStamp(long WorkOrder, long StaffData, long Shared, long SharedStaffData);

/// <summary>
/// Moves the stamps of the work orders an EF Core save touched (every content write touches its work order's
/// row, see <see cref="ShopDbContext.TouchWorkOrderAsync"/>; portal activity, links and emails name theirs), and
/// tells <see cref="StaffSessions"/> which staff users it changed. It does so after the save and again when an
/// enclosing transaction commits, since until then other connections still read the old rows. Bulk updates
/// (ExecuteUpdate) and the decision writer's own SQL bypass it: their callers move the right stamp themselves.
/// </summary>
public sealed class WorkOrderChangeInterceptor(WorkOrderChanges changes, StaffSessions sessions) : SaveChangesInterceptor
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

/// <summary>Tells <see cref="WorkOrderChangeInterceptor"/> when a transaction commits.</summary>
public sealed class WorkOrderCommitInterceptor(WorkOrderChangeInterceptor saves) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => saves.Committed(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        saves.Committed(eventData.Context);
        return Task.CompletedTask;
    }
}
