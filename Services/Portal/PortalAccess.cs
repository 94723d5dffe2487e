using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>What a valid link grants: one view of one work order.</summary>
public sealed record PortalAccess(int KeyId, int WorkOrderId, PortalView View, DateTimeOffset ExpiresAt)
{
    public bool ShowsPrices => View is PortalView.Estimate or PortalView.Invoice;
    public bool AllowsDecisions => View is PortalView.WorkAuthorization or PortalView.Estimate;
    public bool AllowsSigning => View is PortalView.Estimate;
    public bool HasPdf => View is PortalView.Estimate or PortalView.Invoice;
}

public enum PortalAccessState
{
    /// <summary>Not a token of ours, or its key no longer exists: 404, no detail.</summary>
    NotFound,

    /// <summary>Expired or revoked: a friendly page that names nothing.</summary>
    Expired,
    Valid,
}

/// <summary>
/// Key rows by id, cached briefly because every portal request needs one. Revocation forgets the entry,
/// so a revoked link stops working on the very next request.
/// </summary>
public sealed class PortalAccessCache(IMemoryCache cache)
{
    internal sealed record KeyInfo(int WorkOrderId, PortalView View, byte[] SecretHash, DateTimeOffset ExpiresAt, bool Revoked);

    private static readonly MemoryCacheEntryOptions EntryOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    // Moved by every Forget. A request that read a key just before a revocation committed must not put what it read
    // in the cache after the revocation's Forget: it would keep the link open for as long as it is used.
    private long forgets;

    internal bool TryGet(int keyId, out KeyInfo? info) => cache.TryGetValue(CacheKey(keyId), out info);

    /// <summary>Taken before reading a key from the database, and handed to <see cref="Set"/> with what was read.</summary>
    internal long Stamp => Interlocked.Read(ref forgets);

    /// <summary>Keeps what was read, unless a key was forgotten since <paramref name="readAt"/>: then it may be stale.</summary>
    internal void Set(int keyId, KeyInfo info, long readAt)
    {
        cache.Set(CacheKey(keyId), info, EntryOptions);
        // Checked after the write: a Forget between the check and the write would otherwise be undone by it.
        if (Stamp != readAt)
        {
            cache.Remove(CacheKey(keyId));
        }
    }

    /// <summary>Called after a change to the key is committed.</summary>
    public void Forget(int keyId)
    {
        Interlocked.Increment(ref forgets);
        cache.Remove(CacheKey(keyId));
    }

    // Tokens opened before: a customer reloads, and every click posts to the link. Only tokens that decrypted are
    // kept, so this holds the links in use, not what strangers try.
    internal bool TryGetToken(string token, out PortalTokens.ParsedToken parsed) => cache.TryGetValue(("portal-token", token), out parsed);

    internal void SetToken(string token, PortalTokens.ParsedToken parsed) => cache.Set(("portal-token", token), parsed, EntryOptions);

    private static (string, int) CacheKey(int keyId) => ("portal-key", keyId);
}

/// <summary>Turns the token of a request into what it grants.</summary>
public sealed class PortalAccessResolver(ShopDbContext db, PortalTokens tokens, PortalAccessCache cache, TimeProvider clock)
{
    public async Task<(PortalAccessState State, PortalAccess? Access)> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (PortalAccessState.NotFound, null);
        }
        if (!cache.TryGetToken(token, out var parsed))
        {
            if (tokens.Parse(token) is not { } opened)
            {
                return (PortalAccessState.NotFound, null);
            }
            parsed = opened;
            cache.SetToken(token, parsed);
        }

        if (!cache.TryGet(parsed.KeyId, out var info) || info is null)
        {
            var readAt = cache.Stamp;
            info = await db.PortalAccessKeys.AsNoTracking().Where(k => k.Id == parsed.KeyId)
                .Select(k => new PortalAccessCache.KeyInfo(k.WorkOrderId, k.View, k.SecretHash, k.ExpiresAt, k.RevokedAt != null))
                .SingleOrDefaultAsync(cancellationToken);
            if (info is null)
            {
                return (PortalAccessState.NotFound, null);
            }
            cache.Set(parsed.KeyId, info, readAt);
        }

        if (!PortalTokens.Matches(parsed, info.SecretHash))
        {
            return (PortalAccessState.NotFound, null);
        }
        if (info.Revoked || info.ExpiresAt <= clock.GetUtcNow())
        {
            return (PortalAccessState.Expired, null);
        }
        return (PortalAccessState.Valid, new PortalAccess(parsed.KeyId, info.WorkOrderId, info.View, info.ExpiresAt));
    }
}
