using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.Team;

/// <summary>The one rule the team pages must never break: the shop always keeps a manager.</summary>
internal static class TeamRules
{
    public const string LastManagerMessage = "This is the shop's last manager. Make someone else a manager first.";

    public static async Task<bool> IsLastManagerAsync(ShopDbContext db, ShopUser user, UserManager<ShopUser> users, CancellationToken cancellationToken)
    {
        if (!await users.IsInRoleAsync(user, Roles.Manager))
        {
            return false;
        }
        var managerRoleId = await db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id).SingleAsync(cancellationToken);
        return await db.UserRoles.CountAsync(ur => ur.RoleId == managerRoleId, cancellationToken) <= 1;
    }
}
