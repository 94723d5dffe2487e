using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// The shop's settings row, read on almost every page. Cached in memory and replaced whenever the
/// Settings page saves, so a change shows on the very next request.
/// </summary>
public sealed class ShopProfile(IServiceScopeFactory scopes)
{
    private ShopSettings? cached;

    public async Task<ShopSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref cached) is { } settings)
        {
            return settings;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        settings = await db.ShopSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? Defaults();
        Volatile.Write(ref cached, settings);
        return settings;
    }

    public void Invalidate() => Volatile.Write(ref cached, null);

    public static ShopSettings Defaults() => new()
    {
        ShopName = "ShopPortal",
        Currency = "USD",
        LaborRate = 95m,
        TaxRate = 0m,
        DefaultLinkExpiryHours = 48,
    };

    /// <summary>Formats an amount in the shop's currency: "$1,234.50", "€1,234.50", "CHF 1,234.50".</summary>
    public static string FormatMoney(decimal amount, string currency)
    {
        var prefix = Prefixes.GetOrAdd(currency, Prefix);
        var number = Math.Abs(amount).ToString("N2", CultureInfo.InvariantCulture);
        return amount < 0 ? $"-{prefix}{number}" : prefix + number;
    }

    // Pages format dozens of amounts per request: the prefix of each currency is worked out once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Prefixes = new(StringComparer.OrdinalIgnoreCase);

    private static string Prefix(string currency) => currency.ToUpperInvariant() switch
    {
        "USD" => "$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "NZD" => "NZ$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        var code => code + " ",
    };
}
