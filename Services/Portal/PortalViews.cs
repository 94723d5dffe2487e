using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>
/// Records that a link was opened or its PDF downloaded. A customer reloading the page should not flood the
/// audit trail (or turn every read into a write), so one of each per link and viewer kind is recorded per quarter hour.
/// </summary>
public sealed class PortalViews(IServiceScopeFactory scopes, WorkOrderChanges changes, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<(int KeyId, bool Staff, PortalActivityKind Kind), DateTimeOffset> lastRecorded = new();

    public async Task RecordAsync(PortalActor actor, int workOrderId, PortalActivityKind kind, CancellationToken cancellationToken)
    {
        if (actor.Access is not { } access)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var slot = (access.KeyId, actor.IsStaff, kind);
        if (lastRecorded.TryGetValue(slot, out var last) && now - last < Interval)
        {
            return;
        }
        lastRecorded[slot] = now;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        db.PortalActivities.Add(actor.Activity(workOrderId, kind, now));
        await db.SaveChangesAsync(cancellationToken);
        if (!actor.IsStaff)
        {
            await db.PortalAccessKeys.Where(k => k.Id == access.KeyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            changes.StaffDataChanged(workOrderId);
        }
    }
}
