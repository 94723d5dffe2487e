using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Portal;

namespace ShopPortal.Pages.WorkOrders;

public class EditModel(ShopDbContext db, ShopProfile profile, PortalLinks links, TimeProvider clock) : PageModel
{
    [BindProperty]
    public WorkOrderInput Input { get; set; } = new();

    public string Number { get; private set; } = "";

    /// <summary>The customer signed for work on this asset, priced at the work order's rates.</summary>
    public bool Signed { get; private set; }
    public WorkOrderFormOptions Options { get; private set; } = null!;

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return NotFound();
        }
        Number = workOrder.Number;
        Signed = await db.Discrepancies.AnyAsync(d => d.WorkOrderId == id && d.AuthorizationId != null, cancellationToken);
        Input = new WorkOrderInput
        {
            CustomerId = workOrder.CustomerId,
            AssetId = workOrder.AssetId,
            Title = workOrder.Title,
            Description = workOrder.Description,
            Status = workOrder.Status,
            LaborRate = workOrder.LaborRate,
            TaxRate = workOrder.TaxRate,
            Version = workOrder.Version,
        };
        Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        // Under the write lock: no signature or customer decision lands between the checks below and the save.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var workOrder = await db.WorkOrders.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return NotFound();
        }
        Number = workOrder.Number;
        await WorkOrderFormOptions.ValidateAsync(db, Input, ModelState, nameof(Input), cancellationToken, workOrder);
        // What the customer signed for was priced at these rates, for this customer's asset.
        Signed = await db.Discrepancies.AnyAsync(d => d.WorkOrderId == id && d.AuthorizationId != null, cancellationToken);
        if (Signed && (Input.LaborRate != workOrder.LaborRate || Input.TaxRate != workOrder.TaxRate))
        {
            ModelState.AddModelError("", $"The customer signed for work on {workOrder.Number} at its current labor and tax rates: they can no longer change on this work order.");
        }
        // An invoice keeps the rates it was made at: rates change while the work order is open, and a raise goes to
        // the customer before anything is billed at it.
        if (Input.Status.IsBilled() && (Input.LaborRate != workOrder.LaborRate || Input.TaxRate != workOrder.TaxRate))
        {
            ModelState.AddModelError("", workOrder.Status.IsBilled()
                ? $"{workOrder.Number} is {workOrder.Status.Label().ToLowerInvariant()}: its labor and tax rates no longer change, so the invoice the customer has stays true. Set its status back to Completed to change them, then invoice again."
                : $"Save the new labor and tax rates of {workOrder.Number} before invoicing or closing it, so that the customer approves any raise first.");
        }
        // A signature is one customer's consent to work on one asset: it does not move to another.
        if (Signed && (Input.CustomerId != workOrder.CustomerId || Input.AssetId != workOrder.AssetId))
        {
            ModelState.AddModelError("", $"The customer signed for work on {workOrder.Number}: its customer and asset can no longer change. Open a new work order for another customer or asset.");
        }
        if (!ModelState.IsValid)
        {
            Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
            return Page();
        }

        // The version the editor loaded is what we expect to overwrite; if someone saved since, refuse.
        db.Entry(workOrder).Property(w => w.Version).OriginalValue = Input.Version;
        var oldRate = workOrder.LaborRate;
        var oldCustomer = workOrder.CustomerId;
        Input.ApplyTo(workOrder);
        workOrder.Version++;
        var now = clock.GetUtcNow();
        workOrder.UpdatedAt = now;
        var reopened = await RepriceItemsAsync(workOrder, oldRate, now, cancellationToken);
        // Links already sent went to the previous customer: through them, they would now read the new one's name,
        // asset and prices. They stop working with this save.
        IReadOnlyList<int> withdrawn = workOrder.CustomerId == oldCustomer ? []
            : await links.RevokeAllAsync(id, $"{User.DisplayName()} (customer changed)", cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", $"{workOrder.Number} was changed by someone else while you were editing. Your changes were not saved. Open the work order again to see the latest version, then make your changes again.");
            Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        links.Forget(withdrawn);
        var messages = new List<string>();
        if (reopened.Count > 0)
        {
            messages.Add($"The labor rate raised the estimate of {(reopened.Count == 1 ? "item" : "items")} {string.Join(", ", reopened)}, "
                + "above what the customer approved, so those approvals were taken back: they approve the new totals in the portal.");
        }
        if (withdrawn.Count > 0)
        {
            messages.Add($"The customer changed, so {(withdrawn.Count == 1 ? "the portal link sent before no longer works" : $"the {withdrawn.Count} portal links sent before no longer work")}. "
                + "Send the new customer a link from the Email page.");
        }
        if (messages.Count > 0)
        {
            StatusMessage = "Saved. " + string.Join(" ", messages);
        }
        return RedirectToPage("Details", new { id });
    }

    /// <summary>
    /// A new labor rate reprices every unsigned item with estimated hours: each moves to a new version (an approval
    /// from a page showing the old price is refused), a lower rate keeps the approvals (and notes what they covered),
    /// a higher one takes back those it raises above what the customer approved.
    /// </summary>
    private async Task<List<int>> RepriceItemsAsync(WorkOrder workOrder, decimal oldRate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (workOrder.LaborRate == oldRate)
        {
            return [];
        }
        var repriced = await db.Discrepancies.Include(d => d.Parts)
            .Where(d => d.WorkOrderId == workOrder.Id && d.AuthorizationId == null && d.EstimatedHours > 0)
            .OrderBy(d => d.Sequence).ToListAsync(cancellationToken);
        var currency = (await profile.GetAsync(cancellationToken)).Currency;
        var reopened = new List<int>();
        foreach (var item in repriced)
        {
            item.Version++;
            var before = WorkOrderMath.Item(item, oldRate).EstimateAmount;
            var after = WorkOrderMath.Item(item, workOrder.LaborRate).EstimateAmount;
            if (CustomerApprovals.Reprice(db, item, before, after, User.DisplayName(), currency, now))
            {
                reopened.Add(item.Sequence);
            }
        }
        return reopened;
    }
}
