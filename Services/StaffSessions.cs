using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// Checks each signed-in request against its user's security stamp, which Identity moves when a manager changes a
/// member's role or resets their password (a removed member has no stamp left at all): the member's other sessions
/// end on their very next request. Identity's own check compares the stamp only every 30 minutes, so a demoted
/// manager could go on managing, and a removed technician go on working, that long. Stamps are kept in memory once
/// read; a save that changes a user drops theirs (<see cref="ChangeInterceptor"/>, after the save and again when its
/// transaction commits). The session that changes its own account keeps going (<see cref="OwnSessionFilter"/>).
/// </summary>
public sealed class StaffSessions
{
    private const string NoSuchUser = "";

    private readonly ConcurrentDictionary<string, string> stamps = new();
    private readonly Lock gate = new();
    private long generation;

    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.UserId();
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var current = userId is null
            ? NoSuchUser
            : await services.GetRequiredService<StaffSessions>().CurrentStampAsync(userId, services, context.HttpContext.RequestAborted);
        if (current == NoSuchUser || current != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            await context.HttpContext.SignOutAsync(IdentityConstants.TwoFactorRememberMeScheme);
            return;
        }

        // Identity's check (which builds the sign-in manager, and renews the cookie's claims: a new display name)
        // applies the same rule itself; asking first only spares building it on every request.
        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        if (issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval)
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
    }

    /// <summary>A save changed or removed this user: their next request reads the stamp from the database again.</summary>
    public void Changed(string userId)
    {
        lock (gate)
        {
            generation++;
            stamps.TryRemove(userId, out _);
        }
    }

    private async ValueTask<string> CurrentStampAsync(string userId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (stamps.TryGetValue(userId, out var known))
        {
            return known;
        }
        // Kept only if no user changed while the database was read: a read that raced a change may be the old stamp.
        long seen;
        lock (gate)
        {
            seen = generation;
        }
        var stamp = await services.GetRequiredService<ShopDbContext>().Users
            .Where(u => u.Id == userId)
            .Select(u => u.SecurityStamp)
            .FirstOrDefaultAsync(cancellationToken) ?? NoSuchUser;
        lock (gate)
        {
            if (generation == seen)
            {
                stamps[userId] = stamp;
            }
        }
        return stamp;
    }
}
