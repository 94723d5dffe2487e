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
/// A new display name reaches the member's sessions the same way: their next request signs with it.
/// </summary>
public sealed class StaffSessions
{
    private const string NoSuchUser = "";

    private sealed record Current(string Stamp, string Name);

    private readonly ConcurrentDictionary<string, Current> users = new();
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
            ? new Current(NoSuchUser, "")
            : await services.GetRequiredService<StaffSessions>().CurrentAsync(userId, services, context.HttpContext.RequestAborted);
        if (current.Stamp == NoSuchUser || current.Stamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            await context.HttpContext.SignOutAsync(IdentityConstants.TwoFactorRememberMeScheme);
            return;
        }
        // Renamed by a manager since the cookie was issued: the cookie is issued again with the new name.
        if (context.Principal!.Identity is ClaimsIdentity identity && identity.FindFirst(ShopClaimsFactory.DisplayNameClaim) is { } name && name.Value != current.Name)
        {
            var renamed = identity.Clone();
            renamed.RemoveClaim(renamed.FindFirst(ShopClaimsFactory.DisplayNameClaim));
            renamed.AddClaim(new Claim(ShopClaimsFactory.DisplayNameClaim, current.Name));
            context.ReplacePrincipal(new ClaimsPrincipal(renamed));
            context.ShouldRenew = true;
        }

        // Identity's check (which builds the sign-in manager and renews the cookie's claims) applies the same rule
        // itself; asking first only spares building it on every request.
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
            users.TryRemove(userId, out _);
        }
    }

    private async ValueTask<Current> CurrentAsync(string userId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(userId, out var known))
        {
            return known;
        }
        // Kept only if no user changed while the database was read: a read that raced a change may be the old stamp.
        long seen;
        lock (gate)
        {
            seen = generation;
        }
        var user = await services.GetRequiredService<ShopDbContext>().Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.DisplayName, u.Email, u.UserName })
            .FirstOrDefaultAsync(cancellationToken);
        var current = user is null ? new Current(NoSuchUser, "") : new Current(user.SecurityStamp ?? NoSuchUser, ShopClaimsFactory.NameOf(user.DisplayName, user.Email, user.UserName));
        lock (gate)
        {
            if (generation == seen)
            {
                users[userId] = current;
            }
        }
        return current;
    }
}
