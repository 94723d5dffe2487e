using Microsoft.Extensions.Caching.Memory;

namespace ShopPortal.Services;

/// <summary>
/// Read models of a work order (the portal's, the staff page's), kept while the work order's change stamp
/// holds. Customers reload and many open the same work order; the database is read again only after a write.
/// </summary>
public sealed class ReadModelCache(IMemoryCache cache, WorkOrderChanges changes)
{
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    private sealed record Entry(WorkOrderStamp Stamp, object Model);

    // stillGood: a further condition on a cached copy (a document printed with today's date).
    // withStaffData: the model also holds what only staff see (portal activity, links, emails).
    public async Task<T?> GetAsync<T>(int workOrderId, Func<Task<T?>> load, Func<T, bool>? stillGood = null, bool withStaffData = false) where T : class
    {
        // The stamp is taken before reading: a write committing during the read leaves this copy stale-stamped.
        var stamp = changes.Stamp(workOrderId, withStaffData);
        var key = Key<T>(workOrderId);
        if (cache.TryGetValue(key, out Entry? entry) && entry!.Stamp == stamp && (stillGood is null || stillGood((T)entry.Model)))
        {
            return (T)entry.Model;
        }
        var model = await load();
        if (model is not null)
        {
            cache.Set(key, new Entry(stamp, model), EntryOptions);
        }
        return model;
    }

    /// <summary>The copy in memory whatever its stamp, for what the writes that move the stamp do not change; loads only if there is none.</summary>
    public async Task<T?> GetRecentAsync<T>(int workOrderId, Func<Task<T?>> load) where T : class =>
        cache.TryGetValue(Key<T>(workOrderId), out Entry? entry) ? (T)entry!.Model : await GetAsync(workOrderId, load);

    private static (Type, int) Key<T>(int workOrderId) => (typeof(T), workOrderId);
}
