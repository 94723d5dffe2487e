using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace ShopPortal.Services;

/// <summary>
/// Per-client-IP limits on what the internet can hammer: the portal, sign-in and password reset requests.
/// Over the limit the answer is 429 with Retry-After, before any handler runs, so nothing is written.
/// </summary>
public static class RateLimits
{
    public const string Portal = "portal";
    public const string SignIn = "sign-in";
    public const string ForgotPassword = "forgot-password";

    public sealed class Limit
    {
        public int PermitLimit { get; set; }
        public int WindowSeconds { get; set; }
    }

    public static IServiceCollection AddShopRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Client addresses come from X-Forwarded-For only when the request comes from a configured proxy
        // (loopback by default, e.g. nginx on the same server); anyone else could forge the header.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        var enabled = configuration.GetValue("RateLimits:Enabled", true);
        var portal = Read(configuration, Portal, permits: 120, seconds: 60);
        var signIn = Read(configuration, SignIn, permits: 10, seconds: 300);
        var forgot = Read(configuration, ForgotPassword, permits: 5, seconds: 900);

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                // A sliding window's lease does not say when a permit frees: the attempts in it free one within a
                // window, so that is when trying again is sure to work.
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var window = TimeSpan.FromSeconds(policy switch { Portal => portal.WindowSeconds, SignIn => signIn.WindowSeconds, _ => forgot.WindowSeconds });
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Portal, context => Partition(context, portal, enabled, postsOnly: false));
            options.AddPolicy(SignIn, context => Partition(context, signIn, enabled, postsOnly: true));
            options.AddPolicy(ForgotPassword, context => Partition(context, forgot, enabled, postsOnly: true));
        });
        return services;
    }

    private static Limit Read(IConfiguration configuration, string name, int permits, int seconds)
    {
        var section = configuration.GetSection($"RateLimits:{name}");
        return new Limit { PermitLimit = section.GetValue("PermitLimit", permits), WindowSeconds = section.GetValue("WindowSeconds", seconds) };
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Limit limit, bool enabled, bool postsOnly)
    {
        // Showing the sign-in form costs nothing; only attempts count.
        if (!enabled || (postsOnly && !HttpMethods.IsPost(context.Request.Method)))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetSlidingWindowLimiter(client, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });
    }
}
