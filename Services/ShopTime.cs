using System.Globalization;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>
/// Times as people at the shop and its customers read them. The database keeps UTC; pages, emails and PDFs show the
/// shop's local time. Until the shop picks its time zone (Settings), times stay in UTC and say so.
/// </summary>
public static class ShopTime
{
    private sealed record Resolved(string Id, TimeZoneInfo Zone);

    // Pages show dozens of times per request, all in the one zone: it is looked up once per change of setting.
    private static Resolved? resolved;

    public static TimeZoneInfo Zone(this ShopSettings shop)
    {
        if (Volatile.Read(ref resolved) is { } known && known.Id == shop.TimeZone)
        {
            return known.Zone;
        }
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(shop.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        Volatile.Write(ref resolved, new Resolved(shop.TimeZone, zone));
        return zone;
    }

    public static DateTimeOffset Local(this ShopSettings shop, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, shop.Zone());

    /// <summary>The shop's date today: the date labor is logged for and documents are dated.</summary>
    public static DateOnly Today(this ShopSettings shop, TimeProvider clock) => DateOnly.FromDateTime(shop.Local(clock.GetUtcNow()).DateTime);

    /// <summary>
    /// <paramref name="at"/> in the shop's time, e.g. "2026-12-02 08:30" for a shop in Chicago; "2026-12-02 14:30 UTC"
    /// where the shop's clock is UTC all year. In the hour the clocks go back, which comes twice, the time says which
    /// of the two it is: "2026-11-01 01:30 (UTC-05:00)", then "2026-11-01 01:30 (UTC-06:00)".
    /// </summary>
    public static string Time(this ShopSettings shop, DateTimeOffset at, string format) => shop.Zone().Time(at, format);

    public static string Time(this TimeZoneInfo zone, DateTimeOffset at, string format) => Format(zone, at, format, zone.IsAmbiguousTime(at));

    /// <summary>
    /// A time a customer reads, who may be in another zone than the shop: always with its offset, e.g.
    /// "December 4, 2026 10:00 (UTC-06:00)", or "... 10:00 UTC" where the shop's clock is UTC all year.
    /// </summary>
    public static string Zoned(this ShopSettings shop, DateTimeOffset at, string format) => shop.Zone().Zoned(at, format);

    public static string Zoned(this TimeZoneInfo zone, DateTimeOffset at, string format) => Format(zone, at, format, withOffset: true);

    /// <summary>
    /// A time written into a stored record (the audit trail): the shop's time with its zone named, e.g.
    /// "2026-12-02 08:30 America/Chicago", so that it stays true should the shop's zone change later.
    /// </summary>
    public static string Recorded(this ShopSettings shop, DateTimeOffset at)
    {
        var zone = shop.Zone();
        var time = zone.Time(at, "yyyy-MM-dd HH:mm");
        return IsUtc(zone) ? time : $"{time} {zone.Id}";
    }

    /// <summary>The date of <paramref name="at"/> in the zone, e.g. "Dec 2, 2026": a date needs no zone beside it.</summary>
    public static string Date(this TimeZoneInfo zone, DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);

    private static string Format(TimeZoneInfo zone, DateTimeOffset at, string format, bool withOffset)
    {
        var text = zone.Date(at, format);
        if (IsUtc(zone))
        {
            return text + " UTC";
        }
        var offset = zone.GetUtcOffset(at);
        return withOffset ? $"{text} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture)})" : text;
    }

    private static bool IsUtc(TimeZoneInfo zone) => zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;
}
