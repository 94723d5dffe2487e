namespace ShopPortal.Services;

/// <summary>Headers every response carries. Portal responses are private to one customer and get stricter ones.</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string StaffPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string PortalPolicy =
        "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static bool IsPortal(PathString path) => path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        // Taken before error pages re-execute the request under another path.
        var portal = IsPortal(context.Request.Path);
        var hangfire = context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            if (portal)
            {
                // Links are secrets: no caches, no Referer leaking the token, no search engines.
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers["Referrer-Policy"] = "no-referrer";
                headers["X-Robots-Tag"] = "noindex, nofollow";
                headers.ContentSecurityPolicy = PortalPolicy;
            }
            else
            {
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // The Hangfire dashboard ships inline scripts: it keeps its own defaults behind the manager check.
                if (!hangfire)
                {
                    headers.ContentSecurityPolicy = StaffPolicy;
                }
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
