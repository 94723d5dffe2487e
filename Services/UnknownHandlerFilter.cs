using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ShopPortal.Services;

/// <summary>
/// A post naming a handler a page does not have (<c>?handler=anything</c>), or a post to a page that only reads,
/// would render the page without running any of its handlers, on a model nobody loaded: a 500. It is a 404.
/// A GET without a handler is fine: it renders the page as it is, as pages with only post handlers expect.
/// </summary>
public sealed class UnknownHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0 && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new NotFoundResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
