using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.WorkOrders;

public class IndexModel(ShopDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public WorkOrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = Paging.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, Paging.ListSize, 0);
    public bool ShopIsEmpty { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed record Row(int Id, string Number, string Title, string Customer, string Registration, WorkOrderStatus Status, int Items, int Pending, DateTimeOffset UpdatedAt);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.WorkOrders.AsNoTracking();
        if (Status is { } status)
        {
            query = query.Where(w => w.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = ListSearch.Contains(Q);
            query = query.Where(w => EF.Functions.Like(w.Number, pattern, ListSearch.Escape)
                || EF.Functions.Like(w.Title, pattern, ListSearch.Escape)
                || EF.Functions.Like(w.Customer.Name, pattern, ListSearch.Escape)
                || EF.Functions.Like(w.Customer.Company ?? "", pattern, ListSearch.Escape)
                || EF.Functions.Like(w.Asset.Registration, pattern, ListSearch.Escape));
        }

        (Rows, Paging) = await query
            .OrderByDescending(w => w.Sequence)
            .Select(w => new Row(
                w.Id, w.Number, w.Title,
                w.Customer.Company == null ? w.Customer.Name : w.Customer.Name + " (" + w.Customer.Company + ")",
                w.Asset.Registration, w.Status, w.Discrepancies.Count,
                w.Discrepancies.Count(d => d.ApprovalStatus == CustomerApprovalStatus.Pending), w.UpdatedAt))
            .ToPageAsync(PageNumber, cancellationToken);
        ShopIsEmpty = Rows.Count == 0 && Q is null && Status is null && !await db.Customers.AnyAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSampleDataAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.Manager))
        {
            return Forbid();
        }
        StatusMessage = await SampleData.LoadIfEmptyAsync(db, clock, cancellationToken)
            ? "Sample data loaded: four customers, their assets and work orders."
            : "Error: sample data can only be loaded into an empty shop.";
        return RedirectToPage();
    }
}
