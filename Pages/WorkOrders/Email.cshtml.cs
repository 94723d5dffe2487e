using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Email;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>
/// The Email Work Order page (managers only): a direct link per portal view to preview or copy, and the
/// Email buttons that send the customer a fresh link with the manager's note, copying every manager.
/// </summary>
public class EmailModel(
    ShopDbContext db,
    PortalLinks links,
    PortalInvitations invitations,
    EmailOutbox outbox,
    ShopProfile profile,
    UserManager<ShopUser> users,
    TimeProvider clock) : PageModel
{
    public const string ReturnToDetails = "details";

    public WorkOrderHeader WorkOrder { get; private set; } = null!;
    public PortalLinksPanel Links { get; private set; } = null!;
    public IReadOnlyList<OutboxEmail> Emails { get; private set; } = [];
    public IReadOnlyList<string> Managers { get; private set; } = [];
    public PortalView? Composing { get; private set; }

    [BindProperty]
    public ComposeInput Compose { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed record WorkOrderHeader(int Id, string Number, string Title, string Customer, string? CustomerEmail, string Asset);

    public class ComposeInput
    {
        public PortalView View { get; set; }

        [Required(ErrorMessage = "Enter the customer's email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [MailAddress]
        [StringLength(256)]
        [Display(Name = "Send to")]
        public string Recipient { get; set; } = "";

        [StringLength(4000, ErrorMessage = "The additional text can be at most 4,000 characters.")]
        [Display(Name = "Additional email text (optional)")]
        public string? AdditionalText { get; set; }

        [Range(PortalLinks.MinExpiryHours, PortalLinks.MaxExpiryHours, ErrorMessage = "The link must expire after 1 to 720 hours (30 days).")]
        [Display(Name = "Link expires after (hours)")]
        public int ExpiryHours { get; set; } = 48;
    }

    public async Task<IActionResult> OnGetAsync(int id, PortalView? compose, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, ensureLinks: true, cancellationToken))
        {
            return NotFound();
        }
        if (compose is { } view && Enum.IsDefined(view))
        {
            Composing = view;
            Compose = new ComposeInput
            {
                View = view,
                Recipient = WorkOrder.CustomerEmail ?? "",
                ExpiryHours = (await profile.GetAsync(cancellationToken)).DefaultLinkExpiryHours,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(Compose.View))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            Composing = Compose.View;
            return await LoadAsync(id, ensureLinks: false, cancellationToken) ? Page() : NotFound();
        }
        var sent = await invitations.SendAsync(id, Compose.View, Compose.Recipient.Trim(), Compose.AdditionalText, Compose.ExpiryHours,
            users.GetUserId(User)!, User.DisplayName(), cancellationToken);
        if (sent is null)
        {
            return NotFound();
        }
        var copies = sent.Cc.Count == 0 ? "" : $" A copy goes to {string.Join(", ", sent.Cc)}.";
        StatusMessage = $"{Compose.View.Label()} email queued for {sent.To}.{copies} Its link expires {(await profile.GetAsync(cancellationToken)).Time(sent.ExpiresAt, "yyyy-MM-dd HH:mm")}.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostCreateLinkAsync(int id, PortalView view, string? returnTo, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(view) || !await db.WorkOrders.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return NotFound();
        }
        var existing = await links.DirectLinksAsync(id, cancellationToken);
        if (existing.TryGetValue(view, out var old))
        {
            await links.RevokeAsync(id, old.KeyId, User.DisplayName(), cancellationToken);
        }
        var expiry = (await profile.GetAsync(cancellationToken)).DefaultLinkExpiryHours;
        await links.CreateAsync(id, view, expiry, null, users.GetUserId(User), User.DisplayName(), keepStaffCopy: true, cancellationToken);
        StatusMessage = old is null ? $"{view.Label()} link created." : $"The {view.Label()} link was replaced; the old one no longer works.";
        return Back(id, returnTo);
    }

    public async Task<IActionResult> OnPostRevokeLinkAsync(int id, int keyId, string? returnTo, CancellationToken cancellationToken)
    {
        var belongs = await db.PortalAccessKeys.AnyAsync(k => k.Id == keyId && k.WorkOrderId == id, cancellationToken);
        StatusMessage = !belongs ? $"Error: link #{keyId} is not one of this work order's links; nothing was revoked."
            : await links.RevokeAsync(id, keyId, User.DisplayName(), cancellationToken) ? $"Link #{keyId} revoked: it now shows the customer an expired page."
            : "Error: that link was already revoked.";
        return Back(id, returnTo);
    }

    public async Task<IActionResult> OnPostRetryAsync(int id, int emailId, string? returnTo, CancellationToken cancellationToken)
    {
        var belongs = await db.OutboxEmails.AnyAsync(o => o.Id == emailId && o.WorkOrderId == id, cancellationToken);
        StatusMessage = belongs && await outbox.RetryAsync(emailId, cancellationToken)
            ? "The email is queued again."
            : "Error: only a failed email can be retried.";
        return Back(id, returnTo);
    }

    private RedirectToPageResult Back(int id, string? returnTo) => returnTo == ReturnToDetails
        ? RedirectToPage("Details", null, new { id }, "portal-links")
        : RedirectToPage(null, null, new { id }, "portal-links");

    private async Task<bool> LoadAsync(int id, bool ensureLinks, CancellationToken cancellationToken)
    {
        var header = await db.WorkOrders.AsNoTracking().Where(w => w.Id == id)
            .Select(w => new WorkOrderHeader(w.Id, w.Number, w.Title, w.Customer.Name, w.Customer.Email, w.Asset.Registration))
            .SingleOrDefaultAsync(cancellationToken);
        if (header is null)
        {
            return false;
        }
        WorkOrder = header;
        var direct = ensureLinks
            ? await links.EnsureDirectLinksAsync(id, users.GetUserId(User), User.DisplayName(), cancellationToken)
            : await links.DirectLinksAsync(id, cancellationToken);
        Links = new PortalLinksPanel(id, direct, await links.ListAsync(id, cancellationToken), clock.GetUtcNow(), ReturnTo: null);
        Emails = await OutboxRows.ForWorkOrderAsync(db, id, cancellationToken);
        Managers = await outbox.ManagerAddressesAsync(cancellationToken);
        return true;
    }
}

/// <summary>The emails of one work order, newest first, for the Email and Work Order pages.</summary>
public static class OutboxRows
{
    public static async Task<IReadOnlyList<OutboxEmail>> ForWorkOrderAsync(ShopDbContext db, int workOrderId, CancellationToken cancellationToken) =>
        await db.OutboxEmails.AsNoTracking().Where(o => o.WorkOrderId == workOrderId).OrderByDescending(o => o.Id).Take(50).ToListAsync(cancellationToken);
}
