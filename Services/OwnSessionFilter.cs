using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// Some of Identity's account pages move the signed-in user's own security stamp without renewing their cookie
/// (setting up an authenticator app, turning two-factor sign-in off), and <see cref="StaffSessions"/> would then
/// sign them out of the very session that made the change, in the middle of it. After these pages' handlers, a
/// session whose user's stamp moved gets a cookie with the new one; the user's other sessions still end.
/// </summary>
public sealed class OwnSessionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        await next();
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true || http.Response.HasStarted)
        {
            return;
        }
        var services = http.RequestServices;
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        if (http.Response.Headers.SetCookie.Any(c => c?.StartsWith(cookie + "=", StringComparison.Ordinal) == true))
        {
            // The page renewed the cookie itself (changing the password does).
            return;
        }
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var user = await services.GetRequiredService<UserManager<ShopUser>>().GetUserAsync(http.User);
        if (user is not null && user.SecurityStamp != http.User.FindFirstValue(stampClaim))
        {
            await services.GetRequiredService<SignInManager<ShopUser>>().RefreshSignInAsync(user);
        }
    }
}
