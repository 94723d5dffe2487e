using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.WorkOrders;

public class CreateModel(ShopDbContext db, WorkOrderNumbers numbers, ShopProfile profile, TimeProvider clock) : PageModel
{
    [BindProperty]
    public WorkOrderInput Input { get; set; } = new();

    public WorkOrderFormOptions Options { get; private set; } = null!;

    public async Task OnGetAsync(int? customerId, int? assetId, CancellationToken cancellationToken)
    {
        var shop = await profile.GetAsync(cancellationToken);
        Input = new WorkOrderInput { CustomerId = customerId, AssetId = assetId, LaborRate = shop.LaborRate, TaxRate = shop.TaxRate };
        Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await WorkOrderFormOptions.ValidateAsync(db, Input, ModelState, nameof(Input), cancellationToken);
        if (!ModelState.IsValid)
        {
            Options = await WorkOrderFormOptions.LoadAsync(db, cancellationToken);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (sequence, number) = await numbers.NextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var workOrder = new WorkOrder { Sequence = sequence, Number = number, Title = "", CreatedAt = now, UpdatedAt = now };
        Input.Status = WorkOrderStatus.Open;
        Input.ApplyTo(workOrder);
        db.WorkOrders.Add(workOrder);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RedirectToPage("Details", new { id = workOrder.Id });
    }
}
