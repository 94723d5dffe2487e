using System.Collections.Concurrent;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services.Portal;

namespace ShopPortal.Services.Email;

/// <summary>
/// Tells the managers when a customer acts in the portal. Clicks within the batch window (a few minutes)
/// become one email: the first click schedules the job, later ones ride along.
/// </summary>
public sealed class CustomerNotifications(IBackgroundJobClient jobs, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<int, byte> scheduled = new();

    public TimeSpan BatchWindow => TimeSpan.FromMinutes(configuration.GetValue("Notifications:BatchMinutes", 5.0));

    public void CustomerActed(int workOrderId)
    {
        if (scheduled.TryAdd(workOrderId, 0))
        {
            jobs.Schedule<CustomerNotificationJob>(job => job.NotifyAsync(workOrderId, CancellationToken.None), BatchWindow);
        }
    }

    internal void Done(int workOrderId) => scheduled.TryRemove(workOrderId, out _);
}

public sealed class CustomerNotificationJob(ShopDbContext db, EmailOutbox outbox, PortalLinks links, CustomerNotifications notifications, ShopProfile profile, TimeProvider clock)
{
    private static readonly PortalActivityKind[] Notable =
    [
        PortalActivityKind.Approved, PortalActivityKind.Rejected, PortalActivityKind.Cleared,
        PortalActivityKind.Commented, PortalActivityKind.InstructionsChanged, PortalActivityKind.Signed,
    ];

    /// <summary>
    /// How many of the customer's actions one email lists, the latest; the subject counts them all. A customer who
    /// clicks back and forth hundreds of times gets the shop one readable email, and the job stays small.
    /// </summary>
    public const int ListedInEmail = 50;

    [AutomaticRetry(Attempts = 3)]
    public async Task NotifyAsync(int workOrderId, CancellationToken cancellationToken)
    {
        notifications.Done(workOrderId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = Pending().Where(a => a.WorkOrderId == workOrderId);
        var latest = await pending.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(ListedInEmail).ToListAsync(cancellationToken);
        var managers = await outbox.ManagerAddressesAsync(cancellationToken);
        if (latest.Count == 0 || managers.Count == 0)
        {
            return;
        }
        var all = await pending.GroupBy(_ => 1).Select(g => new { Count = g.Count(), LastId = g.Max(a => a.Id) }).SingleAsync(cancellationToken);
        var workOrder = await db.WorkOrders.AsNoTracking().Where(w => w.Id == workOrderId)
            .Select(w => new { w.Number, w.Asset.Registration, Customer = w.Customer.Name }).SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        latest.Reverse();
        var shop = await profile.GetAsync(cancellationToken);
        var lines = latest.ConvertAll(a => new EmailTemplates.ActivityLine(shop.Time(a.At, "yyyy-MM-dd HH:mm"), a.Detail is null ? a.Kind.Label() : $"{a.Kind.Label()}: {a.Detail}"));
        var url = $"{await links.PublicBaseUrlAsync(cancellationToken)}/WorkOrders/{workOrderId}";
        var (subject, html, text) = EmailTemplates.CustomerActivity(shop.ShopName, workOrder.Number, workOrder.Registration, workOrder.Customer, lines, all.Count, url);
        var email = outbox.Add(OutboxEmailKind.ManagerNotification, managers[0], managers.Skip(1), subject, html, text, workOrderId);
        // The transaction holds the write lock (BEGIN IMMEDIATE), so what is marked is what was read; the bound
        // keeps it so should the lock ever be taken later. The email row moves the staff page's stamp.
        await pending.Where(a => a.Id <= all.LastId).ExecuteUpdateAsync(a => a.SetProperty(x => x.NotifiedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Dispatch(email.Id);
    }

    /// <summary>Recurring: notifications whose scheduled job was lost to a restart.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var workOrders = await Overdue(clock.GetUtcNow() - notifications.BatchWindow - TimeSpan.FromMinutes(1)).ToListAsync(cancellationToken);
        foreach (var workOrderId in workOrders)
        {
            await NotifyAsync(workOrderId, cancellationToken);
        }
    }

    /// <summary>Work orders with customer actions older than <paramref name="before"/> that no email has reported.</summary>
    internal IQueryable<int> Overdue(DateTimeOffset before) => Pending().Where(a => a.At <= before).Select(a => a.WorkOrderId).Distinct();

    // Only what the customer did through a link; staff previews and staff-recorded decisions are the shop's own.
    private IQueryable<PortalActivity> Pending() =>
        db.PortalActivities.Where(a => a.NotifiedAt == null && !a.IsStaffPreview && a.AccessKeyId != null && Notable.Contains(a.Kind));
}
