using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>Puts the staff member's display name in the sign-in cookie, so pages can say who did what.</summary>
public sealed class ShopClaimsFactory(UserManager<ShopUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ShopUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "shopportal:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ShopUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, NameOf(user.DisplayName, user.Email, user.UserName)));
        return identity;
    }

    /// <summary>The name pages sign with: the display name, else the sign-in email.</summary>
    public static string NameOf(string? displayName, string? email, string? userName) =>
        string.IsNullOrWhiteSpace(displayName) ? email ?? userName ?? "Staff" : displayName;
}

public static class ShopClaims
{
    /// <summary>"Morgan Manager" rather than the sign-in email.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ShopClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "Staff";

    /// <summary>
    /// The signed-in staff member's user id, where Identity puts it (its default user id claim, which this app
    /// keeps): what <c>UserManager.GetUserId</c> returns, for pages that need nothing else from the user manager.
    /// </summary>
    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
