using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ShopPortal.Data;
using ShopPortal.Services.Email;
using ShopPortal.Services.Portal;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Email;

[TestClass]
public sealed class JobTests
{
    [TestMethod]
    public async Task Cleanup_deletes_keys_expired_beyond_retention_and_keeps_younger_ones_and_the_audit_trail()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Portal:ExpiredKeyRetentionDays"] = "30" });
        await app.LoadSampleDataAsync();
        var old = await app.CreateLinkAsync("WO-1001", PortalView.Estimate, expiryHours: 1);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(old.Path());
        await client.SubmitAsync(page.FormWithButton("Approve item 3").Form, submitter: page.FormWithButton("Approve item 3").Button);
        page = await client.GetPageAsync(old.Path());
        await client.SubmitAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        page = await client.GetPageAsync(old.Path());
        var comment = page.FormWithButton("Comment on item 2");
        await client.SubmitAsync(comment.Form, new() { ["Form.Body"] = "Please hurry" }, comment.Button);

        app.Clock.Advance(TimeSpan.FromDays(20));
        var young = await app.CreateLinkAsync("WO-1001", PortalView.Invoice, expiryHours: 1);
        app.Clock.Advance(TimeSpan.FromDays(11));
        var valid = await app.CreateLinkAsync("WO-1001", PortalView.ProgressReport);

        int deleted;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            deleted = await scope.ServiceProvider.GetRequiredService<PortalKeyCleanup>().RunAsync(CancellationToken.None);
        }

        Assert.AreEqual(1, deleted);
        var remaining = await app.WithDbAsync(db => db.PortalAccessKeys.Select(k => k.Id).ToListAsync());
        CollectionAssert.AreEquivalent(new[] { young.KeyId, valid.KeyId }, remaining);
        Assert.IsTrue(await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.AccessKeyId == old.KeyId)) >= 4, "The audit trail stays.");
        Assert.AreEqual(old.KeyId, await app.WithDbAsync(db => db.WorkAuthorizations.Select(a => a.AccessKeyId).SingleAsync()));
        var staff = await (await app.SignInAsync()).GetPageAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1001")}");
        StringAssert.Contains(staff.Document.QuerySelector("[data-signature]")!.TextContent, "Dana Whitfield");
        StringAssert.Contains(staff.Text, "Please hurry");
        StringAssert.Contains(staff.Document.QuerySelector("#activity-heading")!.ParentElement!.TextContent, $"Estimate link #{old.KeyId}");
    }

    [TestMethod]
    public async Task The_recurring_redispatch_queues_emails_whose_job_was_lost_and_leaves_fresh_ones_alone()
    {
        // No workers: what the job queues stays in the queue to be looked at.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        // Rows committed without a queued job, as after a restart emptied the in-memory queue: one pending past
        // the redispatch delay, one left "Sending" by a worker whose claim ran out, one just written.
        var ids = await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            OutboxEmail Email(string to) => new() { To = to, Subject = "Estimate", HtmlBody = "<p>Hi</p>", TextBody = "Hi", CreatedAt = now - TimeSpan.FromMinutes(5) };
            var pending = Email("pending@b.test");
            var stuck = Email("stuck@b.test");
            stuck.Status = OutboxEmailStatus.Sending;
            stuck.ClaimedUntil = now - TimeSpan.FromMinutes(1);
            var fresh = Email("fresh@b.test");
            fresh.CreatedAt = now;
            db.OutboxEmails.AddRange(pending, stuck, fresh);
            await db.SaveChangesAsync();
            return new[] { pending.Id, stuck.Id, fresh.Id };
        });

        // The job Hangfire's scheduler runs every minute, registered at start-up under its name.
        var storage = app.Services.GetRequiredService<Hangfire.JobStorage>();
        using (var connection = storage.GetConnection())
        {
            var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Single(j => j.Id == "email-redispatch");
            Assert.AreEqual(Hangfire.Cron.Minutely(), recurring.Cron);
            Assert.AreEqual(nameof(EmailDelivery.RedispatchAsync), recurring.Job.Method.Name);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailDelivery>().RedispatchAsync(CancellationToken.None);
        }

        var queued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 100)
            .Where(j => j.Value.Job.Method.Name == nameof(EmailDelivery.SendAsync))
            .Select(j => (int)j.Value.Job.Args[0]).Order().ToArray();
        CollectionAssert.AreEqual(ids[..2], queued, "The lost pending email and the stuck one are queued; the fresh one has its own job coming.");
    }

    [TestMethod]
    public async Task The_minutely_notification_sweep_reads_only_the_actions_not_yet_emailed_through_an_index()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var query = scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().Overdue(app.Clock.GetUtcNow());
        var lines = query.ToQueryString().Split('\n');
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param ", StringComparison.Ordinal)));
        foreach (var parameter in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ', 4)))
        {
            var bound = command.CreateParameter();
            bound.ParameterName = parameter[2];
            bound.Value = parameter[3].Trim('\'');
            command.Parameters.Add(bound);
        }
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }
        var portalActivities = plan.Where(step => step.Contains("PortalActivities", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(portalActivities, string.Join(" | ", plan));
        Assert.IsTrue(portalActivities.All(step => step.Contains("USING INDEX IX_PortalActivities_Unnotified", StringComparison.Ordinal)),
            "Every read of the table goes through the index of actions not yet emailed, not a scan of all: " + string.Join(" | ", plan));
    }

    [TestMethod]
    public async Task Several_customer_clicks_within_the_batch_window_make_one_email_to_the_managers()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Notifications:BatchMinutes"] = "0.05" });
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync("owner@shop.test", Roles.Manager, "Olive Owner");
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        page = await client.SubmitPageAsync(page.FormWithButton("Reject item 2").Form, submitter: page.FormWithButton("Reject item 2").Button);
        var comment = page.FormWithButton("Comment on item 3");
        await client.SubmitAsync(comment.Form, new() { ["Form.Body"] = "Which grease do you use?" }, comment.Button);

        var notification = await Eventually.WaitAsync(
            () => app.WithDbAsync(db => db.OutboxEmails.Where(o => o.Kind == OutboxEmailKind.ManagerNotification).ToListAsync()),
            rows => rows.Count > 0 && rows.All(r => r.Status == OutboxEmailStatus.Sent), "the managers' notification");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().SweepAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().NotifyAsync(await app.WorkOrderIdAsync("WO-1002"), CancellationToken.None);
        }
        var rows = await app.WithDbAsync(db => db.OutboxEmails.Where(o => o.Kind == OutboxEmailKind.ManagerNotification).ToListAsync());
        Assert.AreEqual(1, rows.Count, "One email for the three clicks.");
        var email = rows.Single();
        Assert.AreEqual("manager@shop.test", email.To);
        Assert.AreEqual("owner@shop.test", email.Cc);
        foreach (var text in new[] { "Approved: Item 1", "Rejected: Item 2", "Commented: Item 3", "WO-1002" })
        {
            StringAssert.Contains(email.TextBody, text);
        }
        Assert.AreEqual(0, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.NotifiedAt == null && a.Kind != PortalActivityKind.Viewed)));
        var file = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Single();
        StringAssert.Contains((await MimeMessage.LoadAsync(file)).Subject, "WO-1002");
        _ = notification;
    }

    [TestMethod]
    public async Task A_customer_who_clicks_back_and_forth_hundreds_of_times_gets_the_managers_one_readable_email()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var workOrderId = await app.WorkOrderIdAsync("WO-1002");
        var start = app.Clock.GetUtcNow().AddMinutes(-30);
        PortalActivity Click(int n) => new()
        {
            WorkOrderId = workOrderId,
            AccessKeyId = link.KeyId,
            View = PortalView.Estimate,
            Actor = "Customer",
            Kind = n % 2 == 0 ? PortalActivityKind.Approved : PortalActivityKind.Cleared,
            At = start.AddSeconds(n),
            Detail = $"click #{n:D3}",
        };
        await app.WithDbAsync(db =>
        {
            db.PortalActivities.AddRange(Enumerable.Range(0, 120).Select(Click));
            return db.SaveChangesAsync();
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().NotifyAsync(workOrderId, CancellationToken.None);
        }
        var email = (await app.WithDbAsync(db => db.OutboxEmails.Where(o => o.Kind == OutboxEmailKind.ManagerNotification).ToListAsync())).Single();
        StringAssert.Contains(email.Subject, "(120 updates)");
        var listed = email.TextBody.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(CustomerNotificationJob.ListedInEmail, listed);
        StringAssert.Contains(listed[0], "Approved: click #070", "The latest fifty, oldest first.");
        StringAssert.Contains(listed[^1], "Cleared decision: click #119");
        Assert.IsFalse(email.TextBody.Contains("#069", StringComparison.Ordinal));
        StringAssert.Contains(email.TextBody, "70 earlier updates are in the work order's portal activity");
        StringAssert.Contains(email.HtmlBody, "70 earlier updates are in the work order&#39;s portal activity");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.NotifiedAt == null && a.Detail!.StartsWith("click"))),
            "Every click is covered by the email, listed or counted.");

        await app.WithDbAsync(db =>
        {
            db.PortalActivities.Add(Click(120));
            return db.SaveChangesAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().NotifyAsync(workOrderId, CancellationToken.None);
        }
        var next = (await app.WithDbAsync(db => db.OutboxEmails.Where(o => o.Kind == OutboxEmailKind.ManagerNotification).OrderBy(o => o.Id).ToListAsync()))[^1];
        StringAssert.Contains(next.Subject, "(1 update)");
        StringAssert.Contains(next.TextBody, "Approved: click #120");
        Assert.IsFalse(next.TextBody.Contains("earlier", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_staff_preview_does_not_notify_the_managers()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Notifications:BatchMinutes"] = "0.01" });
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var staff = await app.SignInAsync();
        var page = await staff.GetPageAsync(link.Path());
        await staff.SubmitAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        Assert.AreEqual(1, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.Approved)));

        app.Clock.Advance(TimeSpan.FromHours(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().NotifyAsync(await app.WorkOrderIdAsync("WO-1002"), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CustomerNotificationJob>().SweepAsync(CancellationToken.None);
        }
        Assert.AreEqual(0, await app.WithDbAsync(db => db.OutboxEmails.CountAsync()));
    }
}
