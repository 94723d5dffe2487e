using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Portal;

[TestClass]
public sealed class PortalActionTests
{
    [TestMethod]
    public async Task Approve_reject_and_clear_change_the_status_and_the_staff_page_shows_it_at_once()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var staff = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1001");

        async Task<string> StaffBadge() => (await staff.GetPageAsync($"/WorkOrders/{workOrderId}")).Document.QuerySelector("#item-3 [data-approval]")!.TextContent;

        var page = await customer.GetPageAsync(link.Path());
        Assert.IsNull(FindButton(page, "Clear item 3"), "Clear is offered only after a decision.");
        page = await customer.SubmitPageAsync(page.FormWithButton("Approve item 3").Form, submitter: page.FormWithButton("Approve item 3").Button);
        StringAssert.Contains(page.Text, "Item 3 approved.");
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync("WO-1001", 3)).ApprovalStatus);
        Assert.AreEqual("Approved", await StaffBadge());
        var staffPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        StringAssert.Contains(staffPage.Document.QuerySelector("#item-3 [data-approval-changed]")!.TextContent, $"Customer via Estimate link #{link.KeyId}");

        var clear = page.FormWithButton("Clear item 3");
        page = await customer.SubmitPageAsync(clear.Form, submitter: clear.Button);
        StringAssert.Contains(page.Text, "Item 3 is pending again.");
        Assert.AreEqual("Pending", await StaffBadge());

        var reject = page.FormWithButton("Reject item 3");
        page = await customer.SubmitPageAsync(reject.Form, new() { ["Form.Reason"] = "Will do it next year" }, reject.Button);
        StringAssert.Contains(page.Text, "Item 3 rejected.");
        var item = await app.ItemAsync("WO-1001", 3);
        Assert.AreEqual(CustomerApprovalStatus.Rejected, item.ApprovalStatus);
        Assert.AreEqual("Will do it next year", item.RejectionReason);
        Assert.AreEqual("Rejected", await StaffBadge());

        var kinds = await app.WithDbAsync(db => db.PortalActivities.Where(a => a.DiscrepancyId == item.Id).OrderBy(a => a.Id).Select(a => a.Kind).ToListAsync());
        CollectionAssert.AreEqual(new[] { PortalActivityKind.Approved, PortalActivityKind.Cleared, PortalActivityKind.Rejected }, kinds);
        staffPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        StringAssert.Contains(staffPage.Document.QuerySelector("#activity-heading")!.ParentElement!.TextContent, "Will do it next year");
    }

    [TestMethod]
    public async Task A_decision_is_stored_in_full_and_reads_back_unchanged_through_EF_Core()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var workOrderId = await app.WorkOrderIdAsync("WO-1001");
        var customer = app.CreateBrowserClient();
        customer.DefaultRequestHeaders.UserAgent.ParseAdd("TestPhone/1.0");
        var page = await customer.GetPageAsync(link.Path());
        var before = app.Clock.GetUtcNow();

        var reject = page.FormWithButton("Reject item 3");
        page = await customer.SubmitPageAsync(reject.Form, new() { ["Form.Reason"] = "  Too dear this month  " }, reject.Button);
        StringAssert.Contains(page.Text, "Item 3 rejected.");
        var after = app.Clock.GetUtcNow();

        var item = await app.ItemAsync("WO-1001", 3);
        Assert.AreEqual(CustomerApprovalStatus.Rejected, item.ApprovalStatus);
        Assert.AreEqual("Too dear this month", item.RejectionReason);
        Assert.AreEqual(ApprovalMethod.Portal, item.ApprovalMethod);
        Assert.AreEqual(link.KeyId, item.ApprovalAccessKeyId);
        Assert.AreEqual($"Customer via Estimate link #{link.KeyId}", item.ApprovalChangedBy);
        var at = item.ApprovalChangedAt!.Value;
        Assert.AreEqual(TimeSpan.Zero, at.Offset);
        // Stored to a tenth of a millisecond.
        Assert.IsTrue(at > before.AddMilliseconds(-1) && at <= after, $"{before:O} <= {at:O} <= {after:O}");

        var activity = await app.WithDbAsync(db => db.PortalActivities.SingleAsync(a => a.DiscrepancyId == item.Id));
        Assert.AreEqual(workOrderId, activity.WorkOrderId);
        Assert.AreEqual(link.KeyId, activity.AccessKeyId);
        Assert.AreEqual(PortalView.Estimate, activity.View);
        Assert.AreEqual(PortalActivityKind.Rejected, activity.Kind);
        Assert.AreEqual("Customer", activity.Actor);
        Assert.IsFalse(activity.IsStaffPreview);
        Assert.AreEqual(at, activity.At);
        Assert.AreEqual("TestPhone/1.0", activity.UserAgent);
        Assert.AreEqual("Item 3: Too dear this month", activity.Detail);
        Assert.AreEqual(at, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == workOrderId).Select(w => w.UpdatedAt).SingleAsync()));
        // Sorted and summed in SQL like rows EF Core wrote.
        var latest = await app.WithDbAsync(db => db.PortalActivities.Where(a => a.WorkOrderId == workOrderId).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).FirstAsync());
        Assert.AreEqual(activity.Id, latest.Id);
    }

    [TestMethod]
    public async Task Customer_comments_reach_the_staff_page_and_staff_replies_reach_the_customer()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.WorkAuthorization);
        var customer = app.CreateBrowserClient();
        var staff = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1001");

        var page = await customer.GetPageAsync(link.Path());
        var comment = page.FormWithButton("Comment on item 2");
        page = await customer.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "<script>alert('x')</script> Is the weld safe?" }, comment.Button);
        StringAssert.Contains(page.Text, "Comment on item 2 sent");
        Assert.IsFalse(page.Html.Contains("<script>alert", StringComparison.Ordinal), "Escaped in the portal.");
        StringAssert.Contains(page.Html, "&lt;script&gt;alert(");

        var staffPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        Assert.IsFalse(staffPage.Html.Contains("<script>alert", StringComparison.Ordinal), "Escaped on the staff page.");
        StringAssert.Contains(staffPage.Document.QuerySelector("#item-2")!.TextContent, "Is the weld safe?");

        var reply = staffPage.FormWithButton("Post reply on item 2");
        await staff.SubmitAsync(reply.Form, new() { ["reply.Body"] = "Yes, per AC 43.13." });
        page = await customer.GetPageAsync(link.Path());
        var thread = page.Document.QuerySelector("#item-2 .comments")!.TextContent;
        StringAssert.Contains(thread, "You");
        StringAssert.Contains(thread, "Morgan Manager (shop)");
        StringAssert.Contains(thread, "Yes, per AC 43.13.");
    }

    [TestMethod]
    public async Task Empty_or_overlong_comments_are_refused_with_a_message_and_nothing_is_written()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var before = await app.ActivityCountAsync();

        var comment = page.FormWithButton("Comment on item 1");
        var refused = await client.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "   " }, comment.Button);
        StringAssert.Contains(refused.Text, "Write your comment or question first.");
        comment = page.FormWithButton("Comment on item 1");
        refused = await client.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = new string('a', 2001) }, comment.Button);
        StringAssert.Contains(refused.Text, "Comments can be at most 2,000 characters.");

        Assert.AreEqual(0, await app.WithDbAsync(db => db.Comments.CountAsync()));
        Assert.AreEqual(before, await app.ActivityCountAsync());
    }

    [TestMethod]
    public async Task Line_breaks_count_as_the_browser_counts_them_and_refused_text_stays_in_the_box()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());

        // 25 lines of 79 characters and their 24 breaks: 1,999 characters in the box, as its maxlength counts
        // them, which the browser sends with CR LF breaks (2,023 characters on the wire).
        var lines = Enumerable.Range(1, 25).Select(n => $"{n:00} " + new string('x', 76)).ToArray();
        var comment = page.FormWithButton("Comment on item 1");
        page = await client.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = string.Join("\r\n", lines) }, comment.Button);
        StringAssert.Contains(page.Text, "Comment on item 1 sent");
        Assert.AreEqual(string.Join("\n", lines), await app.WithDbAsync(db => db.Comments.Select(c => c.Body).SingleAsync()), "Stored with one kind of line break.");

        var tooLong = string.Join("\r\n", lines.Append("26 " + new string('y', 30)));
        var save = page.FormWithButton("Save instructions for item 2");
        var refused = await client.SubmitPageAsync(save.Form, new() { ["Form.Instructions"] = tooLong }, save.Button);
        StringAssert.Contains(refused.Text, "Instructions can be at most 2,000 characters.");
        Assert.AreEqual(tooLong.Replace("\r\n", "\n", StringComparison.Ordinal), refused.Document.QuerySelector("#item-2 textarea[name='Form.Instructions']")!.TextContent, "What the customer typed is still there to shorten.");
        Assert.IsNull((await app.ItemAsync("WO-1001", 2)).CustomerInstructions);

        var decision = refused.FormWithButton("Reject item 3");
        refused = await client.SubmitPageAsync(decision.Form, new() { ["Form.Reason"] = new string('r', 1001) }, decision.Button);
        StringAssert.Contains(refused.Text, "The reason can be at most 1,000 characters.");
        Assert.AreEqual(new string('r', 1001), refused.Document.QuerySelector("#item-3 textarea[name='Form.Reason']")!.TextContent);
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1001", 3)).ApprovalStatus);
    }

    [TestMethod]
    [DataRow(WorkOrderStatus.Invoiced)]
    [DataRow(WorkOrderStatus.Closed)]
    public async Task An_invoiced_or_closed_work_order_takes_comments_but_no_more_decisions_or_signatures(WorkOrderStatus status)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var open = await client.GetPageAsync(link.Path());
        using (var pdf = new Pdf.PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf")))
        {
            StringAssert.Contains(pdf.Squashed, Pdf.PdfReader.Squash("Authorization of pending items"));
        }
        var staff = await app.SignInAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        await staff.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.Status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // The page opened before, posted at once: refused where the write happens, whatever copy the page holds.
        var approve = open.FormWithButton("Approve item 3");
        var refused = await client.SubmitPageAsync(approve.Form, submitter: approve.Button);
        StringAssert.Contains(refused.Text, "the shop has invoiced or closed this work order, so decisions and signatures can no longer change here");
        var save = open.FormWithButton("Save instructions for item 3");
        refused = await client.SubmitPageAsync(save.Form, new() { ["Form.Instructions"] = "Too late?" }, save.Button);
        StringAssert.Contains(refused.Text, "decisions and signatures can no longer change here");
        refused = await client.SubmitPageAsync(open.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        StringAssert.Contains(refused.Text, "decisions and signatures can no longer change here");
        var item = await app.ItemAsync("WO-1001", 3);
        Assert.AreEqual(CustomerApprovalStatus.Pending, item.ApprovalStatus);
        Assert.IsNull(item.CustomerInstructions);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));

        var page = await client.GetPageAsync(link.Path());
        StringAssert.Contains(page.Text, $"This work order is {status.ToString().ToLowerInvariant()}: decisions can no longer change here.");
        Assert.AreEqual(0, page.Document.QuerySelectorAll("form.decision").Length, "No Approve, Reject or Clear.");
        Assert.IsNull(page.Document.QuerySelector("#sign-form"), "Nothing to sign.");
        Assert.IsNull(page.Document.QuerySelector("textarea[name='Form.Instructions']"));
        using (var pdf = new Pdf.PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf")))
        {
            Assert.IsFalse(pdf.Squashed.Contains(Pdf.PdfReader.Squash("Authorization of pending items"), StringComparison.Ordinal), "The printed estimate asks for no signature either.");
        }

        var comment = page.FormWithButton("Comment on item 3");
        page = await client.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "Why is item 3 on the invoice?" }, comment.Button);
        StringAssert.Contains(page.Text, "Comment on item 3 sent to the shop.");
    }

    [TestMethod]
    public async Task Only_a_manager_can_delete_a_comment_and_the_customer_no_longer_sees_it()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var page = await customer.GetPageAsync(link.Path());
        var comment = page.FormWithButton("Comment on item 1");
        await customer.SubmitAsync(comment.Form, new() { ["Form.Body"] = "Rude remark" }, comment.Button);
        var commentId = await app.WithDbAsync(db => db.Comments.Select(c => c.Id).SingleAsync());
        var workOrderId = await app.WorkOrderIdAsync("WO-1001");

        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await app.SignInAsync(TestApp.TechnicianEmail);
        var techPage = await technician.GetPageAsync($"/WorkOrders/{workOrderId}");
        Assert.IsNull(FindButton(techPage, "Delete comment"), "Technicians are not offered Delete.");
        var manager = await app.SignInAsync();
        var managerPage = await manager.GetPageAsync($"/WorkOrders/{workOrderId}");
        var delete = managerPage.FormWithButton("Delete comment");

        var technicianToken = techPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await technician.SubmitAsync(delete.Form, new() { ["__RequestVerificationToken"] = technicianToken });
        Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.IsNull(await app.WithDbAsync(db => db.Comments.Where(c => c.Id == commentId).Select(c => c.DeletedAt).SingleAsync()));

        await manager.SubmitAsync((await manager.GetPageAsync($"/WorkOrders/{workOrderId}")).FormWithButton("Delete comment").Form);
        var deleted = await app.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == commentId));
        Assert.IsNotNull(deleted.DeletedAt);
        Assert.AreEqual("Morgan Manager", deleted.DeletedBy);
        Assert.AreEqual("Rude remark", deleted.Body, "Soft delete: the text is kept.");
        Assert.IsFalse((await customer.GetPageAsync(link.Path())).Text.Contains("Rude remark", StringComparison.Ordinal));
        Assert.IsTrue(await app.WithDbAsync(db => db.PortalActivities.AnyAsync(a => a.Kind == PortalActivityKind.CommentDeleted && a.Actor == "Morgan Manager")));
    }

    [TestMethod]
    public async Task Customer_instructions_are_saved_and_shown_to_the_shop()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.WorkAuthorization);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var save = page.FormWithButton("Save instructions for item 1");
        await client.SubmitAsync(save.Form, new() { ["Form.Instructions"] = "Keep the old coupler for me." }, save.Button);

        Assert.AreEqual("Keep the old coupler for me.", (await app.ItemAsync("WO-1002", 1)).CustomerInstructions);
        var staff = await (await app.SignInAsync()).GetPageAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1002")}");
        StringAssert.Contains(staff.Document.QuerySelector("#item-1")!.TextContent, "Keep the old coupler for me.");
    }

    [TestMethod]
    public async Task A_staff_member_previewing_a_link_is_recorded_as_a_preview_not_as_the_customer()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var staff = await app.SignInAsync();
        var page = await staff.GetPageAsync(link.Path());
        StringAssert.Contains(page.Text, "Staff preview");
        await staff.SubmitAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);

        var activities = await app.WithDbAsync(db => db.PortalActivities.Where(a => a.AccessKeyId == link.KeyId).ToListAsync());
        Assert.IsTrue(activities.Count >= 2);
        Assert.IsTrue(activities.All(a => a.IsStaffPreview && a.Actor == "Morgan Manager"));
        StringAssert.Contains((await app.ItemAsync("WO-1002", 1)).ApprovalChangedBy, "staff preview");
    }

    [TestMethod]
    public async Task Staff_record_a_decision_taken_by_phone_and_it_is_audited()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var staff = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1002");
        var page = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        var record = page.FormWithButton("Record approval of item 2");
        page = await staff.SubmitPageAsync(record.Form, new() { ["record.Method"] = "Phone" }, record.Button);

        StringAssert.Contains(page.Text, "Recorded: customer approved the item by phone.");
        var item = await app.ItemAsync("WO-1002", 2);
        Assert.AreEqual(CustomerApprovalStatus.Approved, item.ApprovalStatus);
        Assert.AreEqual(ApprovalMethod.Phone, item.ApprovalMethod);
        Assert.AreEqual("Customer by phone, recorded by Morgan Manager", item.ApprovalChangedBy);
        var activity = await app.WithDbAsync(db => db.PortalActivities.SingleAsync(a => a.DiscrepancyId == item.Id));
        Assert.AreEqual(PortalActivityKind.Approved, activity.Kind);
        Assert.IsNull(activity.AccessKeyId);
    }

    [TestMethod]
    public async Task A_reply_or_a_recorded_decision_goes_back_to_the_card_of_its_item()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var staff = await app.SignInAsync(followRedirects: false);
        // The sample's last work order: its items' database ids are not their numbers on it.
        var workOrderId = await app.WorkOrderIdAsync("WO-1004");
        var item = await app.ItemAsync("WO-1004", 1);
        Assert.AreNotEqual(1, item.Id);
        var page = await (await staff.GetAsync($"/WorkOrders/{workOrderId}")).ReadPageAsync();

        var reply = page.FormWithButton("Post reply on item 1");
        var replied = await staff.SubmitAsync(reply.Form, new() { ["reply.Body"] = "Parts ordered." }, reply.Button);
        Assert.AreEqual($"/WorkOrders/{workOrderId}#item-1", replied.Headers.Location!.OriginalString);
        var record = page.FormWithButton("Record rejection of item 1");
        var recorded = await staff.SubmitAsync(record.Form, new() { ["record.Method"] = "Phone" }, record.Button);
        Assert.AreEqual($"/WorkOrders/{workOrderId}#item-1", recorded.Headers.Location!.OriginalString);
        // A refusal goes back to the top of the page, where its message shows.
        var refused = await staff.SubmitAsync(record.Form, new() { ["record.Method"] = "Portal" }, record.Button);
        Assert.AreEqual($"/WorkOrders/{workOrderId}", refused.Headers.Location!.OriginalString);
        Assert.IsNotNull((await (await staff.GetAsync($"/WorkOrders/{workOrderId}")).ReadPageAsync()).Document.QuerySelector("#item-1"));
    }

    internal static AngleSharp.Html.Dom.IHtmlElement? FindButton(HtmlPage page, string label)
    {
        try
        {
            return page.FormWithButton(label).Button;
        }
        catch (AssertFailedException)
        {
            return null;
        }
    }
}
