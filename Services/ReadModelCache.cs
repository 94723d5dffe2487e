using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ShopPortal.Services;

/// <summary>
/// Read models of a work order (the portal's, the staff page's, its PDFs), kept while the work order's change stamp
/// holds. Customers reload and many open the same work order; the database is read again only after a write, and
/// requests that miss together (a burst after a change) wait for one read instead of each doing their own.
/// </summary>
public sealed class ReadModelCache(IMemoryCache cache, WorkOrderChanges changes)
{
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    private sealed record Entry(WorkOrderStamp Stamp, object Model);

    // One per copy ever missed (a kind of read model of one work order) since the start: about 100 bytes each.
    private readonly ConcurrentDictionary<(Type, int), SemaphoreSlim> loading = new();

    // stillGood: a further condition on a cached copy (a document printed with today's date).
    // withStaffData: the model also holds what only staff see (portal activity, links, emails).
    public async Task<T?> GetAsync<T>(int workOrderId, Func<Task<T?>> load, Func<T, bool>? stillGood = null, bool withStaffData = false,
        CancellationToken cancellationToken = default) where T : class
    {
        // The stamp is taken before reading: a write committing during the read leaves this copy stale-stamped.
        var stamp = changes.Stamp(workOrderId, withStaffData);
        var key = Key<T>(workOrderId);
        if (Cached(key, stamp, stillGood) is { } model)
        {
            return model;
        }
        var gate = loading.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate may have just read this very copy.
            if (Cached(key, stamp, stillGood) is { } loaded)
            {
                return loaded;
            }
            model = await load();
            if (model is not null)
            {
                cache.Set(key, new Entry(stamp, model), EntryOptions);
            }
            return model;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The copy in memory whatever its stamp, for what the writes that move the stamp do not change; loads only if there is none.</summary>
    public async Task<T?> GetRecentAsync<T>(int workOrderId, Func<Task<T?>> load, CancellationToken cancellationToken = default) where T : class =>
        cache.TryGetValue(Key<T>(workOrderId), out Entry? entry) ? (T)entry!.Model : await GetAsync(workOrderId, load, cancellationToken: cancellationToken);

    private T? Cached<T>((Type, int) key, WorkOrderStamp stamp, Func<T, bool>? stillGood) where T : class =>
        cache.TryGetValue(key, out Entry? entry) && entry!.Stamp == stamp && (stillGood is null || stillGood((T)entry.Model)) ? (T)entry.Model : null;

    private static (Type, int) Key<T>(int workOrderId) => (typeof(T), workOrderId);
}
