using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity.UI.Services;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>
/// Account emails from the Identity pages go through the same durable outbox. The one they send here, the password
/// reset (the pages that would send others are turned off), is worded by the shop around the page's link; anything
/// else would go out as the pages wrote it.
/// </summary>
public sealed partial class IdentityEmailSender(ShopDbContext db, EmailOutbox outbox, ShopProfile profile) : IEmailSender
{
    // The subject the ForgotPassword page gives its email.
    private const string PasswordResetSubject = "Reset your password";

    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var link = Anchors().Match(htmlMessage);
        var (finalSubject, html, text) = subject == PasswordResetSubject && link.Success
            ? EmailTemplates.PasswordReset((await profile.GetAsync()).ShopName, WebUtility.HtmlDecode(link.Groups[1].Value))
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
