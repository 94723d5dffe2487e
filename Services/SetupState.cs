using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>Whether the first manager exists. Once true it stays true, so the check costs nothing after setup.</summary>
public sealed class SetupState(IServiceScopeFactory scopes)
{
    private volatile bool complete;

    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default)
    {
        if (complete)
        {
            return true;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        complete = await db.Users.AnyAsync(cancellationToken);
        return complete;
    }
}

/// <summary>Until the first manager exists, every page leads to /Setup.</summary>
public sealed class FirstRunRedirect(RequestDelegate next, SetupState setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var exempt = path.StartsWithSegments("/Setup", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Error", StringComparison.OrdinalIgnoreCase)
            || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
        if (!exempt && !await setup.IsCompleteAsync(context.RequestAborted))
        {
            context.Response.Redirect("/Setup");
            return;
        }
        await next(context);
    }
}
