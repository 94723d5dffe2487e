using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.Settings;

public class IndexModel(ShopDbContext db) : PageModel
{
    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public class SettingsInput : ShopProfileInput
    {
        [Range(1, 720, ErrorMessage = "Links must expire after 1 to 720 hours (30 days).")]
        [Display(Name = "Portal links expire after (hours)")]
        public int DefaultLinkExpiryHours { get; set; } = 48;

        [PublicAddress]
        [StringLength(500)]
        [Display(Name = "Public base URL for customer links")]
        public string? PublicBaseUrl { get; set; }

        public int Version { get; set; }

        public static SettingsInput FromSettings(ShopSettings settings)
        {
            var input = Fill(new SettingsInput(), settings);
            input.DefaultLinkExpiryHours = settings.DefaultLinkExpiryHours;
            input.PublicBaseUrl = settings.PublicBaseUrl;
            input.Version = settings.Version;
            return input;
        }

        public override void ApplyTo(ShopSettings settings)
        {
            base.ApplyTo(settings);
            settings.DefaultLinkExpiryHours = DefaultLinkExpiryHours;
            settings.PublicBaseUrl = string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/');
        }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await db.ShopSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? ShopProfile.Defaults();
        Input = SettingsInput.FromSettings(settings);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var settings = await db.ShopSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = ShopProfile.Defaults();
            db.ShopSettings.Add(settings);
        }
        else
        {
            db.Entry(settings).Property(s => s.Version).OriginalValue = Input.Version;
        }
        Input.ApplyTo(settings);
        settings.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Someone else saved the settings while you were editing. Reload the page to see their changes, then make yours again.");
            return Page();
        }
        StatusMessage = "Settings saved.";
        return RedirectToPage();
    }
}
