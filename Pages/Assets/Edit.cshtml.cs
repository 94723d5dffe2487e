using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Pages.Assets;

/// <summary>Create (no id) or edit an asset: the aircraft, vehicle or equipment being worked on.</summary>
public class EditModel(ShopDbContext db) : PageModel
{
    [BindProperty]
    public AssetInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Customers { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public class AssetInput
    {
        [Required, StringLength(50)]
        [Display(Name = "Registration (tail number, VIN or serial)")]
        public string Registration { get; set; } = "";

        [StringLength(100)]
        public string? Make { get; set; }

        [StringLength(100)]
        public string? Model { get; set; }

        [Range(1900, 2100, ErrorMessage = "Enter a year between 1900 and 2100.")]
        public int? Year { get; set; }

        [Required(ErrorMessage = "Choose the owner.")]
        [Display(Name = "Owner")]
        public int? CustomerId { get; set; }

        public int Version { get; set; }

        /// <summary>Ticked after the page said another asset has this registration: save a second one anyway.</summary>
        [Display(Name = SeparateAssetLabel)]
        public bool SeparateAsset { get; set; }
    }

    public const string SeparateAssetLabel = "This is a different asset with the same registration";

    /// <summary>The asset already registered under the entered registration, when the page asks to confirm a second one.</summary>
    public (int Id, string Registration, string Description)? SameRegistration { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? customerId, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (asset is null)
            {
                return NotFound();
            }
            Input = new AssetInput { Registration = asset.Registration, Make = asset.Make, Model = asset.Model, Year = asset.Year, CustomerId = asset.CustomerId, Version = asset.Version };
        }
        else
        {
            Input.CustomerId = customerId;
        }
        await LoadCustomersAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        Asset? asset = null;
        if (id is not null)
        {
            asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (asset is null)
            {
                return NotFound();
            }
        }
        if (Input.CustomerId is { } owner && !await db.Customers.AnyAsync(c => c.Id == owner, cancellationToken))
        {
            ModelState.AddModelError("Input.CustomerId", "That customer no longer exists.");
        }
        // Bound as null when left blank: [Required] says so.
        var registration = (Input.Registration ?? "").Trim().ToUpperInvariant();
        if (registration.Length > 0 && !string.Equals(asset?.Registration, registration, StringComparison.OrdinalIgnoreCase))
        {
            // A tail number or VIN names one asset: a second asset under it is almost always a typo or a
            // duplicate that splits the asset's work orders between two records. Serial numbers can repeat
            // across makers, so the page asks instead of refusing outright.
            var same = await db.Assets.AsNoTracking().Where(a => a.Registration == registration && a.Id != id)
                .Select(a => new { a.Id, a.Make, a.Model, Owner = a.Customer.Company == null ? a.Customer.Name : a.Customer.Name + " (" + a.Customer.Company + ")" })
                .FirstOrDefaultAsync(cancellationToken);
            if (same is not null)
            {
                var what = string.Join(' ', new[] { same.Make, same.Model }.Where(p => !string.IsNullOrEmpty(p)));
                SameRegistration = (same.Id, registration, $"{(what.Length == 0 ? "an asset" : what)} owned by {same.Owner}");
                if (!Input.SeparateAsset)
                {
                    ModelState.AddModelError("Input.Registration", $"{registration} is already registered: {SameRegistration.Value.Description}. Open that asset instead, or tick \"{SeparateAssetLabel}\" to save this one as well.");
                }
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadCustomersAsync(cancellationToken);
            return Page();
        }

        if (asset is null)
        {
            asset = db.Assets.Add(new Asset { Registration = "" }).Entity;
        }
        else
        {
            // The version the editor loaded is what we expect to overwrite; if someone saved since, refuse.
            db.Entry(asset).Property(a => a.Version).OriginalValue = Input.Version;
            asset.Version++;
        }
        asset.Registration = registration;
        asset.Make = string.IsNullOrWhiteSpace(Input.Make) ? null : Input.Make.Trim();
        asset.Model = string.IsNullOrWhiteSpace(Input.Model) ? null : Input.Model.Trim();
        asset.Year = Input.Year;
        asset.CustomerId = Input.CustomerId!.Value;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "This asset was changed by someone else while you were editing. Your changes were not saved. Reload the page to see the latest version, then make your changes again.");
            await LoadCustomersAsync(cancellationToken);
            return Page();
        }
        StatusMessage = id is null ? $"Asset {asset.Registration} added." : "Asset saved.";
        return RedirectToPage(new { id = asset.Id });
    }

    private async Task LoadCustomersAsync(CancellationToken cancellationToken)
    {
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new { c.Id, Text = c.Company == null ? c.Name : c.Name + " (" + c.Company + ")" }).ToListAsync(cancellationToken);
        Customers = customers.ConvertAll(c => new SelectListItem(c.Text, c.Id.ToString(CultureInfo.InvariantCulture)));
    }
}
