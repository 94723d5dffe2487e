using System.ComponentModel.DataAnnotations;

namespace ShopPortal.Services;

/// <summary>
/// At most as many decimals as the pages, emails and PDFs print: 0.333 hours showed as "0.33 h" but billed 0.333, so the
/// customer's arithmetic did not add up, and a signed item's hours no longer matched its own form.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DecimalPlacesAttribute(int places) : ValidationAttribute
{
    public int Places { get; } = places;

    public override bool IsValid(object? value) => value is not decimal number || decimal.Round(number, Places) == number;

    public override string FormatErrorMessage(string name) =>
        $"{name} can have at most {Places} decimal {(Places == 1 ? "place" : "places")}.";
}
