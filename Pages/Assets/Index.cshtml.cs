using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.Assets;

public class IndexModel(ShopDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = Paging.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, Paging.ListSize, 0);

    public sealed record Row(int Id, string Registration, string? Make, string? Model, int? Year, int CustomerId, string Customer);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Assets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = ListSearch.Contains(Q);
            query = query.Where(a => EF.Functions.Like(a.Registration, pattern, ListSearch.Escape) || EF.Functions.Like(a.Make ?? "", pattern, ListSearch.Escape)
                || EF.Functions.Like(a.Model ?? "", pattern, ListSearch.Escape) || EF.Functions.Like(a.Customer.Name, pattern, ListSearch.Escape));
        }
        (Rows, Paging) = await query.OrderBy(a => a.Registration).ThenBy(a => a.Id)
            .Select(a => new Row(a.Id, a.Registration, a.Make, a.Model, a.Year, a.CustomerId, a.Customer.Name))
            .ToPageAsync(PageNumber, cancellationToken);
    }
}
