using Microsoft.AspNetCore.Mvc.Razor;

namespace ShopPortal.Services;

/// <summary>
/// The Identity UI pages we keep (forgot and reset password, lockout, account management) render inside the shop's
/// own layout and validation scripts instead of the package's, which load Bootstrap and jQuery from public CDNs
/// outside Development: a self-hosted app must work offline, and our Content-Security-Policy refuses them anyway.
/// </summary>
public sealed class IdentityUiLayout(IRazorPageFactoryProvider inner) : IRazorPageFactoryProvider
{
    private static readonly Dictionary<string, string> Replacements = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Areas/Identity/Pages/_Layout.cshtml"] = "/Pages/Shared/_Layout.cshtml",
        ["/Areas/Identity/Pages/_ValidationScriptsPartial.cshtml"] = "/Pages/Shared/_ValidationScriptsPartial.cshtml",
    };

    public RazorPageFactoryResult CreateFactory(string relativePath) =>
        inner.CreateFactory(Replacements.GetValueOrDefault(relativePath, relativePath));

    /// <summary>Wraps the framework's page factory (registered by AddRazorPages) with this one.</summary>
    public static void Register(IServiceCollection services)
    {
        var framework = services.Last(d => d.ServiceType == typeof(IRazorPageFactoryProvider));
        var type = framework.ImplementationType ?? throw new InvalidOperationException("The Razor page factory is not registered by type.");
        services.Remove(framework);
        services.AddSingleton<IRazorPageFactoryProvider>(provider => new IdentityUiLayout((IRazorPageFactoryProvider)ActivatorUtilities.CreateInstance(provider, type)));
    }
}
