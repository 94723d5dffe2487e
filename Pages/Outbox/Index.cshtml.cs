using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Email;

namespace ShopPortal.Pages.Outbox;

/// <summary>Every email the app sent or tries to send (managers only). Without SMTP, where the .eml files are.</summary>
public class IndexModel(ShopDbContext db, EmailOutbox outbox, IOptions<SmtpOptions> smtp, DataDirectory data) : PageModel
{
    [BindProperty(SupportsGet = true, Name = Paging.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<OutboxEmail> Emails { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, Paging.OutboxSize, 0);
    public bool UsesSmtp => smtp.Value.Configured;
    public string SmtpServer => $"{smtp.Value.Host}:{smtp.Value.Port}";
    public string MailFolder => data.MailPath;
    public IReadOnlyList<string> Files { get; private set; } = [];
    public int FileCount { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (Emails, Paging) = await db.OutboxEmails.AsNoTracking().OrderByDescending(o => o.Id).ToPageAsync(PageNumber, cancellationToken, Paging.OutboxSize);
        if (!UsesSmtp)
        {
            var files = new DirectoryInfo(data.MailPath).GetFiles("*.eml");
            FileCount = files.Length;
            // Newest first by when each was written (a retried email is written after later ones); files written in
            // the same tick by their number, outbox-10 before outbox-9: names of one length compare as numbers do.
            Files = files.OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name.Length).ThenByDescending(f => f.Name, StringComparer.Ordinal)
                .Take(Paging.OutboxSize).Select(f => f.Name).ToList();
        }
    }

    public async Task<IActionResult> OnPostRetryAsync(int emailId, CancellationToken cancellationToken)
    {
        StatusMessage = await outbox.RetryAsync(emailId, cancellationToken) ? "The email is queued again." : "Error: only a failed email can be retried.";
        return RedirectToPage();
    }
}
