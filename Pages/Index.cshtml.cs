using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopPortal.Pages;

public class IndexModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/WorkOrders/Index");
}
