using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.Customers;

/// <summary>Create (no id) or edit a customer; lists their assets and work orders.</summary>
public class EditModel(ShopDbContext db) : PageModel
{
    [BindProperty]
    public CustomerInput Input { get; set; } = new();

    public IReadOnlyList<Asset> Assets { get; private set; } = [];
    public IReadOnlyList<WorkOrder> WorkOrders { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public class CustomerInput
    {
        [Required, StringLength(200)]
        [Display(Name = "Contact name")]
        public string Name { get; set; } = "";

        [StringLength(200)]
        public string? Company { get; set; }

        [EmailAddress, MailAddress, StringLength(256)]
        [Display(Name = "Email (portal invitations go here)")]
        public string? Email { get; set; }

        [Phone, StringLength(50)]
        public string? Phone { get; set; }

        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return Page();
        }
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return NotFound();
        }
        Input = new CustomerInput { Name = customer.Name, Company = customer.Company, Email = customer.Email, Phone = customer.Phone, Version = customer.Version };
        await LoadRelatedAsync(customer.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        Customer? customer = null;
        if (id is not null)
        {
            customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (customer is null)
            {
                return NotFound();
            }
        }
        if (!ModelState.IsValid)
        {
            if (customer is not null)
            {
                await LoadRelatedAsync(customer.Id, cancellationToken);
            }
            return Page();
        }

        if (customer is null)
        {
            customer = db.Customers.Add(new Customer { Name = "" }).Entity;
        }
        else
        {
            // The version the editor loaded is what we expect to overwrite; if someone saved since, refuse.
            db.Entry(customer).Property(c => c.Version).OriginalValue = Input.Version;
            customer.Version++;
        }
        customer.Name = Input.Name.Trim();
        customer.Company = Blank(Input.Company);
        customer.Email = Blank(Input.Email);
        customer.Phone = Blank(Input.Phone);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "This customer was changed by someone else while you were editing. Your changes were not saved. Reload the page to see the latest version, then make your changes again.");
            await LoadRelatedAsync(customer.Id, cancellationToken);
            return Page();
        }
        StatusMessage = id is null ? $"Customer {customer.Name} added. Add their asset next." : "Customer saved.";
        return RedirectToPage(new { id = customer.Id });
    }

    private async Task LoadRelatedAsync(int customerId, CancellationToken cancellationToken)
    {
        Assets = await db.Assets.AsNoTracking().Where(a => a.CustomerId == customerId).OrderBy(a => a.Registration).ToListAsync(cancellationToken);
        WorkOrders = await db.WorkOrders.AsNoTracking().Include(w => w.Asset).Where(w => w.CustomerId == customerId)
            .OrderByDescending(w => w.Sequence).ToListAsync(cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
