using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity.UI.Services;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>Account emails from the Identity pages (password reset) go through the same durable outbox.</summary>
public sealed partial class IdentityEmailSender(ShopDbContext db, EmailOutbox outbox) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var row = outbox.Add(OutboxEmailKind.Account, email, [], subject, htmlMessage, PlainText(htmlMessage));
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
