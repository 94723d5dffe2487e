using System.Globalization;
using System.Net;
using System.Text;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>The words of the emails. Everything anyone typed is HTML-encoded before it goes into the HTML part.</summary>
public static class EmailTemplates
{
    public sealed record Invitation(string ShopName, string? ShopPhone, string? ShopEmail, string WorkOrderNumber, string WorkOrderTitle,
        string Asset, string CustomerName, PortalView View, string Url, string Expires, string? AdditionalText, string SenderName, bool AcceptsDecisions = true);

    public static (string Subject, string Html, string Text) PortalInvitation(Invitation m)
    {
        var view = m.View == PortalView.Invoice && m.AcceptsDecisions ? "Invoice to date" : m.View.Label();
        // An invoiced or closed work order takes no more decisions: the email does not ask for any. Before it is
        // invoiced, an invoice is the work to date, and says so.
        var what = m.View switch
        {
            PortalView.WorkAuthorization when !m.AcceptsDecisions => "review the work and your decisions on it",
            PortalView.Estimate when !m.AcceptsDecisions => "review the estimate and your decisions on it",
            PortalView.WorkAuthorization => "review the work we propose and approve or reject each item",
            PortalView.Estimate => "review the estimate, approve or reject each item and sign to authorize the work",
            PortalView.ProgressReport => "follow the progress of the work",
            PortalView.Invoice when m.AcceptsDecisions => "view the invoice to date (the work order is not invoiced yet, so it can still change)",
            _ => "view and download your invoice",
        };
        var subject = $"{m.ShopName}: {view} for {m.WorkOrderNumber} ({m.Asset})";

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {m.CustomerName},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{m.ShopName} invites you to {what} for work order {m.WorkOrderNumber}, {m.WorkOrderTitle}, on {m.Asset}.")
            .AppendLine();
        if (!string.IsNullOrWhiteSpace(m.AdditionalText))
        {
            text.AppendLine(m.AdditionalText.Trim()).AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"Open the {view}:")
            .AppendLine(m.Url)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"This link is private to you and expires on {m.Expires}.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{m.SenderName}, {m.ShopName}")
            .AppendLine(string.Join(" · ", new[] { m.ShopPhone, m.ShopEmail }.Where(s => !string.IsNullOrWhiteSpace(s))));

        var additional = string.IsNullOrWhiteSpace(m.AdditionalText)
            ? ""
            : $"<p style=\"white-space:pre-line;border-left:3px solid #1d3557;padding-left:12px\">{E(m.AdditionalText.Trim())}</p>";
        var html = $"""
            {Opening(subject, m.ShopName)}
            <p>Hello {E(m.CustomerName)},</p>
            <p>{E(m.ShopName)} invites you to {E(what)} for work order <strong>{E(m.WorkOrderNumber)}</strong>, {E(m.WorkOrderTitle)}, on <strong>{E(m.Asset)}</strong>.</p>
            {additional}
            {LinkButton(m.Url, $"Open the {view}")}
            <p style="font-size:13px;color:#555d66">This link is private to you and expires on {E(m.Expires)}.</p>
            <p>{E(m.SenderName)}, {E(m.ShopName)}<br>{E(string.Join(" · ", new[] { m.ShopPhone, m.ShopEmail }.Where(s => !string.IsNullOrWhiteSpace(s))))}</p>
            </body></html>
            """;
        return (subject, html, text.ToString());
    }

    /// <summary>One of the customer's actions; <paramref name="At"/> is already in the shop's time.</summary>
    public sealed record ActivityLine(string At, string What);

    public static (string Subject, string Html, string Text) CustomerActivity(string shopName, string workOrderNumber, string asset, string customer,
        IReadOnlyList<ActivityLine> lines, int count, string workOrderUrl)
    {
        var subject = $"{workOrderNumber}: {customer} responded in the portal ({count} {(count == 1 ? "update" : "updates")})";
        var earlier = count - lines.Count;
        var earlierNote = earlier <= 0 ? null
            : $"The latest {lines.Count} are listed; {earlier} earlier {(earlier == 1 ? "update is" : "updates are")} in the work order's portal activity.";
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{customer} used the customer portal for {workOrderNumber} ({asset}):")
            .AppendLine();
        foreach (var line in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line.At}: {line.What}");
        }
        if (earlierNote is not null)
        {
            text.AppendLine().AppendLine(earlierNote);
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Open the work order: {workOrderUrl}");

        var items = string.Concat(lines.Select(l => $"<li>{E(l.At)}: {E(l.What)}</li>"));
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(subject)}</title></head>
            <body style="font-family:Arial,Helvetica,sans-serif;color:#1b1f24;line-height:1.5">
            <p>{E(customer)} used the customer portal for <strong>{E(workOrderNumber)}</strong> ({E(asset)}):</p>
            <ul>{items}</ul>{(earlierNote is null ? "" : $"<p>{E(earlierNote)}</p>")}
            <p><a href="{E(workOrderUrl)}">Open {E(workOrderNumber)}</a></p>
            <p style="font-size:13px;color:#555d66">{E(Signature(shopName))}</p>
            </body></html>
            """;
        return (subject, html, text.ToString());
    }

    /// <summary>The last line of the shop's emails: "Harbor Air Maintenance · ShopPortal", or just "ShopPortal" for a shop not named yet.</summary>
    private static string Signature(string shopName) =>
        shopName == ShopProfile.DefaultName ? shopName : $"{shopName} · ShopPortal";

    /// <summary>The account emails the sign-in pages send, worded by the shop around the page's link.</summary>
    public enum AccountLink
    {
        PasswordReset,
        EmailChange,
    }

    public static (string Subject, string Html, string Text) AccountEmail(string shopName, AccountLink kind, string url)
    {
        var (subject, why, action, after) = kind switch
        {
            AccountLink.PasswordReset => (
                $"{shopName}: reset your password",
                $"Someone, most likely you, asked to reset the password of your {shopName} staff account.",
                "Choose a new password",
                "The link works once, for 24 hours. If you did not ask for it, ignore this email: your password stays as it is."),
            _ => (
                $"{shopName}: confirm your new email address",
                $"Someone, most likely you, asked to sign in to their {shopName} staff account with this address from now on.",
                "Confirm this address",
                "Until it is confirmed, the account signs in with its current address. If you did not ask for this, ignore this email."),
        };
        var text = new StringBuilder()
            .AppendLine(why)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{action}:")
            .AppendLine(url)
            .AppendLine()
            .AppendLine(after)
            .AppendLine()
            .AppendLine(Signature(shopName));

        var html = $"""
            {Opening(subject, shopName)}
            <p>{E(why)}</p>
            {LinkButton(url, action)}
            <p style="font-size:13px;color:#555d66">{E(after)}</p>
            </body></html>
            """;
        return (subject, html, text.ToString());
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    // What the emails a customer or a staff member acts on share: the document head and the shop's name on top.
    private static string Opening(string subject, string shopName) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{E(subject)}</title></head>
        <body style="font-family:Arial,Helvetica,sans-serif;color:#1b1f24;line-height:1.5;max-width:600px">
        <p style="font-size:18px;font-weight:bold;color:#1d3557">{E(shopName)}</p>
        """;

    // The link as a button a thumb can hit, and written out for mail programs that hide buttons.
    private static string LinkButton(string url, string label) => $"""
        <p><a href="{E(url)}" style="display:inline-block;background:#1d3557;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">{E(label)}</a></p>
        <p style="font-size:13px;color:#555d66">Or copy this link into your browser:<br><a href="{E(url)}">{E(url)}</a></p>
        """;
}
