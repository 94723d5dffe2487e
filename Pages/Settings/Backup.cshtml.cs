using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using ShopPortal.Services.Backup;

namespace ShopPortal.Pages.Settings;

/// <summary>The Download backup button of the Settings page posts here; the page itself has nothing to show.</summary>
public class BackupModel(ShopBackup backup, TimeProvider clock, ILogger<BackupModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("Index");

    // A POST with antiforgery, not a link: the archive holds every customer's data and the key ring,
    // so no cross-site page may start the download in a manager's browser.
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Backup download started by {User}", User.Identity?.Name);
        Response.ContentType = ShopBackup.ContentType;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = ShopBackup.FileName(clock.GetUtcNow()) }.ToString();
        Response.Headers.CacheControl = "no-store";
        // Streamed as it is made; only the database copy touches the disk, in the data folder, and is deleted.
        await backup.WriteAsync(Response.Body, cancellationToken);
        return new EmptyResult();
    }
}
