using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>The standard Work Order page: everything about one work order on one screen.</summary>
public class DetailsModel(
    ShopDbContext db,
    ShopProfile profile,
    Comments comments,
    CustomerApprovals approvals,
    PortalLinks links,
    ReadModelCache cache,
    TimeProvider clock) : PageModel
{
    public WorkOrder WorkOrder { get; private set; } = null!;
    public ShopSettings Shop { get; private set; } = null!;
    public IReadOnlyDictionary<int, ItemFigures> Figures { get; private set; } = new Dictionary<int, ItemFigures>();
    public EstimateTotals Estimate { get; private set; }
    public InvoiceTotals Invoice { get; private set; }
    public IReadOnlyList<WorkAuthorization> Signatures { get; private set; } = [];
    public IReadOnlyList<PortalActivity> Activity { get; private set; } = [];
    public PortalLinksPanel? Links { get; private set; }
    public IReadOnlyList<OutboxEmail> Emails { get; private set; } = [];
    public bool IsManager { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public string Money(decimal amount) => ShopProfile.FormatMoney(amount, Shop.Currency);

    public class ReplyInput
    {
        [Required(ErrorMessage = "Write the reply first.")]
        [StringLength(Comment.MaxLength, ErrorMessage = "Replies can be at most 2,000 characters.")]
        public string Body { get; set; } = "";
    }

    public class RecordDecisionInput
    {
        public CustomerDecision Decision { get; set; }

        [Display(Name = "How the customer told you")]
        public ApprovalMethod Method { get; set; } = ApprovalMethod.Phone;

        [StringLength(CustomerApprovals.MaxReasonLength)]
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(id, () => LoadWorkOrderAsync(id, cancellationToken), view => clock.GetUtcNow() < view.ValidUntil, withStaffData: true, cancellationToken) is not { } view)
        {
            return NotFound();
        }
        WorkOrder = view.WorkOrder;
        Figures = view.Figures;
        Estimate = view.Estimate;
        Invoice = view.Invoice;
        Signatures = view.Signatures;
        Activity = view.Activity;
        Shop = await profile.GetAsync(cancellationToken);
        IsManager = User.IsInRole(Roles.Manager);
        if (IsManager)
        {
            Links = view.Links;
            Emails = view.Emails;
        }
        // The same bytes for every visit by this user until the work order, its links, emails or activity change (or
        // a link expires); a message after a post is shown once.
        return StatusMessage is null ? view.Pages.Serve((User.Identity?.Name, IsManager)) : Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(int id, int itemId, ReplyInput reply, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            StatusMessage = "Error: " + ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage;
            return RedirectToPage(new { id });
        }
        if (!await comments.AddFromStaffAsync(id, itemId, reply.Body, User.UserId()!, User.DisplayName(), cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = "Reply posted. The customer sees it in the portal.";
        return await BackToItemAsync(id, itemId, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(int id, int commentId, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.Manager))
        {
            return Forbid();
        }
        if (!await comments.DeleteAsync(id, commentId, User.DisplayName(), cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = "Comment deleted. It is kept, hidden, in the audit trail.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRecordDecisionAsync(int id, int itemId, RecordDecisionInput record, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || record.Method == ApprovalMethod.Portal)
        {
            StatusMessage = "Error: choose how the customer told you (phone, in person or email).";
            return RedirectToPage(new { id });
        }
        var actor = PortalActor.StaffRecording(User.DisplayName(), record.Method, HttpContext);
        var outcome = await approvals.DecideAsync(id, itemId, record.Decision, record.Reason, actor, seenVersion: null, cancellationToken);
        StatusMessage = outcome switch
        {
            DecisionOutcome.Done => $"Recorded: customer {record.Decision switch { CustomerDecision.Approve => "approved", CustomerDecision.Reject => "rejected", _ => "cleared their decision on" }} the item {record.Method.Label()}.",
            DecisionOutcome.Locked => "Error: the customer signed for this item; its approval is locked.",
            DecisionOutcome.Closed => "Error: the work order is invoiced or closed; set its status back to record a decision.",
            _ => null,
        };
        return outcome switch
        {
            DecisionOutcome.NoSuchItem => NotFound(),
            DecisionOutcome.Done => await BackToItemAsync(id, itemId, cancellationToken),
            _ => RedirectToPage(new { id }),
        };
    }

    /// <summary>
    /// After a change, back to the item's card, whose anchor is its number on the work order (item-3), not its database
    /// id. A refusal goes back to the top of the page instead, where its message shows.
    /// </summary>
    private async Task<RedirectToPageResult> BackToItemAsync(int id, int itemId, CancellationToken cancellationToken)
    {
        var sequence = await db.Discrepancies.Where(d => d.Id == itemId && d.WorkOrderId == id).Select(d => (int?)d.Sequence).SingleOrDefaultAsync(cancellationToken);
        return RedirectToPage(null, null, new { id }, sequence is null ? null : $"item-{sequence}");
    }

    private async Task<StaffWorkOrder?> LoadWorkOrderAsync(int id, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().AsSplitQuery()
            .Include(w => w.Customer)
            .Include(w => w.Asset)
            .Include(w => w.Discrepancies.OrderBy(d => d.Sequence)).ThenInclude(d => d.Parts.OrderBy(p => p.Id))
            .Include(w => w.Discrepancies).ThenInclude(d => d.Labor.OrderBy(l => l.Date).ThenBy(l => l.Id))
            .Include(w => w.Discrepancies).ThenInclude(d => d.Comments.OrderBy(c => c.CreatedAt))
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return null;
        }
        var figures = workOrder.Discrepancies.ToDictionary(d => d.Id, d => WorkOrderMath.Item(d, workOrder.LaborRate));
        var signatures = await db.WorkAuthorizations.AsNoTracking().Where(a => a.WorkOrderId == id).OrderBy(a => a.SignedAt).ToListAsync(cancellationToken);
        var activity = await db.PortalActivities.AsNoTracking().Where(a => a.WorkOrderId == id).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(100).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var keys = await links.ListAsync(id, cancellationToken);
        return new StaffWorkOrder(
            workOrder,
            figures,
            WorkOrderMath.Estimate(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, figures[d.Id].EstimateAmount)), workOrder.TaxRate),
            WorkOrderMath.Invoice(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, figures[d.Id])), workOrder.TaxRate),
            signatures,
            activity,
            new PortalLinksPanel(id, await links.DirectLinksAsync(id, cancellationToken), keys, now, EmailModel.ReturnToDetails),
            await OutboxRows.ForWorkOrderAsync(db, id, cancellationToken),
            // A link that expires turns from "Revoke" to "Expired": this copy holds until the next one does.
            keys.Where(k => k.ExpiresAt > now).Select(k => k.ExpiresAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min());
    }
}

/// <summary>
/// Everything the Work Order page shows: the work order with its items, figures and signatures, its portal activity,
/// links and emails (every write to the work order moves its change stamp, every write to those its staff stamp).
/// Read-only once built; it holds until <see cref="ValidUntil"/>, when a link expires.
/// </summary>
public sealed record StaffWorkOrder(WorkOrder WorkOrder, IReadOnlyDictionary<int, ItemFigures> Figures, EstimateTotals Estimate, InvoiceTotals Invoice,
    IReadOnlyList<WorkAuthorization> Signatures, IReadOnlyList<PortalActivity> Activity, PortalLinksPanel Links, IReadOnlyList<OutboxEmail> Emails,
    DateTimeOffset ValidUntil)
{
    /// <summary>The page as each signed-in user (name, manager or not) sees it.</summary>
    public RenderedPages<(string? User, bool IsManager)> Pages { get; } = new();
}

/// <summary>The direct links of a work order and every key it ever had, for managers; forms come back to <see cref="ReturnTo"/>.</summary>
public sealed record PortalLinksPanel(int WorkOrderId, IReadOnlyDictionary<PortalView, IssuedLink> DirectLinks, IReadOnlyList<PortalKeyRow> Keys,
    DateTimeOffset Now, string? ReturnTo);
