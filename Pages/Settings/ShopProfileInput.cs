using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.Settings;

/// <summary>The shop profile fields shared by first-run setup and the Settings page.</summary>
public class ShopProfileInput : IValidatableObject
{
    [Required, StringLength(200)]
    [Display(Name = "Shop name")]
    public string ShopName { get; set; } = "";

    [StringLength(500)]
    public string? Address { get; set; }

    [Phone, StringLength(50)]
    public string? Phone { get; set; }

    [EmailAddress, MailAddress, StringLength(256)]
    public string? Email { get; set; }

    [Required, RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use a three-letter ISO currency code such as USD, EUR or GBP.")]
    [Display(Name = "Currency (ISO code)")]
    public string Currency { get; set; } = "USD";

    [Range(typeof(decimal), "0", "100000", ErrorMessage = "The labor rate must be between 0 and 100,000 per hour.")]
    [DecimalPlaces(2)]
    [Display(Name = "Labor rate per hour")]
    public decimal LaborRate { get; set; }

    [Range(typeof(decimal), "0", "100", ErrorMessage = "The tax rate must be a percentage between 0 and 100.")]
    [DecimalPlaces(3)]
    [DisplayFormat(DataFormatString = "{0:0.###}", ApplyFormatInEditMode = true)]
    [Display(Name = "Tax rate (%)")]
    public decimal TaxRate { get; set; }

    [Required]
    [Display(Name = "Time zone")]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// The list for the form: the saved zone stays shown even where this server's list lacks it (a zone renamed by a
    /// time zone update, a database moved from another server), so saving other settings never changes it unseen.
    /// </summary>
    public IEnumerable<SelectListItem> TimeZoneChoices() =>
        string.IsNullOrEmpty(TimeZone) || TimeZones.Any(z => z.Value == TimeZone)
            ? TimeZones
            : TimeZones.Prepend(new SelectListItem($"{TimeZone} (not on this server's list: choose a zone)", TimeZone));

    /// <summary>Every zone this server knows, by offset then name: "(UTC-06:00) Central Time (Chicago)".</summary>
    public static IReadOnlyList<SelectListItem> TimeZones { get; } = [.. ZoneList().Select(z => new SelectListItem(Label(z), z.Id))];

    // Where the system's time zone names lack a zone (it then reads just "GMT"), its id names it instead.
    private static string Label(TimeZoneInfo zone) =>
        zone.DisplayName.EndsWith(") GMT", StringComparison.Ordinal) ? zone.DisplayName[..^3] + zone.Id.Replace('_', ' ') : zone.DisplayName;

    private static IEnumerable<TimeZoneInfo> ZoneList()
    {
        var zones = TimeZoneInfo.GetSystemTimeZones();
        return zones.Any(z => z.Id == TimeZoneInfo.Utc.Id) ? zones : zones.Prepend(TimeZoneInfo.Utc);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Exactly one of the listed ids: the system also resolves aliases and files such as "localtime" or
        // "right/…" (leap seconds), which the list would then not show as chosen.
        if (!string.IsNullOrEmpty(TimeZone) && !TimeZones.Any(z => z.Value == TimeZone))
        {
            yield return new ValidationResult("Choose the shop's time zone from the list.", [nameof(TimeZone)]);
        }
    }

    /// <summary>The first-run form: the defaults, in this server's own time zone where the list has it.</summary>
    public static ShopProfileInput ForNewShop()
    {
        var input = Fill(new ShopProfileInput(), ShopProfile.Defaults());
        if (TimeZones.Any(z => z.Value == TimeZoneInfo.Local.Id))
        {
            input.TimeZone = TimeZoneInfo.Local.Id;
        }
        return input;
    }

    protected static T Fill<T>(T input, ShopSettings settings) where T : ShopProfileInput
    {
        input.ShopName = settings.ShopName;
        input.Address = settings.Address;
        input.Phone = settings.Phone;
        input.Email = settings.Email;
        input.Currency = settings.Currency;
        input.LaborRate = settings.LaborRate;
        input.TaxRate = settings.TaxRate;
        input.TimeZone = settings.TimeZone;
        return input;
    }

    public virtual void ApplyTo(ShopSettings settings)
    {
        settings.ShopName = ShopName.Trim();
        settings.Address = Address?.Trim();
        settings.Phone = Phone?.Trim();
        settings.Email = Email?.Trim();
        settings.Currency = Currency.Trim().ToUpperInvariant();
        settings.LaborRate = LaborRate;
        settings.TaxRate = TaxRate;
        settings.TimeZone = TimeZone;
    }
}
