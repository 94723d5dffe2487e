using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Pages.Settings;
using ShopPortal.Services;

namespace ShopPortal.Pages.Setup;

/// <summary>First run: creates the first manager and the shop profile. Gone (404) once anyone exists.</summary>
public class IndexModel(
    ShopDbContext db,
    UserManager<ShopUser> users,
    SignInManager<ShopUser> signIn,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public ShopProfileInput Shop { get; set; } = ShopProfileInput.ForNewShop();

    [BindProperty]
    public ManagerInput Manager { get; set; } = new();

    [BindProperty]
    [Display(Name = "Load sample data")]
    public bool LoadSampleData { get; set; }

    public class ManagerInput
    {
        [Required, StringLength(100)]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required, EmailAddress, MailAddress, StringLength(256)]
        [Display(Name = "Email (your sign-in name)")]
        public string Email { get; set; } = "";

        [Required, StringLength(100, MinimumLength = 8, ErrorMessage = "The password must be at least 8 characters long.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required, DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await db.Users.AnyAsync(cancellationToken) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return NotFound();
        }

        var result = await DatabaseSetup.CreateManagerAsync(users, Manager.Email.Trim(), Manager.Password, Manager.DisplayName.Trim());
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? $"{nameof(Manager)}.{nameof(ManagerInput.Password)}" : $"{nameof(Manager)}.{nameof(ManagerInput.Email)}";
                ModelState.AddModelError(field, error.Description);
            }
            return Page();
        }

        var settings = await db.ShopSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = ShopProfile.Defaults();
            db.ShopSettings.Add(settings);
        }
        Shop.ApplyTo(settings);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (LoadSampleData)
        {
            await SampleData.LoadIfEmptyAsync(db, clock, cancellationToken);
        }

        var manager = await users.FindByEmailAsync(Manager.Email.Trim());
        await signIn.SignInAsync(manager!, isPersistent: false);
        return RedirectToPage("/WorkOrders/Index");
    }
}
