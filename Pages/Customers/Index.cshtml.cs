using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.Customers;

public class IndexModel(ShopDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = Paging.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, Paging.ListSize, 0);

    public sealed record Row(int Id, string Name, string? Company, string? Email, string? Phone, int Assets, int OpenWorkOrders);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = ListSearch.Contains(Q);
            query = query.Where(c => EF.Functions.Like(c.Name, pattern, ListSearch.Escape) || EF.Functions.Like(c.Company ?? "", pattern, ListSearch.Escape)
                || EF.Functions.Like(c.Email ?? "", pattern, ListSearch.Escape));
        }
        (Rows, Paging) = await query.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new Row(c.Id, c.Name, c.Company, c.Email, c.Phone, c.Assets.Count,
                c.WorkOrders.Count(w => w.Status != WorkOrderStatus.Closed && w.Status != WorkOrderStatus.Invoiced)))
            .ToPageAsync(PageNumber, cancellationToken);
    }
}
