using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

public sealed record IssuedLink(int KeyId, PortalView View, string Token, string Url, DateTimeOffset ExpiresAt);

public sealed record PortalKeyRow(int Id, PortalView View, string CreatedByName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string? RevokedBy, string? Recipient, DateTimeOffset? LastUsedAt, bool IsDirectLink)
{
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>Creates, lists and revokes portal access keys, and builds the links customers receive.</summary>
public sealed class PortalLinks(ShopDbContext db, PortalTokens tokens, PortalAccessCache accessCache, WorkOrderChanges changes, ShopProfile profile,
    IConfiguration configuration, TimeProvider clock)
{
    public const int MinExpiryHours = 1;
    public const int MaxExpiryHours = 720;

    /// <summary>
    /// A new key for one view of one work order. Saves the key (inside the caller's transaction, if any);
    /// the token exists only in the returned link unless <paramref name="keepStaffCopy"/> asks to keep an encrypted copy.
    /// </summary>
    public async Task<IssuedLink> CreateAsync(int workOrderId, PortalView view, int expiryHours, string? recipient, string? createdById, string createdByName,
        bool keepStaffCopy, CancellationToken cancellationToken)
    {
        if (expiryHours is < MinExpiryHours or > MaxExpiryHours)
        {
            throw new ArgumentOutOfRangeException(nameof(expiryHours), expiryHours, $"Links expire after {MinExpiryHours} to {MaxExpiryHours} hours.");
        }
        var now = clock.GetUtcNow();
        var secret = PortalTokens.CreateSecret();
        var key = new PortalAccessKey
        {
            WorkOrderId = workOrderId,
            View = view,
            SecretHash = secret.Hash,
            CreatedById = createdById,
            CreatedByName = createdByName,
            CreatedAt = now,
            ExpiresAt = now.AddHours(expiryHours),
            Recipient = recipient,
        };
        db.PortalAccessKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);

        var token = tokens.Create(key.Id, secret.Secret);
        if (keepStaffCopy)
        {
            key.ProtectedToken = tokens.ProtectStaffCopy(token);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new IssuedLink(key.Id, view, token, await UrlAsync(token, cancellationToken), key.ExpiresAt);
    }

    /// <summary>The current direct link of each view that has one, reusable while valid.</summary>
    public async Task<IReadOnlyDictionary<PortalView, IssuedLink>> DirectLinksAsync(int workOrderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = await db.PortalAccessKeys.AsNoTracking()
            .Where(k => k.WorkOrderId == workOrderId && k.ProtectedToken != null && k.RevokedAt == null && k.ExpiresAt > now)
            .OrderByDescending(k => k.Id)
            .Select(k => new { k.Id, k.View, k.ProtectedToken, k.ExpiresAt })
            .ToListAsync(cancellationToken);
        var links = new Dictionary<PortalView, IssuedLink>();
        foreach (var key in keys)
        {
            if (!links.ContainsKey(key.View) && tokens.UnprotectStaffCopy(key.ProtectedToken!) is { } token)
            {
                links[key.View] = new IssuedLink(key.Id, key.View, token, await UrlAsync(token, cancellationToken), key.ExpiresAt);
            }
        }
        return links;
    }

    /// <summary>
    /// Direct links for every view, creating those missing ("on first need") or expired. A view whose direct link a
    /// manager revoked stays without one until someone creates it again on purpose.
    /// </summary>
    public async Task<IReadOnlyDictionary<PortalView, IssuedLink>> EnsureDirectLinksAsync(int workOrderId, string? staffId, string staffName, CancellationToken cancellationToken)
    {
        var links = new Dictionary<PortalView, IssuedLink>(await DirectLinksAsync(workOrderId, cancellationToken));
        var revoked = await db.PortalAccessKeys.AsNoTracking()
            .Where(k => k.WorkOrderId == workOrderId && k.ProtectedToken != null)
            .GroupBy(k => k.View)
            .Where(g => g.OrderByDescending(k => k.Id).First().RevokedAt != null)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);
        var expiry = (await profile.GetAsync(cancellationToken)).DefaultLinkExpiryHours;
        foreach (var view in Enum.GetValues<PortalView>().Where(v => !links.ContainsKey(v) && !revoked.Contains(v)))
        {
            links[view] = await CreateAsync(workOrderId, view, expiry, null, staffId, staffName, keepStaffCopy: true, cancellationToken);
        }
        return links;
    }

    public async Task<IReadOnlyList<PortalKeyRow>> ListAsync(int workOrderId, CancellationToken cancellationToken) =>
        await db.PortalAccessKeys.AsNoTracking().Where(k => k.WorkOrderId == workOrderId).OrderByDescending(k => k.Id)
            .Select(k => new PortalKeyRow(k.Id, k.View, k.CreatedByName, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.RevokedBy, k.Recipient, k.LastUsedAt, k.ProtectedToken != null))
            .ToListAsync(cancellationToken);

    /// <summary>Revokes a key of this work order at once; false when there is no such usable key.</summary>
    public async Task<bool> RevokeAsync(int workOrderId, int keyId, string revokedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var revoked = await db.PortalAccessKeys
            .Where(k => k.Id == keyId && k.WorkOrderId == workOrderId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, revokedBy), cancellationToken);
        accessCache.Forget(keyId);
        if (revoked == 1)
        {
            changes.StaffDataChanged(workOrderId);
        }
        return revoked == 1;
    }

    /// <summary>
    /// Revokes every usable key of a work order inside the caller's transaction, and returns them: hand them to
    /// <see cref="Forget"/> once that transaction commits.
    /// </summary>
    public async Task<IReadOnlyList<int>> RevokeAllAsync(int workOrderId, string revokedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var usable = db.PortalAccessKeys.Where(k => k.WorkOrderId == workOrderId && k.RevokedAt == null && k.ExpiresAt > now);
        var ids = await usable.Select(k => k.Id).ToListAsync(cancellationToken);
        await usable.ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, revokedBy), cancellationToken);
        return ids;
    }

    /// <summary>Drops committed revocations from the cache, so the very next request through those links is refused.</summary>
    public void Forget(IEnumerable<int> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            accessCache.Forget(keyId);
        }
    }

    /// <summary>Links start with the public base URL from Settings (or configuration), never the request's Host header.</summary>
    public async Task<string> UrlAsync(string token, CancellationToken cancellationToken) =>
        $"{await PublicBaseUrlAsync(cancellationToken)}/portal/{token}";

    public async Task<string> PublicBaseUrlAsync(CancellationToken cancellationToken)
    {
        var configured = (await profile.GetAsync(cancellationToken)).PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = configuration["Portal:PublicBaseUrl"];
        }
        return string.IsNullOrWhiteSpace(configured) ? "http://localhost:5000" : configured.Trim().TrimEnd('/');
    }
}
