using System.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Email;

[TestClass]
public sealed class EmailPageTests
{
    [TestMethod]
    public async Task Technicians_and_anonymous_visitors_are_refused_the_email_page_and_the_jobs_dashboard()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await app.SignInAsync(TestApp.TechnicianEmail, followRedirects: false);
        var anonymous = app.CreateBrowserClient(followRedirects: false);
        var manager = await app.SignInAsync(followRedirects: false);

        foreach (var path in new[] { $"/WorkOrders/{id}/Email", "/hangfire", "/hangfire/jobs/enqueued", "/Outbox" })
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, (await technician.GetAsync(path)).StatusCode, path);
            var response = await anonymous.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, path);
            StringAssert.Contains(response.Headers.Location!.OriginalString, "/Account/Login", path);
            Assert.AreEqual(HttpStatusCode.OK, (await manager.GetAsync(path)).StatusCode, path);
        }

        var page = await (await app.SignInAsync()).GetPageAsync($"/WorkOrders/{id}/Email?compose=Estimate");
        var form = page.Form("#compose");
        var technicianToken = (await (await app.SignInAsync(TestApp.TechnicianEmail)).GetPageAsync($"/WorkOrders/{id}")).Document
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await technician.SubmitAsync(form, new() { ["__RequestVerificationToken"] = technicianToken });
        Assert.AreEqual(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.OutboxEmails.CountAsync()));

        var workOrderPage = await (await app.SignInAsync(TestApp.TechnicianEmail)).GetPageAsync($"/WorkOrders/{id}");
        Assert.IsNull(workOrderPage.Document.QuerySelector($"a[href='/WorkOrders/{id}/Email']"), "The Send Email link is hidden from technicians.");
    }

    [TestMethod]
    public async Task A_revoked_direct_link_stays_revoked_until_a_manager_creates_a_new_one()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        var estimate = page.Document.QuerySelector("#link-estimate")!.GetAttribute("value")!;
        var keys = await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync());

        page = await client.SubmitPageAsync(page.FormWithButton("Revoke the Estimate link").Form);

        Assert.IsNull(page.Document.QuerySelector("#link-estimate"), "No fresh link replaces the revoked one behind the manager's back.");
        Assert.AreEqual(keys, await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync()));
        Assert.AreEqual(HttpStatusCode.Gone, (await app.CreateBrowserClient().GetAsync(new Uri(estimate).AbsolutePath)).StatusCode);
        page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        Assert.IsNull(page.Document.QuerySelector("#link-estimate"));

        page = await client.SubmitPageAsync(page.FormWithButton("Create Estimate link").Form);
        var renewed = page.Document.QuerySelector("#link-estimate")!.GetAttribute("value")!;
        Assert.AreNotEqual(estimate, renewed);
        Assert.AreEqual(HttpStatusCode.OK, (await app.CreateBrowserClient().GetAsync(new Uri(renewed).AbsolutePath)).StatusCode);
    }

    [TestMethod]
    public async Task Preview_opens_the_link_on_this_server_whatever_the_public_address()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var page = await (await app.SignInAsync()).GetPageAsync($"/WorkOrders/{id}/Email");

        var previews = page.Document.QuerySelectorAll("a").Where(a => a.TextContent.Trim() == "Preview").Select(a => a.GetAttribute("href")!).ToList();
        var urls = page.Document.QuerySelectorAll("input[id^='link-']").Select(i => new Uri(i.GetAttribute("value")!).AbsolutePath).ToList();
        CollectionAssert.AreEqual(urls, previews, "Relative, so the staff sign-in cookie goes with it.");
    }

    [TestMethod]
    public async Task The_email_page_shows_a_direct_link_per_view_built_from_the_public_base_url()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var client = await app.SignInAsync();
        var details = await client.GetPageAsync($"/WorkOrders/{id}");
        var page = await client.GetPageAsync(details.Document.QuerySelector("a[href$='/Email']")!.GetAttribute("href")!);

        var urls = page.Document.QuerySelectorAll("input[id^='link-']").Select(i => i.GetAttribute("value")!).ToList();
        Assert.AreEqual(4, urls.Count);
        Assert.IsTrue(urls.All(u => u.StartsWith("https://portal.shop.test/portal/", StringComparison.Ordinal)), "Never the request's host.");
        foreach (var label in new[] { "Preview", "Copy" })
        {
            Assert.AreEqual(4, page.Document.QuerySelectorAll("a, button").Count(e => e.TextContent.Trim() == label), label);
        }

        var again = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        CollectionAssert.AreEqual(urls, again.Document.QuerySelectorAll("input[id^='link-']").Select(i => i.GetAttribute("value")!).ToList(), "Reused while valid.");
        Assert.AreEqual(4, await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync()));

        var heading = (await app.CreateBrowserClient().GetPageAsync(new Uri(urls[2]).AbsolutePath)).Document.QuerySelector("h1")!.TextContent;
        StringAssert.Contains(heading, "Progress Report");

        var replace = again.FormWithButton("Replace the Estimate link");
        var replaced = await client.SubmitPageAsync(replace.Form);
        StringAssert.Contains(replaced.Text, "The Estimate link was replaced");
        var estimateUrl = urls[1];
        Assert.AreEqual(HttpStatusCode.Gone, (await app.CreateBrowserClient().GetAsync(new Uri(estimateUrl).AbsolutePath)).StatusCode);
    }

    [TestMethod]
    public async Task Sending_creates_one_key_and_one_outbox_row_and_writes_an_eml_file_with_a_working_link()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync("second.manager@shop.test", Roles.Manager, "Second Manager");
        var id = await app.WorkOrderIdAsync("WO-1001");
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        var keysBefore = await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync());

        page = await client.SubmitPageAsync(page.FormWithButton("Email Estimate").Form);
        var compose = page.Form("#compose");
        Assert.AreEqual("dana@skyline-charter.example", compose.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Single(e => e.Name == "Compose.Recipient").Value);
        Assert.AreEqual("48", compose.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Single(e => e.Name == "Compose.ExpiryHours").Value);
        page = await client.SubmitPageAsync(compose, new() { ["Compose.AdditionalText"] = "Hi Dana,\nthe <b>vacuum pump</b> is the urgent one." });

        StringAssert.Contains(page.Text, "Estimate email queued for dana@skyline-charter.example");
        Assert.AreEqual(keysBefore + 1, await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync()));
        var row = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync());
        Assert.AreEqual(PortalView.Estimate, row.View);
        Assert.AreEqual("manager@shop.test, second.manager@shop.test", row.Cc);

        var sent = await Eventually.WaitAsync(() => app.WithDbAsync(db => db.OutboxEmails.SingleAsync()), r => r.Status == OutboxEmailStatus.Sent, "the email to be sent");
        Assert.AreEqual(1, sent.Attempts);
        var file = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Single();
        var message = await MimeMessage.LoadAsync(file);
        Assert.AreEqual("dana@skyline-charter.example", message.To.Mailboxes.Single().Address);
        CollectionAssert.AreEquivalent(new[] { "manager@shop.test", "second.manager@shop.test" }, message.Cc.Mailboxes.Select(m => m.Address).ToArray());
        StringAssert.Contains(message.Subject, "WO-1001");
        StringAssert.Contains(message.TextBody, "the <b>vacuum pump</b> is the urgent one.");
        StringAssert.Contains(message.HtmlBody, "the &lt;b&gt;vacuum pump&lt;/b&gt; is the urgent one.");
        foreach (var text in new[] { "ShopPortal", "WO-1001", "N172SP", "Estimate", "expires" })
        {
            StringAssert.Contains(message.TextBody, text);
        }

        var link = message.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://portal.shop.test/portal/", StringComparison.Ordinal));
        StringAssert.Contains(message.HtmlBody, $"href=\"{link}\"");
        var portal = await app.CreateBrowserClient().GetPageAsync(new Uri(link).AbsolutePath);
        StringAssert.Contains(portal.Document.QuerySelector("h1")!.TextContent, "Estimate");
        StringAssert.Contains(portal.Document.QuerySelector("h1")!.TextContent, "WO-1001");

        var workOrderPage = await client.GetPageAsync($"/WorkOrders/{id}");
        Assert.AreEqual("Sent", workOrderPage.Document.QuerySelector("[data-email-status]")!.GetAttribute("data-email-status"));
    }

    [TestMethod]
    public async Task The_estimate_email_of_an_invoiced_work_order_asks_for_no_decisions()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var client = await app.SignInAsync();

        foreach (var (status, asks) in new[] { (WorkOrderStatus.InProgress, true), (WorkOrderStatus.Invoiced, false) })
        {
            await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).ExecuteUpdateAsync(w => w.SetProperty(x => x.Status, status)));
            var page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
            page = await client.SubmitPageAsync(page.FormWithButton("Email Estimate").Form);
            await client.SubmitPageAsync(page.Form("#compose"));
            var row = await app.WithDbAsync(db => db.OutboxEmails.OrderBy(o => o.Id).LastAsync());
            Assert.AreEqual(asks, row.TextBody.Contains("approve or reject each item and sign to authorize the work", StringComparison.Ordinal), $"{status}: {row.TextBody}");
            Assert.AreEqual(!asks, row.TextBody.Contains("invites you to review the estimate and your decisions on it", StringComparison.Ordinal), $"{status}: {row.TextBody}");
        }
    }

    [TestMethod]
    public async Task The_expiry_override_is_honoured_and_out_of_range_values_are_refused()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1002");
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{id}/Email?compose=Invoice");

        foreach (var (value, message) in new[] { ("0", "The link must expire after 1 to 720 hours (30 days)."), ("721", "The link must expire after 1 to 720 hours (30 days)."), ("soon", "The value 'soon' is not valid for Link expires after (hours).") })
        {
            var refused = await client.SubmitPageAsync(page.Form("#compose"), new() { ["Compose.ExpiryHours"] = value });
            CollectionAssert.Contains(refused.ValidationMessages().ToList(), message, value);
        }
        var badAddress = await client.SubmitPageAsync(page.Form("#compose"), new() { ["Compose.ExpiryHours"] = "24", ["Compose.Recipient"] = "not an address" });
        CollectionAssert.Contains(badAddress.ValidationMessages().ToList(), "Enter a valid email address, like name@example.com.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.OutboxEmails.CountAsync()));
        var keys = await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync());

        var before = app.Clock.GetUtcNow();
        await client.SubmitAsync(page.Form("#compose"), new() { ["Compose.ExpiryHours"] = "5", ["Compose.Recipient"] = "marcus@prairiefarms.example" });
        var key = await app.WithDbAsync(db => db.PortalAccessKeys.OrderByDescending(k => k.Id).FirstAsync());
        Assert.AreEqual(keys + 1, await app.WithDbAsync(db => db.PortalAccessKeys.CountAsync()));
        Assert.AreEqual(PortalView.Invoice, key.View);
        Assert.AreEqual("marcus@prairiefarms.example", key.Recipient);
        Assert.IsTrue(Math.Abs((key.ExpiresAt - before - TimeSpan.FromHours(5)).TotalSeconds) < 30, $"Expires {key.ExpiresAt}, sent {before}");
    }

    [TestMethod]
    public async Task Revoking_an_emailed_link_makes_it_show_the_expired_page()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{id}/Email?compose=WorkAuthorization");
        await client.SubmitAsync(page.Form("#compose"));
        await Eventually.WaitAsync(() => Task.FromResult(Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Length), n => n == 1, "the .eml file");
        var message = await MimeMessage.LoadAsync(Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml").Single());
        var link = new Uri(message.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/portal/", StringComparison.Ordinal))).AbsolutePath;
        Assert.AreEqual(HttpStatusCode.OK, (await app.CreateBrowserClient().GetAsync(link)).StatusCode);

        page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        var revoke = page.FormWithButton("Revoke emailed link");
        await client.SubmitAsync(revoke.Form);

        var expired = await app.CreateBrowserClient().GetPageAsync(link);
        Assert.AreEqual(HttpStatusCode.Gone, expired.Status);
        StringAssert.Contains(expired.Text, "This link no longer works");
    }

    [TestMethod]
    public async Task Revoking_another_work_orders_link_says_so_and_revokes_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var own = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var other = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        var revoke = page.FormWithButton($"Revoke emailed link {own.KeyId}").Form;
        revoke.Action = revoke.Action.Replace($"keyId={own.KeyId}", $"keyId={other.KeyId}", StringComparison.Ordinal);

        var refused = await client.SubmitPageAsync(revoke);

        StringAssert.Contains(refused.Text, $"Error: link #{other.KeyId} is not one of this work order's links; nothing was revoked.");
        Assert.IsFalse(refused.Text.Contains("already revoked", StringComparison.Ordinal));
        Assert.IsFalse(await app.WithDbAsync(db => db.PortalAccessKeys.AnyAsync(k => k.RevokedAt != null)));
        Assert.AreEqual(HttpStatusCode.OK, (await app.CreateBrowserClient().GetAsync(other.Path())).StatusCode);

        // Its own link, twice from the same page: revoked, then already revoked.
        page = await client.GetPageAsync($"/WorkOrders/{id}/Email");
        var revoked = await client.SubmitPageAsync(page.FormWithButton($"Revoke emailed link {own.KeyId}").Form);
        StringAssert.Contains(revoked.Text, $"Link #{own.KeyId} revoked");
        var again = await client.SubmitPageAsync(page.FormWithButton($"Revoke emailed link {own.KeyId}").Form);
        StringAssert.Contains(again.Text, "Error: that link was already revoked.");
    }
}
