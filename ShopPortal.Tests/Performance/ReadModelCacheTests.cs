using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Performance;

/// <summary>The portal keeps read models in memory; these prove no change is ever served stale.</summary>
[TestClass]
public sealed class ReadModelCacheTests
{
    [TestMethod]
    public async Task Requests_that_miss_together_share_one_read_and_a_change_reads_again()
    {
        using var db = new SlowDatabase();

        // Twenty downloads of a PDF right after the customer signed: one render, not twenty.
        var burst = Enumerable.Range(0, 20).Select(_ => db.GetAsync()).ToList();
        db.Answer();
        var copies = await Task.WhenAll(burst);
        Assert.AreEqual(1, db.Reads);
        Assert.HasCount(1, copies.Distinct());

        db.Changes.Changed(7);
        Assert.AreEqual("read 2", await db.GetAsync(), "A write after the read: the next request reads again.");
        Assert.AreEqual("read 2", await db.GetAsync());
    }

    [TestMethod]
    public async Task A_request_after_a_change_reads_at_once_instead_of_waiting_for_the_read_before_it()
    {
        using var db = new SlowDatabase();

        var before = db.GetAsync();
        db.Changes.Changed(7);
        var after = db.GetAsync();
        Assert.AreEqual(2, db.Reads, "The read under way began before the change: its copy may not show it.");
        var alongside = db.GetAsync();
        Assert.AreEqual(2, db.Reads, "A third request under the new stamp shares the second read.");

        db.Answer();
        Assert.AreEqual("read 1", await before);
        Assert.AreEqual("read 2", await after);
        Assert.AreEqual("read 2", await alongside);
    }

    /// <summary>Work order 7's read model through the cache, from a database that answers when told to; counts the reads.</summary>
    private sealed class SlowDatabase : IDisposable
    {
        private readonly MemoryCache memory = new(new MemoryCacheOptions());
        private readonly TaskCompletionSource answer = new();
        private readonly ReadModelCache cache;
        private int reads;

        public SlowDatabase() => cache = new ReadModelCache(memory, Changes);

        public WorkOrderChanges Changes { get; } = new();

        public int Reads => Volatile.Read(ref reads);

        public Task<string?> GetAsync() => cache.GetAsync(7, ReadAsync);

        public void Answer() => answer.SetResult();

        public void Dispose() => memory.Dispose();

        private async Task<string?> ReadAsync()
        {
            var read = Interlocked.Increment(ref reads);
            await answer.Task;
            return $"read {read}";
        }
    }

    [TestMethod]
    public async Task When_the_request_reading_for_everyone_gives_up_one_of_those_waiting_reads_for_the_rest()
    {
        using var memory = new MemoryCache(new MemoryCacheOptions());
        var cache = new ReadModelCache(memory, new WorkOrderChanges());
        var hangUp = new TaskCompletionSource();
        var reads = 0;

        var first = cache.GetAsync<string>(8, async () =>
        {
            await hangUp.Task;
            throw new OperationCanceledException();
        });
        var waiting = Enumerable.Range(0, 5).Select(_ => cache.GetAsync(8, async () =>
        {
            Interlocked.Increment(ref reads);
            await Task.Yield();
            return "read again";
        })).ToList();
        hangUp.SetResult();

        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => first);
        var copies = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsTrue(copies.All(c => c == "read again"));
        Assert.AreEqual(1, reads, "One of them read for all.");
    }

    [TestMethod]
    public async Task A_read_that_fails_fails_the_requests_that_waited_for_it()
    {
        using var memory = new MemoryCache(new MemoryCacheOptions());
        var cache = new ReadModelCache(memory, new WorkOrderChanges());
        var database = new TaskCompletionSource();

        var first = cache.GetAsync<string>(9, async () =>
        {
            await database.Task;
            throw new InvalidOperationException("disk I/O error");
        });
        var waiting = cache.GetAsync(9, () => Task.FromResult<string?>("never read"));
        database.SetResult();

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.AreEqual("read now", await cache.GetAsync(9, () => Task.FromResult<string?>("read now")), "The next request reads again.");
    }

    [TestMethod]
    public async Task A_burst_of_visitors_gets_one_render_of_the_page_each_with_their_own_token()
    {
        // No background jobs: a clean-up or email retry moving the stamp mid-burst would rightly render a new copy.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        using var renders = new PageRenders("/Pages/Portal/Index.cshtml", link.Path());

        var visitors = Enumerable.Range(0, 12).Select(_ => app.CreateBrowserClient(followRedirects: false)).ToList();
        var pages = await Task.WhenAll(visitors.Select(v => v.GetPageAsync(link.Path()))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(1, renders.Count, "Twelve visitors at once: the page is rendered once and shared.");
        var tokens = pages.Select(p => p.Document.QuerySelectorAll("form input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!).Distinct().Single()).ToList();
        Assert.HasCount(12, tokens.Distinct(), "Each visitor's own token.");
        Assert.HasCount(1, pages.Select((p, i) => p.Html.Replace(tokens[i], "", StringComparison.Ordinal)).Distinct(), "The same page otherwise.");
    }

    [TestMethod]
    public async Task A_burst_of_staff_requests_gets_one_render_of_the_work_order_page()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await app.LoadSampleDataAsync();
        var staff = await app.SignInAsync();
        var path = $"/WorkOrders/{await app.WorkOrderIdAsync("WO-1004")}";
        using var renders = new PageRenders("/Pages/WorkOrders/Details.cshtml", path);

        var pages = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => staff.GetPageAsync(path))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(1, renders.Count, "Twelve requests at once: the page is rendered once and shared.");
        Assert.IsTrue(pages.All(p => p.Status == System.Net.HttpStatusCode.OK && p.Text.Contains("WO-1004", StringComparison.Ordinal)));
    }

    /// <summary>Counts Razor's renders of one page for one request path (MVC's "BeforeViewPage" diagnostic event).</summary>
    private sealed class PageRenders : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string page;
        private readonly string path;
        private readonly List<IDisposable> subscriptions = [];
        private int count;

        public PageRenders(string page, string path)
        {
            this.page = page;
            this.path = path;
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.AspNetCore")
            {
                lock (subscriptions)
                {
                    subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // The first render is held a moment, so the other requests of a burst surely arrive while it runs.
            if (value.Value is BeforeViewPageEventData data && data.Page.Path == page && data.HttpContext.Request.Path == path
                && Interlocked.Increment(ref count) == 1)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(500));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }

    [TestMethod]
    public async Task Each_visitor_gets_the_items_rendered_once_with_their_own_antiforgery_token()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var first = app.CreateBrowserClient(followRedirects: false);
        var second = app.CreateBrowserClient(followRedirects: false);

        var one = await first.GetPageAsync(link.Path());
        var two = await second.GetPageAsync(link.Path());

        static List<string> Tokens(HtmlPage page) =>
            page.Document.QuerySelectorAll("form input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!).ToList();
        Assert.IsGreaterThan(5, Tokens(one).Count);
        Assert.HasCount(1, Tokens(one).Distinct(), "One token per page, in every form.");
        Assert.HasCount(1, Tokens(two).Distinct());
        Assert.AreNotEqual(Tokens(one)[0], Tokens(two)[0], "Never another visitor's token.");
        Assert.AreEqual(one.Html.Replace(Tokens(one)[0], "", StringComparison.Ordinal).Length, two.Html.Replace(Tokens(two)[0], "", StringComparison.Ordinal).Length);

        var approve = two.FormWithButton("Approve item 2");
        Assert.AreEqual(System.Net.HttpStatusCode.Redirect, (await second.SubmitAsync(approve.Form, submitter: approve.Button)).StatusCode);
        var reject = one.FormWithButton("Reject item 3");
        Assert.AreEqual(System.Net.HttpStatusCode.Redirect, (await first.SubmitAsync(reject.Form, submitter: reject.Button)).StatusCode);
        var after = await first.GetPageAsync(link.Path());
        StringAssert.Contains(after.Document.QuerySelector("#item-2")!.TextContent, "Approved");
        StringAssert.Contains(after.Document.QuerySelector("#item-3")!.TextContent, "Rejected");
    }

    [TestMethod]
    public async Task The_portal_shows_an_approval_a_comment_and_a_staff_edit_on_the_very_next_request()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var customerLink = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var otherLink = await app.CreateLinkAsync("WO-1002", PortalView.WorkAuthorization);
        var customer = app.CreateBrowserClient();
        var other = app.CreateBrowserClient();
        var staff = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1002");

        async Task<string> Item(int sequence) => (await customer.GetPageAsync(customerLink.Path())).Document.QuerySelector($"#item-{sequence}")!.TextContent;

        StringAssert.Contains(await Item(1), "Pending");
        Assert.AreEqual(await Item(1), await Item(1), "Served twice from the cache, unchanged.");

        // An approval through another link.
        var page = await other.GetPageAsync(otherLink.Path());
        await other.SubmitAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        StringAssert.Contains(await Item(1), "Approved");

        // A comment, then a staff reply.
        page = await other.GetPageAsync(otherLink.Path());
        await other.SubmitAsync(page.FormWithButton("Comment on item 2").Form, new() { ["Form.Body"] = "Is the filter in stock?" }, page.FormWithButton("Comment on item 2").Button);
        StringAssert.Contains(await Item(2), "Is the filter in stock?");
        var staffPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        await staff.SubmitAsync(staffPage.FormWithButton("Post reply on item 2").Form, new() { ["reply.Body"] = "Yes, on the shelf." });
        StringAssert.Contains(await Item(2), "Yes, on the shelf.");

        // A staff edit of the item, a new part, and logged labor.
        var itemId = (await app.ItemAsync("WO-1002", 3)).Id;
        var itemPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}/Items/{itemId}");
        await staff.SubmitAsync(itemPage.Form("main form[action*='handler=Save']"), new() { ["Item.Description"] = "Front axle grease points dry and king pin worn" });
        StringAssert.Contains(await Item(3), "king pin worn");
        itemPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}/Items/{itemId}");
        await staff.SubmitAsync(itemPage.Form("main form[action*='handler=AddPart']"), new() { ["Part.PartNumber"] = "KP-77", ["Part.Description"] = "King pin kit", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "412.00" });
        StringAssert.Contains(await Item(3), "King pin kit");

        // The work order's own rates.
        var edit = await staff.GetPageAsync($"/WorkOrders/{workOrderId}/Edit");
        await staff.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "120" });
        StringAssert.Contains((await customer.GetPageAsync(customerLink.Path())).Text, "$120.00 per hour");
        Assert.AreEqual(120m, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == workOrderId).Select(w => w.LaborRate).SingleAsync()));

        // The customer's own record, edited on the Customers page.
        var customerId = await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == workOrderId).Select(w => w.CustomerId).SingleAsync());
        var customerPage = await staff.GetPageAsync($"/Customers/Edit/{customerId}");
        await staff.SubmitAsync(customerPage.Form("main form[method=post]"), new() { ["Input.Company"] = "Prairie Farms Cooperative" });
        StringAssert.Contains((await customer.GetPageAsync(customerLink.Path())).Text, "Prairie Farms Cooperative");
        StringAssert.Contains((await staff.GetPageAsync($"/WorkOrders/{workOrderId}")).Text, "Prairie Farms Cooperative");
    }

    [TestMethod]
    public async Task The_staff_work_order_page_shows_portal_activity_emails_links_and_expiry_on_the_very_next_request()
    {
        // No job workers: the test runs the email delivery itself, to see the page before and after.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1002");
        var manager = await app.SignInAsync();
        var customer = app.CreateBrowserClient();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        async Task<HtmlPage> StaffPage() => await manager.GetPageAsync($"/WorkOrders/{id}");
        static string Activity(HtmlPage page) => page.Document.QuerySelector("#activity-heading")!.ParentElement!.TextContent;

        var first = await StaffPage();
        var second = await StaffPage();
        static string WithoutTokens(HtmlPage page) =>
            System.Text.RegularExpressions.Regex.Replace(page.Html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
        Assert.AreEqual(WithoutTokens(first), WithoutTokens(second), "Served twice, unchanged.");

        // The customer opens the link, approves and comments: the page shows it all on the next request.
        var portal = await customer.GetPageAsync(link.Path());
        StringAssert.Contains(Activity(await StaffPage()), "Viewed");
        await customer.SubmitAsync(portal.FormWithButton("Approve item 1").Form, submitter: portal.FormWithButton("Approve item 1").Button);
        var page = await StaffPage();
        Assert.AreEqual("Approved", page.Document.QuerySelector("#item-1 [data-approval]")!.TextContent);
        StringAssert.Contains(Activity(page), "Approved");
        portal = await customer.GetPageAsync(link.Path());
        await customer.SubmitAsync(portal.FormWithButton("Comment on item 2").Form, new() { ["Form.Body"] = "Can this wait a week?" }, portal.FormWithButton("Comment on item 2").Button);
        StringAssert.Contains((await StaffPage()).Document.QuerySelector("#item-2")!.TextContent, "Can this wait a week?");

        // An email: queued, then sent by the delivery job, which writes outside any page.
        var compose = await manager.GetPageAsync($"/WorkOrders/{id}/Email?compose=Estimate");
        await manager.SubmitAsync(compose.Form("#compose"), new() { ["Compose.ExpiryHours"] = "1" });
        var email = await app.WithDbAsync(db => db.OutboxEmails.OrderByDescending(e => e.Id).FirstAsync());
        Assert.AreEqual("Pending", (await StaffPage()).Document.QuerySelector($"[data-email='{email.Id}'] [data-email-status]")!.GetAttribute("data-email-status"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShopPortal.Services.Email.EmailDelivery>().SendAsync(email.Id, CancellationToken.None);
        }
        Assert.AreEqual("Sent", (await StaffPage()).Document.QuerySelector($"[data-email='{email.Id}'] [data-email-status]")!.GetAttribute("data-email-status"));

        // A revoked link, then the emailed link's expiry, which no write announces.
        page = await StaffPage();
        await manager.SubmitAsync(page.FormWithButton("Revoke the Estimate link").Form);
        page = await StaffPage();
        StringAssert.Contains(page.Document.QuerySelector("[data-view=Estimate]")!.TextContent, "Create Estimate link", "The revoked direct link is gone from the panel.");
        var emailedLink = $"Revoke emailed link {email.AccessKeyId}";
        Assert.IsNotNull(page.Document.QuerySelector($"button[aria-label='{emailedLink}']"));
        // The emailed link lives an hour (the sign-in cookie outlives it).
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        page = await StaffPage();
        Assert.IsNull(page.Document.QuerySelector($"button[aria-label='{emailedLink}']"), "An expired link can no longer be revoked.");
        var row = page.Document.QuerySelectorAll("#portal-links ~ table tr").Single(r => r.QuerySelector("td")?.TextContent == email.AccessKeyId.ToString());
        StringAssert.EndsWith(row.TextContent.Trim(), "Expired");
    }

    [TestMethod]
    public async Task A_customer_visit_shows_on_the_staff_page_without_discarding_the_portal_copy()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1002");
        var manager = await app.SignInAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        async Task<Services.Portal.PortalWorkOrder> PortalCopy()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<Services.Portal.PortalWorkOrders>().GetAsync(id, CancellationToken.None))!;
        }

        var before = await PortalCopy();
        await app.CreateBrowserClient().GetPageAsync(link.Path());
        StringAssert.Contains((await manager.GetPageAsync($"/WorkOrders/{id}")).Document.QuerySelector("#activity-heading")!.ParentElement!.TextContent, "Viewed");
        Assert.AreSame(before, await PortalCopy(), "A visit (activity, the link's last use) changes nothing the portal shows.");

        var staffPage = await manager.GetPageAsync($"/WorkOrders/{id}");
        var record = staffPage.FormWithButton("Record approval of item 2");
        await manager.SubmitAsync(record.Form, new() { ["record.Method"] = "Phone" }, record.Button);
        Assert.AreNotSame(before, await PortalCopy(), "A decision does.");
    }

    [TestMethod]
    public async Task Each_staff_member_gets_their_own_work_order_page_with_their_own_token()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var id = await app.WorkOrderIdAsync("WO-1002");
        var manager = await app.SignInAsync();
        var technician = await app.SignInAsync(TestApp.TechnicianEmail);

        var managers = await manager.GetPageAsync($"/WorkOrders/{id}");
        var technicians = await technician.GetPageAsync($"/WorkOrders/{id}");
        var managersAgain = await manager.GetPageAsync($"/WorkOrders/{id}");

        Assert.IsNotNull(managers.Document.QuerySelector("#portal-links"));
        Assert.IsNull(technicians.Document.QuerySelector("#portal-links"), "The links panel is the managers' alone, cached or not.");
        StringAssert.Contains(technicians.Text, TestApp.TechnicianEmail);
        Assert.IsFalse(technicians.Text.Contains(TestApp.ManagerEmail, StringComparison.Ordinal), "Never another user's page.");
        static string Token(HtmlPage page) => page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.AreNotEqual(Token(managers), Token(technicians));
        Assert.AreNotEqual(Token(managers), Token(managersAgain), "A fresh token spliced into the cached page on every request.");

        // Both tokens work: each posts a reply from the page they were served.
        await technician.SubmitAsync(technicians.FormWithButton("Post reply on item 1").Form, new() { ["reply.Body"] = "Parts ordered." });
        // The cached page drops the views' indentation, never the text's: a reply's own line breaks and spaces stay.
        const string reply = "Customer called back.\n    <b>Not markup</b>, indented as typed.";
        await manager.SubmitAsync(managersAgain.FormWithButton("Post reply on item 1").Form, new() { ["reply.Body"] = reply.Replace("\n", "\r\n", StringComparison.Ordinal) });
        var item = (await manager.GetPageAsync($"/WorkOrders/{id}")).Document.QuerySelector("#item-1")!.TextContent;
        StringAssert.Contains(item, "Parts ordered.");
        StringAssert.Contains(item, reply);
    }

    [TestMethod]
    public async Task Removing_a_part_or_a_labor_entry_shows_on_the_next_request()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Invoice);
        var customer = app.CreateBrowserClient();
        var staff = await app.SignInAsync();
        var item = await app.ItemAsync("WO-1001", 1);
        StringAssert.Contains((await customer.GetPageAsync(link.Path())).Document.QuerySelector("#item-1")!.TextContent, "Tube, 6.00-6");

        var itemPage = await staff.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        await staff.SubmitAsync(itemPage.FormWithButton("Remove part 095-06001").Form);
        Assert.IsFalse((await customer.GetPageAsync(link.Path())).Document.QuerySelector("#item-1")!.TextContent.Contains("Tube, 6.00-6", StringComparison.Ordinal));

        itemPage = await staff.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        await staff.SubmitAsync(itemPage.FormWithButton("Remove 2 h").Form);
        StringAssert.Contains((await customer.GetPageAsync(link.Path())).Document.QuerySelector("#item-1")!.TextContent, "0 h ×");
    }

    [TestMethod]
    public async Task A_downloaded_estimate_pdf_reflects_a_decision_made_after_the_previous_download()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        static int Approvals(Pdf.PdfReader pdf) => System.Text.RegularExpressions.Regex.Count(pdf.Squashed, "Approved");
        int before;
        using (var first = new Pdf.PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf")))
        {
            before = Approvals(first);
        }
        var page = await client.GetPageAsync(link.Path());
        await client.SubmitAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);

        using var after = new Pdf.PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf"));
        Assert.AreEqual(before + 1, Approvals(after), "Item 1's status column now reads Approved.");
    }
}
