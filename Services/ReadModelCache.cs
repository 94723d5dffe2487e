using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ShopPortal.Services;

/// <summary>
/// Read models of a work order (the portal's, the staff page's, its PDFs), kept while the work order's change stamp
/// holds. Customers reload and many open the same work order; the database is read again only after a write, and
/// requests that miss under the same stamp (a burst after a change) share one read instead of each doing their own.
/// </summary>
public sealed class ReadModelCache(IMemoryCache cache, WorkOrderChanges changes)
{
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    private sealed record Entry(WorkOrderStamp Stamp, object Model);

    // The read under way for each copy, with the stamp it was taken under; removed when it ends.
    private sealed record Read(WorkOrderStamp Stamp, Task<object?> Model);

    private readonly ConcurrentDictionary<(Type, int), Read> reading = new();

    // stillGood: a further condition on a cached copy (a document printed with today's date).
    // withStaffData: the model also holds what only staff see (portal activity, links, emails).
    public async Task<T?> GetAsync<T>(int workOrderId, Func<Task<T?>> load, Func<T, bool>? stillGood = null, bool withStaffData = false,
        CancellationToken cancellationToken = default) where T : class
    {
        // The stamp is taken before reading: a write committing during the read leaves this copy stale-stamped.
        var stamp = changes.Stamp(workOrderId, withStaffData);
        var key = Key<T>(workOrderId);
        if (Cached(key, stamp, stillGood) is { } copy)
        {
            return copy;
        }

        // Requests that miss under the same stamp share one read; a read under another stamp is replaced, not
        // waited for (its copy would be stale, or, for an older request, too new for the stamp it holds).
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mine = new Read(stamp, done.Task);
        while (true)
        {
            if (!reading.TryGetValue(key, out var underWay))
            {
                // A read that ended meanwhile may have left just this copy.
                if (Cached(key, stamp, stillGood) is { } readMeanwhile)
                {
                    return readMeanwhile;
                }
                if (reading.TryAdd(key, mine))
                {
                    break;
                }
            }
            else if (underWay.Stamp == stamp)
            {
                var (read, shared) = await SharedAsync(underWay.Model, cancellationToken);
                if (read)
                {
                    // A copy that is no longer good (printed yesterday) is read again for this request alone.
                    return shared is null || stillGood is null || stillGood((T)shared) ? (T?)shared : await LoadAsync(workOrderId, withStaffData, key, stamp, load);
                }
                // Its reader gave up: one of the requests that waited for it reads instead.
                reading.TryRemove(KeyValuePair.Create(key, underWay));
            }
            else if (reading.TryUpdate(key, mine, underWay))
            {
                break;
            }
        }

        try
        {
            var model = await LoadAsync(workOrderId, withStaffData, key, stamp, load);
            done.SetResult(model);
            return model;
        }
        catch (Exception exception)
        {
            done.SetException(exception);
            // Observed here: the requests that wait for this read, if any, fail with it or, if it was cancelled, read.
            _ = done.Task.Exception;
            throw;
        }
        finally
        {
            reading.TryRemove(KeyValuePair.Create(key, mine));
        }
    }

    private async Task<T?> LoadAsync<T>(int workOrderId, bool withStaffData, (Type, int) key, WorkOrderStamp stamp, Func<Task<T?>> load) where T : class
    {
        var model = await load();
        // A write committed during the read: this copy may miss it, and must not replace a newer one.
        if (model is not null && changes.Stamp(workOrderId, withStaffData) == stamp)
        {
            cache.Set(key, new Entry(stamp, model), EntryOptions);
        }
        return model;
    }

    // The other request's copy (null: no such work order), or Read false when that request gave up before it
    // finished. A read that failed fails the requests that waited for it too.
    private static async Task<(bool Read, object? Model)> SharedAsync(Task<object?> read, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await read.WaitAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, null);
        }
    }

    /// <summary>The copy in memory whatever its stamp, for what the writes that move the stamp do not change; loads only if there is none.</summary>
    public async Task<T?> GetRecentAsync<T>(int workOrderId, Func<Task<T?>> load, CancellationToken cancellationToken = default) where T : class =>
        cache.TryGetValue(Key<T>(workOrderId), out Entry? entry) ? (T)entry!.Model : await GetAsync(workOrderId, load, cancellationToken: cancellationToken);

    private T? Cached<T>((Type, int) key, WorkOrderStamp stamp, Func<T, bool>? stillGood) where T : class =>
        cache.TryGetValue(key, out Entry? entry) && entry!.Stamp == stamp && (stillGood is null || stillGood((T)entry.Model)) ? (T)entry.Model : null;

    private static (Type, int) Key<T>(int workOrderId) => (typeof(T), workOrderId);
}
