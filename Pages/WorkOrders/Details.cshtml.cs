using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.WorkOrders;

/// <summary>The standard Work Order page: everything about one work order on one screen.</summary>
public class DetailsModel(ShopDbContext db, ShopProfile profile) : PageModel
{
    public WorkOrder WorkOrder { get; private set; } = null!;
    public ShopSettings Shop { get; private set; } = null!;
    public IReadOnlyDictionary<int, ItemFigures> Figures { get; private set; } = new Dictionary<int, ItemFigures>();
    public EstimateTotals Estimate { get; private set; }
    public InvoiceTotals Invoice { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public string Money(decimal amount) => ShopProfile.FormatMoney(amount, Shop.Currency);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var workOrder = await db.WorkOrders.AsNoTracking().AsSplitQuery()
            .Include(w => w.Customer)
            .Include(w => w.Asset)
            .Include(w => w.Discrepancies.OrderBy(d => d.Sequence)).ThenInclude(d => d.Parts.OrderBy(p => p.Id))
            .Include(w => w.Discrepancies).ThenInclude(d => d.Labor.OrderBy(l => l.Date).ThenBy(l => l.Id))
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workOrder is null)
        {
            return NotFound();
        }

        WorkOrder = workOrder;
        Shop = await profile.GetAsync(cancellationToken);
        Figures = workOrder.Discrepancies.ToDictionary(d => d.Id, d => WorkOrderMath.Item(d, workOrder.LaborRate));
        Estimate = WorkOrderMath.Estimate(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, Figures[d.Id].EstimateAmount)), workOrder.TaxRate);
        Invoice = WorkOrderMath.Invoice(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, Figures[d.Id])), workOrder.TaxRate);
        return Page();
    }
}
