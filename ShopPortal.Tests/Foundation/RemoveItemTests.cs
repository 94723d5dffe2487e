using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// An item added by mistake can be removed until anyone acts on it; after that it stays on the work order's record.
/// A customer who acts on an item the shop has just removed is told, and nothing is written.
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
        var details = await technician.SubmitPageAsync(remove.Form, submitter: remove.Button);
        Assert.AreEqual($"/WorkOrders/{id}", details.Url.AbsolutePath);
        StringAssert.Contains(details.Text, "Item 3 removed, with its parts.");
        Assert.IsNull(details.Document.QuerySelector("#item-3"));
        Assert.IsFalse(await app.WithDbAsync(db => db.Discrepancies.AnyAsync(d => d.Id == item3.Id)));
        Assert.IsFalse(await app.WithDbAsync(db => db.PartLines.AnyAsync(p => p.DiscrepancyId == item3.Id)));

        // The customer approves item 1; item 2 gets labor: both stay, offered or forced.
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        var approve = portal.FormWithButton("Approve item 1");
        await customer.SubmitAsync(approve.Form, submitter: approve.Button);
        var item2 = await app.ItemAsync(number, 2);
        page = await technician.GetPageAsync($"/WorkOrders/{id}/Items/{item2.Id}");
        page = await technician.SubmitPageAsync(page.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "0.5" });

        foreach (var (sequence, reason) in new[] { (1, "The customer has acted on item 1, so it stays"), (2, "Labor is logged against item 2: remove those entries first.") })
        {
            var item = await app.ItemAsync(number, sequence);
            page = await technician.GetPageAsync($"/WorkOrders/{id}/Items/{item.Id}");
            Assert.IsNull(page.Document.QuerySelector("form[action*='handler=RemoveItem']"), $"Item {sequence} is not offered for removal.");
            var form = page.Form("form[action*='handler=LogLabor']");
            form.Action = $"/WorkOrders/{id}/Items/{item.Id}?handler=RemoveItem";
            var refused = await technician.SubmitPageAsync(form);
            StringAssert.Contains(refused.Text, reason);
            Assert.IsTrue(await app.WithDbAsync(db => db.Discrepancies.AnyAsync(d => d.Id == item.Id)), $"Item {sequence} stays.");
        }

        var added = await technician.GetPageAsync($"/WorkOrders/{id}/Items");
        added = await technician.SubmitPageAsync(added.Form("form[action*='handler=Save']"), new() { ["Item.Description"] = "Found later" });
        StringAssert.Contains(added.Text, "Item 3 added.", "Numbering goes on from the highest item left.");
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
        var item2 = await app.ItemAsync(number, 2);
        var page = await staff.GetPageAsync($"/WorkOrders/{item2.WorkOrderId}/Items/{item2.Id}");
        var remove = page.FormWithButton("Remove item 2");
        await staff.SubmitAsync(remove.Form, submitter: remove.Button);
        var activities = await app.ActivityCountAsync();

        var approve = stale.FormWithButton("Approve item 2");
        var answer = await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
        StringAssert.Contains(answer.Text, "the shop has removed item 2 from this work order, so your decision was not saved.", $"{answer.Status} {answer.Url}");
        var comment = stale.FormWithButton("Comment on item 2");
        answer = await customer.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "Is this one really needed?" }, comment.Button);
        StringAssert.Contains(answer.Text, "that item is not on this work order (the shop may have removed it), so nothing was saved.");

        Assert.AreEqual(activities, await app.ActivityCountAsync(), "Nothing recorded.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.Body == "Is this one really needed?")));
        Assert.IsNull(answer.Document.QuerySelector("#item-2"));
    }
}
