using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace ShopPortal.Services;

/// <summary>
/// An address mail can actually be sent to: <see cref="EmailAddressAttribute"/> only looks for an "@", so
/// "dana@shop.example ORDER BY 9" passes it and fails later, at send time. Empty is left to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MailAddressAttribute() : ValidationAttribute("Enter a valid email address, like name@example.com.")
{
    public override bool IsValid(object? value) =>
        value is not string text || text.Length == 0
        || (!text.Any(char.IsWhiteSpace)
            && MailboxAddress.TryParse(text, out var mailbox)
            && mailbox.Address == text
            && mailbox.Domain.Contains('.', StringComparison.Ordinal));
}
