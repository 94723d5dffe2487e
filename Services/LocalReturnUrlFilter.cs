using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopPortal.Services;

/// <summary>
/// The Identity UI pages redirect to their <c>returnUrl</c> with <c>LocalRedirect</c>, which throws on an address of
/// another site: signing out with <c>?returnUrl=https://elsewhere</c> answered 500 and, its cookie deletion lost with
/// the error, left the user signed in. A <c>returnUrl</c> that is not one of ours is dropped before any handler runs,
/// and the page goes where it goes without one.
/// </summary>
public sealed class LocalReturnUrlFilter : IPageFilter
{
    private const string Argument = "returnUrl";

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerArguments.TryGetValue(Argument, out var value) && value is string returnUrl
            && context.HandlerInstance is PageModel page && !page.Url.IsLocalUrl(returnUrl))
        {
            context.HandlerArguments[Argument] = null;
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
