using Microsoft.AspNetCore.Mvc.Filters;
using ShopPortal.Services.Portal;

namespace ShopPortal.Services;

/// <summary>
/// The Identity UI pages that email a link (forgot password, email change, confirmation resend) build it from the
/// request's scheme and Host header, which the sender of the request controls: a forged Host would mail a genuine
/// reset code pointing at someone else's server. Before those pages run, the request's origin is set to the
/// shop's public base URL, the same one customer links use.
/// </summary>
public sealed class PublicOriginFilter : IAsyncPageFilter
{
    public static readonly string[] LinkSendingPages =
        ["/Account/ForgotPassword", "/Account/Manage/Email"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        var links = context.HttpContext.RequestServices.GetRequiredService<PortalLinks>();
        var origin = new Uri(await links.PublicBaseUrlAsync(context.HttpContext.RequestAborted));
        request.Scheme = origin.Scheme;
        request.Host = HostString.FromUriComponent(origin.Authority);
        request.PathBase = PathString.FromUriComponent(origin);
        await next();
    }
}
