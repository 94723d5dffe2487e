using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ShopPortal.Data;

namespace ShopPortal.Services.Email;

/// <summary>The jobs that carry out the outbox: send one row, and re-dispatch rows left behind.</summary>
public sealed class EmailDelivery(
    ShopDbContext db,
    IMailTransport transport,
    IBackgroundJobClient jobs,
    WorkOrderChanges changes,
    ShopProfile profile,
    IOptions<SmtpOptions> smtp,
    TimeProvider clock,
    ILogger<EmailDelivery> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>How long a worker owns a claimed row; past that, the row is considered abandoned (a crash mid-send).</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>Rows pending longer than this were missed by their job (restart, crash): the re-dispatcher sends them.</summary>
    public static readonly TimeSpan RedispatchAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    // Our own retry schedule lives in the row (it survives restarts); Hangfire must not retry on top of it.
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(int outboxEmailId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The claim: one conditional update. Two workers (or a job and the re-dispatcher) can both try;
        // only one sees a row changed, and only that one sends.
        var claimed = await db.OutboxEmails
            .Where(o => o.Id == outboxEmailId
                && ((o.Status == OutboxEmailStatus.Pending && (o.NextAttemptAt == null || o.NextAttemptAt <= now))
                    || (o.Status == OutboxEmailStatus.Sending && o.ClaimedUntil < now)))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxEmailStatus.Sending)
                .SetProperty(o => o.ClaimedUntil, now + ClaimTime)
                .SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var email = await db.OutboxEmails.AsNoTracking().SingleAsync(o => o.Id == outboxEmailId, cancellationToken);
        Changed(email);
        try
        {
            await transport.SendAsync(EmailOutbox.ToMime(email, await FromAsync(cancellationToken)), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(email, e, cancellationToken);
            return;
        }
        await db.OutboxEmails.Where(o => o.Id == outboxEmailId).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OutboxEmailStatus.Sent)
            .SetProperty(o => o.SentAt, clock.GetUtcNow())
            .SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(o => o.LastError, (string?)null), cancellationToken);
        Changed(email);
    }

    // The Work Order page lists the work order's emails with their state.
    private void Changed(OutboxEmail email)
    {
        if (email.WorkOrderId is { } workOrderId)
        {
            changes.StaffDataChanged(workOrderId);
        }
    }

    /// <summary>Recurring (and at start-up): sends what is due but has no job, e.g. after a restart emptied the in-memory queue.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    public async Task RedispatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = now - RedispatchAfter;
        var due = await db.OutboxEmails.AsNoTracking()
            .Where(o => (o.Status == OutboxEmailStatus.Pending && o.CreatedAt <= stale && (o.NextAttemptAt == null || o.NextAttemptAt <= now))
                || (o.Status == OutboxEmailStatus.Sending && o.ClaimedUntil < now))
            .OrderBy(o => o.Id).Select(o => o.Id).Take(200).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            jobs.Enqueue<EmailDelivery>(delivery => delivery.SendAsync(id, CancellationToken.None));
        }
    }

    /// <summary>
    /// At start-up nothing is queued in memory yet: everything pending is due now. A row still marked Sending
    /// was being sent by the process that died (there is one server), so it is sent again; the pickup folder
    /// recognises a message it already holds, SMTP may deliver that one message twice.
    /// </summary>
    public async Task DispatchAllPendingAsync(CancellationToken cancellationToken)
    {
        await db.OutboxEmails.Where(o => o.Status == OutboxEmailStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxEmailStatus.Pending).SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
        changes.SharedStaffDataChanged();
        var now = clock.GetUtcNow();
        var pending = await db.OutboxEmails.AsNoTracking().Where(o => o.Status == OutboxEmailStatus.Pending)
            .Select(o => new { o.Id, o.NextAttemptAt }).ToListAsync(cancellationToken);
        foreach (var email in pending)
        {
            var id = email.Id;
            if (email.NextAttemptAt is { } at && at > now)
            {
                jobs.Schedule<EmailDelivery>(delivery => delivery.SendAsync(id, CancellationToken.None), at - now);
            }
            else
            {
                jobs.Enqueue<EmailDelivery>(delivery => delivery.SendAsync(id, CancellationToken.None));
            }
        }
    }

    private async Task FailAsync(OutboxEmail email, Exception error, CancellationToken cancellationToken)
    {
        var message = Describe(error);
        logger.LogWarning("Email {OutboxId} attempt {Attempt} failed: {Error}", email.Id, email.Attempts, message);
        if (email.Attempts >= MaxAttempts)
        {
            await db.OutboxEmails.Where(o => o.Id == email.Id).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxEmailStatus.Failed)
                .SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(o => o.LastError, message), cancellationToken);
            Changed(email);
            return;
        }
        var delay = Backoff[Math.Min(email.Attempts - 1, Backoff.Length - 1)];
        var next = clock.GetUtcNow() + delay;
        await db.OutboxEmails.Where(o => o.Id == email.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OutboxEmailStatus.Pending)
            .SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(o => o.NextAttemptAt, next)
            .SetProperty(o => o.LastError, message), cancellationToken);
        Changed(email);
        var id = email.Id;
        jobs.Schedule<EmailDelivery>(delivery => delivery.SendAsync(id, CancellationToken.None), delay);
    }

    private async Task<MailboxAddress> FromAsync(CancellationToken cancellationToken)
    {
        var shop = await profile.GetAsync(cancellationToken);
        var address = smtp.Value.From is { Length: > 0 } from ? from : shop.Email ?? "shopportal@localhost";
        return MailboxAddress.TryParse(address, out var parsed) && parsed.Name is { Length: > 0 }
            ? parsed
            : new MailboxAddress(shop.ShopName, MailboxAddress.TryParse(address, out var bare) ? bare.Address : "shopportal@localhost");
    }

    // The SMTP server's own words help the manager fix the setup; never the password (MailKit does not echo it).
    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        return text.Length > 2000 ? text[..2000] : text;
    }
}
