using Hangfire;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>
/// Deletes access keys that expired long ago. The audit trail keeps the key's number, view and actor in
/// its own columns (no foreign key), so activity, comments and signatures still read the same without it.
/// </summary>
public sealed class PortalKeyCleanup(ShopDbContext db, WorkOrderChanges changes, IConfiguration configuration, TimeProvider clock, ILogger<PortalKeyCleanup> logger)
{
    public int RetentionDays => configuration.GetValue("Portal:ExpiredKeyRetentionDays", 30);

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var days = RetentionDays;
        var cutoff = clock.GetUtcNow().AddDays(-days);
        var deleted = await db.PortalAccessKeys.Where(k => k.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            // Gone from the links tables of several work orders.
            changes.SharedStaffDataChanged();
            logger.LogInformation("Deleted {Count} portal access keys expired for more than {Days} days", deleted, days);
        }
        return deleted;
    }
}
