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

    internal bool TryGet(int keyId, out KeyInfo? info) => cache.TryGetValue(CacheKey(keyId), out info);

    internal void Set(int keyId, KeyInfo info) => cache.Set(CacheKey(keyId), info, EntryOptions);

    public void Forget(int keyId) => cache.Remove(CacheKey(keyId));

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
            info = await db.PortalAccessKeys.AsNoTracking().Where(k => k.Id == parsed.KeyId)
                .Select(k => new PortalAccessCache.KeyInfo(k.WorkOrderId, k.View, k.SecretHash, k.ExpiresAt, k.RevokedAt != null))
                .SingleOrDefaultAsync(cancellationToken);
            if (info is null)
            {
                return (PortalAccessState.NotFound, null);
            }
            cache.Set(parsed.KeyId, info);
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
