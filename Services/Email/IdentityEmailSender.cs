using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity.UI.Services;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>
/// Account emails from the Identity pages go through the same durable outbox. The two they send here, the password
/// reset and the confirmation of a changed address, are worded by the shop around the page's link; anything else
/// would go out as the pages wrote it.
/// </summary>
public sealed partial class IdentityEmailSender(ShopDbContext db, EmailOutbox outbox, ShopProfile profile) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var link = Anchors().Match(htmlMessage);
        var url = link.Success ? WebUtility.HtmlDecode(link.Groups[1].Value) : "";
        // The subjects and pages of the Identity UI's emails: ForgotPassword, and Manage/Email's change of address.
        EmailTemplates.AccountLink? kind = subject switch
        {
            "Reset your password" when link.Success => EmailTemplates.AccountLink.PasswordReset,
            "Confirm your email" when url.Contains("/Account/ConfirmEmailChange?", StringComparison.Ordinal) => EmailTemplates.AccountLink.EmailChange,
            _ => null,
        };
        var (finalSubject, html, text) = kind is { } known
            ? EmailTemplates.AccountEmail((await profile.GetAsync()).ShopName, known, url)
            : (subject, htmlMessage, PlainText(htmlMessage));
        var row = outbox.Add(OutboxEmailKind.Account, email, [], finalSubject, html, text);
        await db.SaveChangesAsync();
        outbox.Dispatch(row.Id);
    }

    /// <summary>"clicking here (https://...)": links keep their address in the plain-text part.</summary>
    internal static string PlainText(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(Anchors().Replace(html, "$2 ($1)"), ""));

    [GeneratedRegex("<a [^>]*href=['\"]([^'\"]+)['\"][^>]*>(.*?)</a>", RegexOptions.IgnoreCase)]
    private static partial Regex Anchors();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
