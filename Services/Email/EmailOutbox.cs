using Hangfire;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>
/// The durable email queue. A row is written in the same transaction as whatever caused the email; the
/// Hangfire job only carries it out, so a crash or restart loses nothing (in-memory job storage forgets,
/// the table does not).
/// </summary>
public sealed class EmailOutbox(ShopDbContext db, IBackgroundJobClient jobs, WorkOrderChanges changes, TimeProvider clock)
{
    /// <summary>Adds the row to the context; the caller saves it inside its own transaction, then calls <see cref="Dispatch"/>.</summary>
    public OutboxEmail Add(OutboxEmailKind kind, string to, IEnumerable<string> cc, string subject, string html, string text,
        int? workOrderId = null, int? accessKeyId = null, PortalView? view = null, string? createdBy = null)
    {
        var email = new OutboxEmail
        {
            Kind = kind,
            To = to,
            Cc = string.Join(", ", cc.Where(a => !string.Equals(a, to, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)) is { Length: > 0 } list ? list : null,
            Subject = subject,
            HtmlBody = html,
            TextBody = text,
            WorkOrderId = workOrderId,
            AccessKeyId = accessKeyId,
            View = view,
            CreatedByName = createdBy,
            Status = OutboxEmailStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
        };
        db.OutboxEmails.Add(email);
        return email;
    }

    /// <summary>Queues delivery of a committed row. Losing this call loses nothing: the re-dispatcher finds the row.</summary>
    public void Dispatch(int outboxEmailId) => jobs.Enqueue<EmailDelivery>(delivery => delivery.SendAsync(outboxEmailId, CancellationToken.None));

    /// <summary>Puts a failed email back in the queue, from the top.</summary>
    public async Task<bool> RetryAsync(int outboxEmailId, CancellationToken cancellationToken)
    {
        var reset = await db.OutboxEmails.Where(o => o.Id == outboxEmailId && o.Status == OutboxEmailStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxEmailStatus.Pending).SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, (DateTimeOffset?)null).SetProperty(o => o.LastError, (string?)null), cancellationToken);
        if (reset == 1)
        {
            // A rare manager action: the staff pages show the email's new state.
            changes.SharedStaffDataChanged();
            Dispatch(outboxEmailId);
        }
        return reset == 1;
    }

    /// <summary>Email addresses of every manager: they get a copy of every invitation and the customer notifications.</summary>
    public async Task<IReadOnlyList<string>> ManagerAddressesAsync(CancellationToken cancellationToken)
    {
        var managerRole = await db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id).SingleAsync(cancellationToken);
        return await db.UserRoles.Where(ur => ur.RoleId == managerRole)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => u.Email)
            .Where(e => e != null).Select(e => e!).OrderBy(e => e).ToListAsync(cancellationToken);
    }

    internal static MimeMessage ToMime(OutboxEmail email, MailboxAddress from)
    {
        // One Message-ID per outbox row, whatever the attempt: receivers (and the pickup folder) can tell a repeat.
        var message = new MimeMessage { Subject = email.Subject, MessageId = $"outbox-{email.Id}@shopportal" };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(email.To));
        foreach (var cc in (email.Cc ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }
        message.Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();
        return message;
    }
}
