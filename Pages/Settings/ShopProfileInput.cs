using System.ComponentModel.DataAnnotations;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.Settings;

/// <summary>The shop profile fields shared by first-run setup and the Settings page.</summary>
public class ShopProfileInput
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
    [Display(Name = "Labor rate per hour")]
    public decimal LaborRate { get; set; }

    [Range(typeof(decimal), "0", "100", ErrorMessage = "The tax rate must be a percentage between 0 and 100.")]
    [Display(Name = "Tax rate (%)")]
    public decimal TaxRate { get; set; }

    public static ShopProfileInput From(ShopSettings settings) => Fill(new ShopProfileInput(), settings);

    protected static T Fill<T>(T input, ShopSettings settings) where T : ShopProfileInput
    {
        input.ShopName = settings.ShopName;
        input.Address = settings.Address;
        input.Phone = settings.Phone;
        input.Email = settings.Email;
        input.Currency = settings.Currency;
        input.LaborRate = settings.LaborRate;
        input.TaxRate = settings.TaxRate;
        return input;
    }

    public virtual void ApplyTo(ShopSettings settings)
    {
        settings.ShopName = ShopName.Trim();
        settings.Address = Address?.Trim();
        settings.Phone = Phone?.Trim();
        settings.Email = Email?.Trim();
        settings.Currency = Currency.Trim().ToUpperInvariant();
        settings.LaborRate = Money.Round(LaborRate);
        settings.TaxRate = TaxRate;
    }
}
