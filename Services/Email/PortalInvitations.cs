using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services.Portal;

namespace ShopPortal.Services.Email;

/// <summary>Emails a customer a fresh link to one view of a work order, with a copy to every manager.</summary>
public sealed class PortalInvitations(ShopDbContext db, PortalLinks links, EmailOutbox outbox, ShopProfile profile)
{
    public sealed record Sent(int OutboxEmailId, int KeyId, string To, IReadOnlyList<string> Cc, DateTimeOffset ExpiresAt);

    public async Task<Sent?> SendAsync(int workOrderId, PortalView view, string recipient, string? additionalText, int expiryHours,
        string staffId, string staffName, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().Where(w => w.Id == workOrderId)
            .Select(w => new { w.Number, w.Title, w.Asset.Registration, w.Asset.Make, w.Asset.Model, w.Customer.Name, w.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (workOrder is null)
        {
            return null;
        }
        var shop = await profile.GetAsync(cancellationToken);
        var managers = await outbox.ManagerAddressesAsync(cancellationToken);

        // The key and the email commit together or not at all: never an email without a working link,
        // never a live link nobody was sent.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var link = await links.CreateAsync(workOrderId, view, expiryHours, recipient, staffId, staffName, keepStaffCopy: false, cancellationToken);
        var asset = string.Join(' ', new[] { workOrder.Registration, workOrder.Make, workOrder.Model }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var (subject, html, text) = EmailTemplates.PortalInvitation(new EmailTemplates.Invitation(
            shop.ShopName, shop.Phone, shop.Email, workOrder.Number, workOrder.Title, asset, workOrder.Name, view, link.Url, shop.Zoned(link.ExpiresAt, "dddd, MMMM d, yyyy 'at' HH:mm"),
            additionalText, staffName, workOrder.Status.AcceptsDecisions()));
        var email = outbox.Add(OutboxEmailKind.PortalInvitation, recipient, managers, subject, html, text, workOrderId, link.KeyId, view, staffName);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        outbox.Dispatch(email.Id);
        return new Sent(email.Id, link.KeyId, recipient, managers.Where(m => !string.Equals(m, recipient, StringComparison.OrdinalIgnoreCase)).ToList(), link.ExpiresAt);
    }
}
