using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// A password reset, by the emailed link or by a manager, ends the account's lockout and forgets its failed sign-ins:
/// the lockout stops someone guessing the old password, and whoever set the new one knows it. Stock Identity leaves
/// the account locked, so the new password was refused for the rest of the lockout.
/// </summary>
public sealed class ShopUserManager(
    IUserStore<ShopUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ShopUser> passwordHasher,
    IEnumerable<IUserValidator<ShopUser>> userValidators,
    IEnumerable<IPasswordValidator<ShopUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ShopUser>> logger)
    : UserManager<ShopUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <remarks>The lockout is cleared on the user before the reset saves it: both are saved in one update, or neither.</remarks>
    public override async Task<IdentityResult> ResetPasswordAsync(ShopUser user, string token, string newPassword)
    {
        var (lockoutEnd, failed) = (user.LockoutEnd, user.AccessFailedCount);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            (user.LockoutEnd, user.AccessFailedCount) = (lockoutEnd, failed);
        }
        return result;
    }
}
