using System.ComponentModel.DataAnnotations;

namespace ShopPortal.Services;

/// <summary>
/// The address customers open the portal at, from configuration (Portal:PublicBaseUrl) or the Settings page. Every
/// emailed link starts with it, so both places hold it to one rule: a full http:// or https:// address with a host
/// and no query or fragment.
/// </summary>
public static class PublicAddress
{
    public static bool IsValid(string value)
    {
        var address = value.Trim();
        return Uri.TryCreate(address, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && address.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)
            && uri.Host.Length > 0
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && !address.Any(char.IsWhiteSpace);
    }
}

/// <summary>An optional form field holding a <see cref="PublicAddress"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PublicAddressAttribute() : ValidationAttribute("Enter the full address customers use, starting with https:// or http://.")
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || PublicAddress.IsValid(text);
}
