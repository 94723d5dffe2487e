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
        var symbol = CurrencySymbol(currency);
        var number = Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var sign = amount < 0 ? "-" : "";
        return symbol.Length > 1 && symbol.All(char.IsLetter) ? $"{sign}{symbol} {number}" : $"{sign}{symbol}{number}";
    }

    private static string CurrencySymbol(string currency) => currency.ToUpperInvariant() switch
    {
        "USD" => "$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "NZD" => "NZ$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        _ => currency.ToUpperInvariant(),
    };
}
