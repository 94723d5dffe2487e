using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>Add or edit one discrepancy, its part lines and the labor logged against it.</summary>
public class ItemModel(ShopDbContext db, UserManager<ShopUser> users, ShopProfile profile, TimeProvider clock) : PageModel
{
    public WorkOrder WorkOrder { get; private set; } = null!;
    public Discrepancy? Discrepancy { get; private set; }
    public IReadOnlyList<SelectListItem> Technicians { get; private set; } = [];

    // Each form on the page posts to its own handler and binds only its own input (no [BindProperty]),
    // so a half-filled part form never blocks saving labor and vice versa.
    public ItemInput Item { get; set; } = new();
    public PartInput Part { get; set; } = new();
    public LaborInput Labor { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The work order is invoiced or closed: what was billed stays as billed until its status is set back.</summary>
    public bool Billed => WorkOrder.Status.IsBilled();

    public static string BilledMessage(WorkOrder workOrder) =>
        $"{workOrder.Number} is {workOrder.Status.Label().ToLowerInvariant()}: its items, parts and labor no longer change, so the invoice the customer has stays true. " +
        "To correct it, set its status back to Completed on Edit work order, make the change, then invoice again.";

    /// <summary>
    /// Every post on this page writes an item, a part or labor: none lands on an invoiced or closed work order. Refused
    /// here before its form is validated, and again by each handler under the write lock, should the work order be
    /// invoiced in between.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsPost(context.HttpContext.Request.Method) && context.HandlerArguments.TryGetValue("id", out var value) && value is int id
            && await RefusedWhenBilledAsync(id, context.HandlerArguments.TryGetValue("itemId", out var item) ? item as int? : null, context.HttpContext.RequestAborted) is { } refused)
        {
            context.Result = refused;
            return;
        }
        await next();
    }

    /// <summary>The answer to a post on an invoiced or closed work order, or null when it is open.</summary>
    private async Task<IActionResult?> RefusedWhenBilledAsync(int id, int? itemId, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null || !workOrder.Status.IsBilled())
        {
            return null;
        }
        // Written straight to TempData: the page filter runs before the filter that saves [TempData] properties.
        // The item page explains why under the message (#item-billed); the work order's page does not.
        TempData[nameof(StatusMessage)] = itemId is null
            ? "Error: Nothing was saved. " + BilledMessage(workOrder)
            : $"Error: Nothing was saved: {workOrder.Number} is {workOrder.Status.Label().ToLowerInvariant()}.";
        return itemId is null ? RedirectToPage("Details", new { id }) : RedirectToPage(new { id, itemId });
    }


    public class ItemInput
    {
        [Required, StringLength(2000)]
        [Display(Name = "Discrepancy (what was found)")]
        public string Description { get; set; } = "";

        [StringLength(4000)]
        [Display(Name = "Corrective action (what the shop will do)")]
        public string? CorrectiveAction { get; set; }

        [Range(typeof(decimal), "0", "10000", ErrorMessage = "Estimated hours must be between 0 and 10,000.")]
        [DecimalPlaces(2)]
        [Display(Name = "Estimated labor hours")]
        public decimal EstimatedHours { get; set; }

        [Display(Name = "Work status")]
        public DiscrepancyWorkStatus WorkStatus { get; set; }

        public int Version { get; set; }
    }

    public class PartInput
    {
        [Required, StringLength(100)]
        [Display(Name = "Part number")]
        public string PartNumber { get; set; } = "";

        [Required, StringLength(500)]
        [Display(Name = "Part description")]
        public string Description { get; set; } = "";

        [Range(typeof(decimal), "0.001", "100000", ErrorMessage = "Quantity must be between 0.001 and 100,000.")]
        [DecimalPlaces(3)]
        public decimal Quantity { get; set; } = 1;

        [Range(typeof(decimal), "0", "10000000", ErrorMessage = "Unit price must be between 0 and 10,000,000.")]
        [DecimalPlaces(2)]
        [Display(Name = "Unit price")]
        public decimal UnitPrice { get; set; }
    }

    public class LaborInput
    {
        [Display(Name = "Technician")]
        public string? TechnicianId { get; set; }

        [Required]
        [DataType(DataType.Date)]
        public DateOnly? Date { get; set; }

        [Range(typeof(decimal), "0.05", "24", ErrorMessage = "Hours must be between 0.05 and 24 for one entry.")]
        [DecimalPlaces(2)]
        public decimal Hours { get; set; }

        [StringLength(1000)]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, int? itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, itemId, cancellationToken))
        {
            return NotFound();
        }
        if (Discrepancy is { } d)
        {
            Item = new ItemInput { Description = d.Description, CorrectiveAction = d.CorrectiveAction, EstimatedHours = d.EstimatedHours, WorkStatus = d.WorkStatus, Version = d.Version };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, int? itemId, ItemInput item, CancellationToken cancellationToken)
    {
        Item = item;
        if (!await LoadAsync(id, itemId, cancellationToken))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        if (itemId is null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await RefusedWhenBilledAsync(id, null, cancellationToken) is { } billed)
            {
                return billed;
            }
            var highest = await db.Discrepancies.Where(d => d.WorkOrderId == id).MaxAsync(d => (int?)d.Sequence, cancellationToken) ?? 0;
            var numbered = await db.WorkOrders.SingleAsync(w => w.Id == id, cancellationToken);
            numbered.HighestItemSequence = Math.Max(highest, numbered.HighestItemSequence) + 1;
            // Items added after a signature start Pending: the customer authorizes them with a new signature.
            var created = new Discrepancy { WorkOrderId = id, Sequence = numbered.HighestItemSequence, Description = "", CreatedAt = now, ApprovalStatus = CustomerApprovalStatus.Pending };
            Apply(item, created);
            db.Discrepancies.Add(created);
            await db.TouchWorkOrderAsync(id, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            StatusMessage = $"Item {created.Sequence} added. Add its parts below.";
            return RedirectToPage(new { id, itemId = created.Id });
        }

        // Under the write lock: a customer's decision cannot land between reading the approval and raising the estimate.
        await using var editing = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } invoiced)
        {
            return invoiced;
        }
        var existing = await db.Discrepancies.Include(d => d.Parts).SingleAsync(d => d.Id == itemId, cancellationToken);
        if (existing.IsLocked && item.EstimatedHours != existing.EstimatedHours)
        {
            ModelState.AddModelError("Item.EstimatedHours", SignedEstimate(existing.Sequence, "hours"));
            return Page();
        }
        var pricing = await PricingAsync(id, cancellationToken);
        var before = pricing.Estimate(existing);
        db.Entry(existing).Property(d => d.Version).OriginalValue = item.Version;
        Apply(item, existing);
        existing.Version++;
        var reopened = await RepriceAsync(existing, pricing, before, now, cancellationToken);
        await db.TouchWorkOrderAsync(id, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", $"Item {existing.Sequence} was changed by someone else while you were editing. Your changes were not saved. Reload the page to see the latest version, then make your changes again.");
            return Page();
        }
        await editing.CommitAsync(cancellationToken);
        StatusMessage = $"Item {existing.Sequence} saved.{reopened}";
        return RedirectToPage("Details", null, new { id }, $"item-{existing.Sequence}");
    }

    public async Task<IActionResult> OnPostAddPartAsync(int id, int itemId, PartInput part, CancellationToken cancellationToken)
    {
        Part = part;
        if (!await LoadAsync(id, itemId, cancellationToken))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            FillItem();
            return Page();
        }
        // Checked under the write lock, so a signature or an invoice made since the page was loaded is not slipped past.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } billed)
        {
            return billed;
        }
        if (await db.Discrepancies.Where(d => d.Id == itemId && d.AuthorizationId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, d => d.Version + 1), cancellationToken) == 0)
        {
            ModelState.AddModelError("", SignedEstimate(Discrepancy!.Sequence, "parts"));
            FillItem();
            return Page();
        }
        var target = await db.Discrepancies.Include(d => d.Parts).SingleAsync(d => d.Id == itemId, cancellationToken);
        var pricing = await PricingAsync(id, cancellationToken);
        var before = pricing.Estimate(target);
        target.Parts.Add(new PartLine
        {
            DiscrepancyId = itemId,
            PartNumber = part.PartNumber.Trim(),
            Description = part.Description.Trim(),
            Quantity = part.Quantity,
            UnitPrice = part.UnitPrice,
        });
        var now = clock.GetUtcNow();
        var reopened = await RepriceAsync(target, pricing, before, now, cancellationToken);
        await db.TouchWorkOrderAsync(id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = $"Part {part.PartNumber.Trim()} added.{reopened}";
        return RedirectToPage(new { id, itemId });
    }

    public async Task<IActionResult> OnPostRemovePartAsync(int id, int itemId, int partId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } billed)
        {
            return billed;
        }
        // A signed item's parts stay as the customer authorized them.
        var target = await db.Discrepancies.Include(d => d.Parts).SingleOrDefaultAsync(d => d.Id == itemId && d.WorkOrderId == id, cancellationToken);
        if (target is null || target.AuthorizationId is not null || target.Parts.Find(p => p.Id == partId) is not { } removed)
        {
            return NotFound();
        }
        var pricing = await PricingAsync(id, cancellationToken);
        var before = pricing.Estimate(target);
        target.Parts.Remove(removed);
        db.PartLines.Remove(removed);
        target.Version++;
        var now = clock.GetUtcNow();
        await RepriceAsync(target, pricing, before, now, cancellationToken);
        await db.TouchWorkOrderAsync(id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = "Part removed.";
        return RedirectToPage(new { id, itemId });
    }

    public async Task<IActionResult> OnPostRemoveItemAsync(int id, int itemId, bool confirm, CancellationToken cancellationToken)
    {
        // Under the write lock: a decision, comment, signature or invoice cannot land between the checks and the removal.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } billed)
        {
            return billed;
        }
        var item = await db.Discrepancies.Include(d => d.Parts).Include(d => d.Labor)
            .SingleOrDefaultAsync(d => d.Id == itemId && d.WorkOrderId == id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }
        if (await WhyItStaysAsync(item, cancellationToken) is { } stays)
        {
            StatusMessage = "Error: " + stays;
            return RedirectToPage(new { id, itemId });
        }
        if (!confirm)
        {
            StatusMessage = $"Error: tick \"{RemoveConfirmation(item.Sequence)}\" to remove it.";
            return RedirectToPage(new { id, itemId });
        }
        var now = clock.GetUtcNow();
        var workOrder = await db.WorkOrders.SingleAsync(w => w.Id == id, cancellationToken);
        workOrder.HighestItemSequence = Math.Max(workOrder.HighestItemSequence, item.Sequence);
        db.Discrepancies.Remove(item);
        db.PortalActivities.Add(PortalActivity.ByStaff(id, PortalActivityKind.ItemRemoved, User.DisplayName(), now, null, $"Item {item.Sequence}: {item.Description}"));
        await db.TouchWorkOrderAsync(id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = $"Item {item.Sequence} removed, with its parts.";
        return RedirectToPage("Details", new { id });
    }

    public async Task<IActionResult> OnPostLogLaborAsync(int id, int itemId, LaborInput labor, CancellationToken cancellationToken)
    {
        Labor = labor;
        if (!await LoadAsync(id, itemId, cancellationToken))
        {
            return NotFound();
        }
        var technician = await ResolveTechnicianAsync(labor.TechnicianId);
        if (technician is null)
        {
            ModelState.AddModelError("Labor.TechnicianId", "Choose a technician from the team.");
        }
        // Labor is logged for the shop's date: a later date has not happened yet; a year before the work order opened is a typo.
        if (labor.Date is { } date)
        {
            var shop = await profile.GetAsync(cancellationToken);
            var today = shop.Today(clock);
            var opened = DateOnly.FromDateTime(shop.Local(WorkOrder.CreatedAt).DateTime);
            if (date > today)
            {
                ModelState.AddModelError("Labor.Date", "Labor can't be logged for a future date.");
            }
            else if (date < opened.AddYears(-1))
            {
                ModelState.AddModelError("Labor.Date", $"That date is more than a year before {WorkOrder.Number} was opened.");
            }
        }
        if (!ModelState.IsValid || technician is null)
        {
            FillItem();
            return Page();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } billed)
        {
            return billed;
        }
        var now = clock.GetUtcNow();
        db.LaborEntries.Add(new LaborEntry
        {
            DiscrepancyId = itemId,
            TechnicianId = technician.Id,
            TechnicianName = string.IsNullOrWhiteSpace(technician.DisplayName) ? technician.Email ?? "Technician" : technician.DisplayName,
            Date = labor.Date!.Value,
            Hours = labor.Hours,
            Note = string.IsNullOrWhiteSpace(labor.Note) ? null : labor.Note.Trim(),
            CreatedAt = now,
        });
        await db.TouchWorkOrderAsync(id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = $"{labor.Hours:0.##} h logged.";
        return RedirectToPage(new { id, itemId });
    }

    public async Task<IActionResult> OnPostRemoveLaborAsync(int id, int itemId, int laborId, CancellationToken cancellationToken)
    {
        var query = db.LaborEntries.Where(l => l.Id == laborId && l.DiscrepancyId == itemId && l.Discrepancy.WorkOrderId == id);
        // Technicians may correct their own entries; managers anyone's.
        if (!User.IsInRole(Roles.Manager))
        {
            var me = users.GetUserId(User);
            query = query.Where(l => l.TechnicianId == me);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await RefusedWhenBilledAsync(id, itemId, cancellationToken) is { } billed)
        {
            return billed;
        }
        if (await query.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }
        await db.TouchWorkOrderAsync(id, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = "Labor entry removed.";
        return RedirectToPage(new { id, itemId });
    }

    private async Task<bool> LoadAsync(int id, int? itemId, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().Include(w => w.Asset).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return false;
        }
        WorkOrder = workOrder;
        if (itemId is { } discrepancyId)
        {
            Discrepancy = await db.Discrepancies.AsNoTracking().AsSplitQuery()
                .Include(d => d.Parts.OrderBy(p => p.Id))
                .Include(d => d.Labor.OrderBy(l => l.Date).ThenBy(l => l.Id))
                .SingleOrDefaultAsync(d => d.Id == discrepancyId && d.WorkOrderId == id, cancellationToken);
            if (Discrepancy is null)
            {
                return false;
            }
        }

        var me = users.GetUserId(User);
        Labor.TechnicianId ??= me;
        Labor.Date ??= (await profile.GetAsync(cancellationToken)).Today(clock);
        Technicians = User.IsInRole(Roles.Manager)
            ? await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
                .Select(u => new SelectListItem(u.DisplayName == "" ? u.Email : u.DisplayName, u.Id)).ToListAsync(cancellationToken)
            : [new SelectListItem(User.DisplayName(), me)];
        return true;
    }

    /// <summary>Technicians may correct their own labor entries; managers anyone's.</summary>
    public bool CanRemove(LaborEntry entry) => User.IsInRole(Roles.Manager) || entry.TechnicianId == User.UserId();

    private void FillItem()
    {
        if (Discrepancy is { } d)
        {
            Item = new ItemInput { Description = d.Description, CorrectiveAction = d.CorrectiveAction, EstimatedHours = d.EstimatedHours, WorkStatus = d.WorkStatus, Version = d.Version };
        }
    }

    private async Task<ShopUser?> ResolveTechnicianAsync(string? technicianId)
    {
        var me = users.GetUserId(User);
        // Only managers may log time for someone else.
        var id = User.IsInRole(Roles.Manager) && !string.IsNullOrEmpty(technicianId) ? technicianId : me;
        return id is null ? null : await users.FindByIdAsync(id);
    }

    /// <summary>Why the item shown cannot be removed; null when it can. Asked by the page as it renders, not by every post.</summary>
    public Task<string?> StaysBecauseAsync() => WhyItStaysAsync(Discrepancy!, HttpContext.RequestAborted);

    /// <summary>
    /// Only an item added by mistake may go: once the customer has acted on it, or anyone has commented on it or logged
    /// labor against it, it stays on the work order's record. <paramref name="item"/> comes with its labor.
    /// </summary>
    private async Task<string?> WhyItStaysAsync(Discrepancy item, CancellationToken cancellationToken)
    {
        if (item.AuthorizationId is not null)
        {
            return $"The customer signed for item {item.Sequence}, so it stays on the work order.";
        }
        if (item.ApprovalChangedAt is not null || await db.PortalActivities.AnyAsync(a => a.DiscrepancyId == item.Id, cancellationToken))
        {
            return $"The customer has acted on item {item.Sequence}, so it stays on the work order's record. Change its words instead, or record the customer's rejection.";
        }
        if (await db.Comments.AnyAsync(c => c.DiscrepancyId == item.Id, cancellationToken))
        {
            return $"Item {item.Sequence} has comments, so it stays on the work order's record.";
        }
        return item.Labor.Count > 0 ? $"Labor is logged against item {item.Sequence}: remove those entries first." : null;
    }

    /// <summary>What prices an item: read under the write lock, with the item.</summary>
    private sealed record Pricing(decimal LaborRate)
    {
        public decimal Estimate(Discrepancy item) => WorkOrderMath.Item(item, LaborRate).EstimateAmount;
    }

    private Task<Pricing> PricingAsync(int workOrderId, CancellationToken cancellationToken) =>
        db.WorkOrders.Where(w => w.Id == workOrderId).Select(w => new Pricing(w.LaborRate)).SingleAsync(cancellationToken);

    /// <summary>Takes back the customer's approval of an item the edit priced above it; says so for the status message.</summary>
    private async Task<string> RepriceAsync(Discrepancy item, Pricing pricing, decimal before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var after = pricing.Estimate(item);
        var currency = (await profile.GetAsync(cancellationToken)).Currency;
        return CustomerApprovals.Reprice(db, item, before, after, User.DisplayName(), currency, now)
            ? $" Its estimate rose to {ShopProfile.FormatMoney(after, currency)}, above the {ShopProfile.FormatMoney(item.ApprovedAmount!.Value, currency)} the customer approved, so the approval was taken back: they approve the new total in the portal."
            : "";
    }

    /// <summary>What the customer signed for is the price of the work: extra work is a new item, signed for anew.</summary>
    private static string SignedEstimate(int sequence, string what) =>
        $"The customer signed for item {sequence} as estimated: its {what} can no longer change. Add a new item for extra work; the customer approves and signs for it.";

    /// <summary>The box staff tick to remove an item: removing cannot be undone.</summary>
    public static string RemoveConfirmation(int sequence) => $"Yes, item {sequence} was added by mistake";

    private static void Apply(ItemInput input, Discrepancy discrepancy)
    {
        discrepancy.Description = input.Description.Trim();
        discrepancy.CorrectiveAction = string.IsNullOrWhiteSpace(input.CorrectiveAction) ? null : input.CorrectiveAction.Trim();
        discrepancy.EstimatedHours = input.EstimatedHours;
        discrepancy.WorkStatus = input.WorkStatus;
    }
}
