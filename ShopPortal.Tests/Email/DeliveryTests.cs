using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ShopPortal.Data;
using ShopPortal.Services.Email;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Email;

[TestClass]
public sealed class DeliveryTests
{
    [TestMethod]
    public async Task Over_real_smtp_the_customer_gets_the_email_and_every_manager_a_copy()
    {
        using var smtp = await SmtpServer.StartAsync();
        using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "Hangar Nine <office@hangar9.test>",
        });
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync("owner@shop.test", Roles.Manager, "Olive Owner");
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1003")}/Email?compose=Invoice");
        await client.SubmitAsync(page.Form("#compose"), new() { ["Compose.AdditionalText"] = "Thanks for flying with us!" });

        var message = (await smtp.WaitForMessagesAsync(1)).Single();
        Assert.AreEqual("lena.jarvinen@example.com", message.To.Mailboxes.Single().Address);
        CollectionAssert.AreEquivalent(new[] { "manager@shop.test", "owner@shop.test" }, message.Cc.Mailboxes.Select(m => m.Address).ToArray());
        Assert.AreEqual("office@hangar9.test", message.From.Mailboxes.Single().Address);
        StringAssert.Contains(message.TextBody, "Thanks for flying with us!");
        StringAssert.Contains(message.HtmlBody, "Thanks for flying with us!");
        var link = message.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://portal.shop.test/portal/", StringComparison.Ordinal));
        var invoice = await app.CreateBrowserClient().GetPageAsync(new Uri(link).AbsolutePath);
        // WO-1003 is completed, not yet invoiced: the mail and the portal both say so.
        StringAssert.Contains(message.Subject, "Invoice to date");
        StringAssert.Contains(invoice.Document.QuerySelector("h1")!.TextContent, "Invoice to date WO-1003");
        await Eventually.WaitAsync(() => app.WithDbAsync(db => db.OutboxEmails.SingleAsync()), e => e.Status == OutboxEmailStatus.Sent, "status Sent");
    }

    [TestMethod]
    public async Task An_email_committed_before_a_crash_is_delivered_exactly_once_after_the_restart()
    {
        var folder = TempFolder.Create("shopportal-crash");
        try
        {
            // No job workers: the process "dies" after the outbox commit and before delivery.
            using (var crashed = new TestApp(dataDirectory: folder, settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }))
            {
                await crashed.LoadSampleDataAsync();
                var client = await crashed.SignInAsync();
                var page = await client.GetPageAsync($"/WorkOrders/{await crashed.WorkOrderIdAsync("WO-1001")}/Email?compose=Estimate");
                await client.SubmitAsync(page.Form("#compose"));
                Assert.AreEqual(OutboxEmailStatus.Pending, (await crashed.WithDbAsync(db => db.OutboxEmails.SingleAsync())).Status);
            }
            SqliteConnection.ClearAllPools();
            var mail = Path.Combine(folder, "mail");
            Assert.AreEqual(0, Directory.GetFiles(mail, "*.eml").Length);

            using var restarted = new TestApp(dataDirectory: folder);
            var sent = await Eventually.WaitAsync(() => restarted.WithDbAsync(db => db.OutboxEmails.SingleAsync()), e => e.Status == OutboxEmailStatus.Sent, "delivery after restart");
            Assert.AreEqual(1, sent.Attempts);
            // The recurring re-dispatcher and a stray duplicate job must not send it again.
            await using (var scope = restarted.Services.CreateAsyncScope())
            {
                var delivery = scope.ServiceProvider.GetRequiredService<EmailDelivery>();
                await delivery.RedispatchAsync(CancellationToken.None);
                await delivery.SendAsync(sent.Id, CancellationToken.None);
            }
            Assert.AreEqual(1, Directory.GetFiles(mail, "*.eml").Length);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task A_mail_file_is_plain_ascii_and_reads_back_with_every_accented_letter()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var id = await app.WithDbAsync(async db =>
        {
            var email = new OutboxEmail
            {
                To = "a@b.test",
                Subject = "Työmääräys für Jürgen",
                HtmlBody = "<p>Grüße, Järvinen & Søn</p>",
                TextBody = "Grüße, Järvinen & Søn",
                CreatedAt = app.Clock.GetUtcNow(),
            };
            db.OutboxEmails.Add(email);
            await db.SaveChangesAsync();
            return email.Id;
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailDelivery>().SendAsync(id, CancellationToken.None);
        }

        var file = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Single();
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.IsTrue(bytes.All(b => b < 128), "7-bit, as SMTP carries it.");
        var message = await MimeMessage.LoadAsync(file);
        Assert.AreEqual("Työmääräys für Jürgen", message.Subject);
        Assert.AreEqual("Grüße, Järvinen & Søn", message.TextBody?.Trim());
        StringAssert.Contains(message.HtmlBody, "<p>Grüße, Järvinen & Søn</p>");
    }

    [TestMethod]
    public async Task The_outbox_lists_the_200_newest_mail_files_newest_first()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var mail = Path.Combine(app.DataDirectory, "mail");
        var start = DateTime.UtcNow.AddHours(-1);
        for (var n = 1; n <= 205; n++)
        {
            var path = Path.Combine(mail, $"outbox-{n}.eml");
            await File.WriteAllTextAsync(path, "Subject: test\r\n\r\n");
            // Written in order of their numbers, two by two in the same second (outbox-9 with outbox-10, outbox-99
            // with outbox-100), but outbox-3 last, as a retried email would be.
            File.SetLastWriteTimeUtc(path, n == 3 ? start.AddHours(1) : start.AddSeconds((n + 1) / 2));
        }

        var page = await client.GetPageAsync("/Outbox");

        var listed = page.Document.QuerySelectorAll("ul.font-monospace li").Select(li => li.TextContent).ToList();
        var expected = new[] { 3 }.Concat(Enumerable.Range(7, 199).Reverse()).Select(n => $"outbox-{n}.eml").ToList();
        CollectionAssert.AreEqual(expected, listed, string.Join(", ", listed.Take(10)));
        StringAssert.Contains(page.Text, "The 200 newest of 205 files.");
    }

    [TestMethod]
    public async Task Two_workers_claiming_the_same_email_send_it_once()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        var id = await app.WithDbAsync(async db =>
        {
            var email = new OutboxEmail { To = "a@b.test", Subject = "Hello", HtmlBody = "<p>Hi</p>", TextBody = "Hi", CreatedAt = app.Clock.GetUtcNow() };
            db.OutboxEmails.Add(email);
            await db.SaveChangesAsync();
            return email.Id;
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<EmailDelivery>().SendAsync(id, CancellationToken.None);
        }));

        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Length);
        var row = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
        Assert.AreEqual(OutboxEmailStatus.Sent, row.Status);
        Assert.AreEqual(1, row.Attempts);
    }

    [TestMethod]
    public async Task Failures_retry_with_backoff_then_end_as_failed_with_the_error_and_a_retry_button()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = SmtpServer.FreePort().ToString(),
            ["Smtp:Security"] = "None",
            ["Smtp:Password"] = "s3cret-pa55",
        });
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1001");
        var page = await client.GetPageAsync($"/WorkOrders/{workOrderId}/Email?compose=Estimate");
        await client.SubmitAsync(page.Form("#compose"));
        var id = await app.WithDbAsync(db => db.OutboxEmails.Select(o => o.Id).SingleAsync());

        for (var attempt = 1; attempt <= EmailDelivery.MaxAttempts; attempt++)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<EmailDelivery>().SendAsync(id, CancellationToken.None);
            }
            var row = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
            Assert.AreEqual(attempt, row.Attempts);
            Assert.IsNotNull(row.LastError);
            if (attempt < EmailDelivery.MaxAttempts)
            {
                Assert.AreEqual(OutboxEmailStatus.Pending, row.Status);
                Assert.IsTrue(row.NextAttemptAt > app.Clock.GetUtcNow(), "Backoff: the next attempt waits.");
                app.Clock.Advance(TimeSpan.FromHours(1));
            }
        }

        var failed = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
        Assert.AreEqual(OutboxEmailStatus.Failed, failed.Status);
        var workOrderPage = await client.GetPageAsync($"/WorkOrders/{workOrderId}");
        Assert.AreEqual("Failed", workOrderPage.Document.QuerySelector("[data-email-status]")!.GetAttribute("data-email-status"));
        StringAssert.Contains(workOrderPage.Document.QuerySelector("[data-email-status]")!.TextContent, failed.LastError!);
        Assert.IsFalse(workOrderPage.Html.Contains("s3cret-pa55", StringComparison.Ordinal));
        Assert.IsFalse((await client.GetPageAsync("/Outbox")).Html.Contains("s3cret-pa55", StringComparison.Ordinal));

        await client.SubmitAsync(workOrderPage.FormWithButton("Retry email").Form);
        var retried = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
        Assert.AreEqual(OutboxEmailStatus.Pending, retried.Status);
        Assert.AreEqual(0, retried.Attempts);
    }
}
