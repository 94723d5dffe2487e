using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// The shop's settings row, read on almost every page. Cached in memory and forgotten whenever a save changes it
/// (<see cref="ChangeInterceptor"/>), so a change shows on the very next request.
/// </summary>
public sealed class ShopProfile(IServiceScopeFactory scopes)
{
    // The copy and the count of invalidations it was read under: a read that started before a change never
    // stores the old row over the forgetting.
    private sealed record Copy(long Generation, ShopSettings? Settings);

    private Copy current = new(0, null);

    public async Task<ShopSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var seen = Volatile.Read(ref current);
        if (seen.Settings is { } settings)
        {
            return settings;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        settings = await db.ShopSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? Defaults();
        Interlocked.CompareExchange(ref current, new Copy(seen.Generation, settings), seen);
        return settings;
    }

    public void Invalidate()
    {
        var seen = Volatile.Read(ref current);
        while (Interlocked.CompareExchange(ref current, new Copy(seen.Generation + 1, null), seen) is var found && found != seen)
        {
            seen = found;
        }
    }

    /// <summary>The name a shop has until a manager gives it its own.</summary>
    public const string DefaultName = "ShopPortal";

    public static ShopSettings Defaults() => new()
    {
        ShopName = DefaultName,
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
