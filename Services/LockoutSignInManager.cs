using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// The default Identity UI signs in with <c>lockoutOnFailure: false</c>, which lets anyone guess passwords
/// forever. Every password check here counts toward lockout, whatever the caller asks.
/// </summary>
public sealed class LockoutSignInManager(
    UserManager<ShopUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ShopUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ShopUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ShopUser> confirmation)
    : SignInManager<ShopUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override Task<SignInResult> CheckPasswordSignInAsync(ShopUser user, string password, bool lockoutOnFailure) =>
        base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
}
