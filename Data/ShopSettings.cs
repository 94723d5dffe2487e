namespace ShopPortal.Data;

/// <summary>The shop profile and defaults: one row, edited on the Settings page.</summary>
public class ShopSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required string ShopName { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    /// <summary>ISO 4217 code, e.g. USD, EUR, GBP.</summary>
    public string Currency { get; set; } = "USD";
    public decimal LaborRate { get; set; }
    public decimal TaxRate { get; set; }
    public int DefaultLinkExpiryHours { get; set; } = 48;

    /// <summary>The shop's time zone (an IANA id such as America/Chicago): every time is shown in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Where customers reach the portal, e.g. https://portal.example-shop.com; used in emailed links.</summary>
    public string? PublicBaseUrl { get; set; }
    public int Version { get; set; }
}
