namespace ShopPortal.Services;

/// <summary>Headers every response carries; the portal tightens them further.</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string StaffPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            if (!headers.ContainsKey("Referrer-Policy"))
            {
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }
            // The Hangfire dashboard ships inline scripts: it keeps its own defaults behind the manager check.
            if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ContentSecurityPolicy)
                && !context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = StaffPolicy;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
