using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// The Identity UI's pages that make new recovery codes or turn two-factor sign-in off throw (a 500) for an account
/// without two-factor sign-in, and anyone signed in can open them by address. Such an account is sent to the
/// two-factor page instead, with the reason; nothing is written.
/// </summary>
public sealed class TwoFactorOnlyFilter(string reason) : IAsyncPageFilter
{
    /// <summary>The pages, with what each says to an account without two-factor sign-in.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pages = new Dictionary<string, string>
    {
        ["/Account/Manage/GenerateRecoveryCodes"] = "Recovery codes come with two-factor sign-in, which is off for your account: set up an authenticator app first.",
        ["/Account/Manage/Disable2fa"] = "Two-factor sign-in is already off for your account.",
    };

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var user = await http.RequestServices.GetRequiredService<UserManager<ShopUser>>().GetUserAsync(http.User);
        if (user is null || user.TwoFactorEnabled)
        {
            await next();
            return;
        }
        http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http)["StatusMessage"] = reason;
        context.Result = new RedirectToPageResult("/Account/Manage/TwoFactorAuthentication", new { area = "Identity" });
    }
}
