using System.Collections.Concurrent;

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
