using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.WorkOrders;

public class EditModel(ShopDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public WorkOrderInput Input { get; set; } = new();

    public string Number { get; private set; } = "";

    /// <summary>The customer signed for work priced at the work order's rates.</summary>
    public bool RatesLocked { get; private set; }
    public WorkOrderFormOptions Options { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return NotFound();
        }
        Number = workOrder.Number;
        RatesLocked = await db.Discrepancies.AnyAsync(d => d.WorkOrderId == id && d.AuthorizationId != null, cancellationToken);
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
        var workOrder = await db.WorkOrders.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return NotFound();
        }
        Number = workOrder.Number;
        await WorkOrderFormOptions.ValidateAsync(db, Input, ModelState, nameof(Input), cancellationToken, workOrder);
        // What the customer signed for was priced at these rates.
        RatesLocked = await db.Discrepancies.AnyAsync(d => d.WorkOrderId == id && d.AuthorizationId != null, cancellationToken);
        if (RatesLocked && (Money.Round(Input.LaborRate) != workOrder.LaborRate || Input.TaxRate != workOrder.TaxRate))
        {
            ModelState.AddModelError("", $"The customer signed for work on {workOrder.Number} at its current labor and tax rates: they can no longer change on this work order.");
        }
        if (!ModelState.IsValid)
        {
            Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
            return Page();
        }

        // The version the editor loaded is what we expect to overwrite; if someone saved since, refuse.
        db.Entry(workOrder).Property(w => w.Version).OriginalValue = Input.Version;
        Input.ApplyTo(workOrder);
        workOrder.Version++;
        workOrder.UpdatedAt = clock.GetUtcNow();
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
        return RedirectToPage("Details", new { id });
    }
}
