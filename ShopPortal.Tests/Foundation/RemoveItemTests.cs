using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// An item added by mistake can be removed, once confirmed, until anyone acts on it; after that it stays on the work
/// order's record. A customer who acts on an item the shop has just removed is told, and nothing is written.
/// </summary>
[TestClass]
public sealed class RemoveItemTests
{
    [TestMethod]
    public async Task An_item_added_by_mistake_can_be_removed_until_anyone_acts_on_it()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var id = await app.WorkOrderIdAsync(number);
        await app.CreateStaffAsync("tech@shop.test", Roles.Technician);
        var technician = await app.SignInAsync("tech@shop.test");

        var item3 = await app.ItemAsync(number, 3);
        var page = await technician.GetPageAsync($"/WorkOrders/{id}/Items/{item3.Id}");
        var remove = page.FormWithButton("Remove item 3");
        var tick = remove.Form.QuerySelector("#remove-confirm")!;
        Assert.IsTrue(tick.HasAttribute("required"), "A browser asks for the tick before it sends the form.");
        tick.RemoveAttribute("required");
        var unconfirmed = await technician.SubmitPageAsync(remove.Form, submitter: remove.Button);
        StringAssert.Contains(unconfirmed.Text, "Error: tick \"Yes, item 3 was added by mistake\" to remove it.");
        Assert.IsTrue(await app.WithDbAsync(db => db.Discrepancies.AnyAsync(d => d.Id == item3.Id)), "Nothing goes without the tick.");

        var details = await RemoveAsync(technician, unconfirmed, 3);
        Assert.AreEqual($"/WorkOrders/{id}", details.Url.AbsolutePath);
        StringAssert.Contains(details.Text, "Item 3 removed, with its parts.");
        Assert.IsNull(details.Document.QuerySelector("#item-3"));
        Assert.IsFalse(await app.WithDbAsync(db => db.Discrepancies.AnyAsync(d => d.Id == item3.Id)));
        Assert.IsFalse(await app.WithDbAsync(db => db.PartLines.AnyAsync(p => p.DiscrepancyId == item3.Id)));
        var logged = await app.WithDbAsync(db => db.PortalActivities.SingleAsync(a => a.WorkOrderId == id && a.Kind == PortalActivityKind.ItemRemoved));
        Assert.AreEqual("Item 3: Ramp check finding 3", logged.Detail);
        Assert.IsNull(logged.AccessKeyId, "The shop's own action: no manager notification for it.");
        StringAssert.Contains(details.Text, "Removed an item");

        // The customer approves item 1; item 2 gets labor: both stay, offered or forced.
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        var approve = portal.FormWithButton("Approve item 1");
        await customer.SubmitAsync(approve.Form, submitter: approve.Button);
        var item2 = await app.ItemAsync(number, 2);
        page = await technician.GetPageAsync($"/WorkOrders/{id}/Items/{item2.Id}");
        await technician.SubmitPageAsync(page.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "0.5" });

        foreach (var (sequence, reason) in new[] { (1, "The customer has acted on item 1, so it stays"), (2, "Labor is logged against item 2: remove those entries first.") })
        {
            var item = await app.ItemAsync(number, sequence);
            page = await technician.GetPageAsync($"/WorkOrders/{id}/Items/{item.Id}");
            Assert.IsNull(page.Document.QuerySelector("form[action*='handler=RemoveItem']"), $"Item {sequence} is not offered for removal.");
            StringAssert.Contains(page.Document.QuerySelector("#remove-hint")!.TextContent, reason, "The page says why.");
            var form = page.Form("form[action*='handler=LogLabor']");
            form.Action = $"/WorkOrders/{id}/Items/{item.Id}?handler=RemoveItem";
            var refused = await technician.SubmitPageAsync(form, new() { ["confirm"] = "true" });
            StringAssert.Contains(refused.Text, reason);
            Assert.IsTrue(await app.WithDbAsync(db => db.Discrepancies.AnyAsync(d => d.Id == item.Id)), $"Item {sequence} stays.");
        }

        var added = await technician.GetPageAsync($"/WorkOrders/{id}/Items");
        added = await technician.SubmitPageAsync(added.Form("form[action*='handler=Save']"), new() { ["Item.Description"] = "Found later" });
        StringAssert.Contains(added.Text, "Item 4 added.", "A removed item's number is not given again: the customer may have read it.");
    }

    [TestMethod]
    public async Task A_customer_acting_on_an_item_the_shop_just_removed_is_told_and_nothing_is_written()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var stale = await customer.GetPageAsync(link.Path());
        var staff = await app.SignInAsync();
        var customerActions = await CustomerActionsAsync(app);

        await RemoveAsync(app, staff, number, 2);
        var approve = stale.FormWithButton("Approve item 2");
        var answer = await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
        StringAssert.Contains(answer.Text, "the shop has removed item 2 from this work order, so your decision was not saved.");
        Assert.IsFalse(answer.Document.QuerySelector("#status p")!.ClassList.Contains("visually-hidden"), "The item is gone: the message shows at the top, in sight.");

        await RemoveAsync(app, staff, number, 3);
        var comment = stale.FormWithButton("Comment on item 3");
        answer = await customer.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "Is this one really needed?" }, comment.Button);
        StringAssert.Contains(answer.Text, "the shop has removed item 3 from this work order, so your comment was not sent.");

        await RemoveAsync(app, staff, number, 1);
        var instructions = stale.FormWithButton("Save instructions for item 1");
        answer = await customer.SubmitPageAsync(instructions.Form, new() { ["Form.Instructions"] = "Call me first" }, instructions.Button);
        StringAssert.Contains(answer.Text, "the shop has removed item 1 from this work order, so your instructions were not saved.");

        // Once the page's copy no longer has the item at all, the answer is the one any unknown item gets.
        answer = await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
        StringAssert.Contains(answer.Text, "that item is not on this work order (the shop may have removed it), so nothing was saved.");

        Assert.AreEqual(customerActions, await CustomerActionsAsync(app), "Nothing recorded.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.Body == "Is this one really needed?")));
        Assert.IsNull(answer.Document.QuerySelector("#item-1"));
    }

    private static Task<int> CustomerActionsAsync(TestApp app) =>
        app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind != PortalActivityKind.ItemRemoved));

    private static async Task RemoveAsync(TestApp app, HttpClient staff, string number, int sequence)
    {
        var item = await app.ItemAsync(number, sequence);
        var page = await staff.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        var details = await RemoveAsync(staff, page, sequence);
        StringAssert.Contains(details.Text, $"Item {sequence} removed");
    }

    private static async Task<HtmlPage> RemoveAsync(HttpClient staff, HtmlPage itemPage, int sequence)
    {
        var remove = itemPage.FormWithButton($"Remove item {sequence}");
        return await staff.SubmitPageAsync(remove.Form, new() { ["confirm"] = "true" }, remove.Button);
    }
}
