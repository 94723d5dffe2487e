using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// A customer's approval is of an amount. When staff raise an approved item's estimate before the customer signs
/// (more hours, another part, a higher labor rate), the approval goes back to the customer; a lower estimate keeps it.
/// </summary>
[TestClass]
public sealed class RaisedEstimateTests
{
    // The work order from PortalKit.AddWorkOrderAsync: item n has n estimated hours at $95 and one part at $20 × n.
    private const string Item1 = "$115.00";
    private const string Item3 = "$345.00";

    [TestMethod]
    public async Task Raising_an_approved_items_estimate_takes_the_approval_back_and_the_portal_says_by_how_much()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        foreach (var sequence in new[] { 1, 2, 3 })
        {
            var approve = portal.FormWithButton($"Approve item {sequence}");
            portal = await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
        }
        var staff = await app.SignInAsync();
        var item1 = await app.ItemAsync(number, 1);
        var itemPage = await staff.GetPageAsync($"/WorkOrders/{item1.WorkOrderId}/Items/{item1.Id}");

        // Its $20 part out and a $15 one in: $110, still within the $115 approved.
        var removed = await staff.SubmitPageAsync(itemPage.Form("form[action*='handler=RemovePart']"));
        StringAssert.Contains(removed.Text, "Part removed.");
        var cheaper = await staff.SubmitPageAsync(removed.Form("form[action*='handler=AddPart']"), Part("SEAL-2", "Seal kit", "15"));
        StringAssert.Contains(cheaper.Text, "Part SEAL-2 added.");
        Assert.IsFalse(cheaper.Text.Contains("taken back"), cheaper.Text);
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync(number, 1)).ApprovalStatus);

        // A $50 pump on top: $160, above what the customer approved.
        var added = await staff.SubmitPageAsync(cheaper.Form("form[action*='handler=AddPart']"), Part("PUMP-7", "Fuel pump", "50"));
        StringAssert.Contains(added.Text, $"Part PUMP-7 added. Its estimate rose to $160.00, above the {Item1} the customer approved, so the approval was taken back");
        item1 = await app.ItemAsync(number, 1);
        Assert.AreEqual(CustomerApprovalStatus.Pending, item1.ApprovalStatus);
        Assert.AreEqual(115m, item1.ApprovedAmount);
        StringAssert.Contains(item1.ApprovalChangedBy, $"estimate raised from {Item1} to $160.00");
        var audit = await app.WithDbAsync(db => db.PortalActivities.Where(a => a.DiscrepancyId == item1.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.AreEqual(PortalActivityKind.Cleared, audit[^1].Kind);
        Assert.IsNull(audit[^1].AccessKeyId, "The shop's own action: no manager notification for it.");
        Assert.AreEqual($"Item 1: estimate raised from {Item1} to $160.00; the customer approves it again", audit[^1].Detail);

        // Fewer hours on item 2: the customer approved more than this, so the approval stands.
        var item2 = await app.ItemAsync(number, 2);
        var page2 = await staff.GetPageAsync($"/WorkOrders/{item2.WorkOrderId}/Items/{item2.Id}");
        var lowered = await staff.SubmitPageAsync(page2.Form("form[action*='handler=Save']"), new() { ["Item.EstimatedHours"] = "1.5" });
        StringAssert.Contains(lowered.Text, "Item 2 saved.");
        Assert.IsFalse(lowered.Text.Contains("approval was taken back"), lowered.Text);
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync(number, 2)).ApprovalStatus);

        // More hours on item 3 take its approval back too.
        var item3 = await app.ItemAsync(number, 3);
        var page3 = await staff.GetPageAsync($"/WorkOrders/{item3.WorkOrderId}/Items/{item3.Id}");
        var raised = await staff.SubmitPageAsync(page3.Form("form[action*='handler=Save']"), new() { ["Item.EstimatedHours"] = "4" });
        StringAssert.Contains(raised.Text, "Item 3 saved. Its estimate rose to $440.00");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync(number, 3)).ApprovalStatus);

        var details = await staff.GetPageAsync($"/WorkOrders/{item1.WorkOrderId}");
        StringAssert.Contains(details.Document.QuerySelector("#item-1")!.TextContent, $"estimate raised from {Item1} to $160.00");

        portal = await customer.GetPageAsync(link.Path());
        var shown = portal.Document.QuerySelector("#item-1")!.TextContent;
        StringAssert.Contains(shown, $"The shop raised this item's estimate from {Item1}, the amount you approved, to $160.00. Please decide again.");
        StringAssert.Contains(portal.Document.QuerySelector("#item-3")!.TextContent, $"from {Item3}, the amount you approved, to $440.00");
        Assert.IsFalse(portal.Document.QuerySelector("#item-2")!.TextContent.Contains("raised"), "Item 2 kept its approval.");

        // The pump comes off again: $110, below what was approved. The item stays pending, and the portal no longer
        // speaks of a raise.
        var withPump = await staff.GetPageAsync($"/WorkOrders/{item1.WorkOrderId}/Items/{item1.Id}");
        var pump = withPump.Document.QuerySelectorAll("form[action*='handler=RemovePart']")
            .Single(f => f.QuerySelector("button")!.GetAttribute("aria-label") == "Remove part PUMP-7");
        await staff.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)pump);
        portal = await customer.GetPageAsync(link.Path());
        Assert.IsFalse(portal.Document.QuerySelector("#item-1")!.TextContent.Contains("raised", StringComparison.Ordinal), "$110 is no raise on $115.");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync(number, 1)).ApprovalStatus);

        var again = portal.FormWithButton("Approve item 1");
        portal = await customer.SubmitPageAsync(again.Form, submitter: again.Button);
        Assert.IsFalse(portal.Document.QuerySelector("#item-1")!.TextContent.Contains("raised"), "A new decision ends the notice.");
        item1 = await app.ItemAsync(number, 1);
        Assert.AreEqual(CustomerApprovalStatus.Approved, item1.ApprovalStatus);
        Assert.IsNull(item1.ApprovedAmount);
    }

    [TestMethod]
    public async Task A_higher_labor_rate_takes_back_the_approvals_it_raises_and_a_lower_one_keeps_them()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        foreach (var button in new[] { "Approve item 1", "Reject item 2", "Approve item 3" })
        {
            var decide = portal.FormWithButton(button);
            portal = await customer.SubmitPageAsync(decide.Form, submitter: decide.Button);
        }
        var staff = await app.SignInAsync();
        var id = await app.WorkOrderIdAsync(number);

        var edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        var details = await staff.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "120" });
        StringAssert.Contains(details.Text, "The labor rate raised the estimate of items 1, 3, above what the customer approved, so those approvals were taken back");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync(number, 1)).ApprovalStatus);
        Assert.AreEqual(CustomerApprovalStatus.Rejected, (await app.ItemAsync(number, 2)).ApprovalStatus, "A rejection stays.");
        var item3 = await app.ItemAsync(number, 3);
        Assert.AreEqual(CustomerApprovalStatus.Pending, item3.ApprovalStatus);
        StringAssert.Contains(item3.ApprovalChangedBy, $"estimate raised from {Item3} to $420.00");

        portal = await customer.GetPageAsync(link.Path());
        var approve = portal.FormWithButton("Approve item 1");
        await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
        edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        details = await staff.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "100" });
        Assert.IsFalse(details.Text.Contains("taken back"), details.Text);
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync(number, 1)).ApprovalStatus);
        Assert.AreEqual(140m, (await app.ItemAsync(number, 1)).ApprovedAmount, "Approved at $120 an hour (1 h and its $20 part); the lower rate notes it.");
        Assert.AreEqual(100m, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.LaborRate).SingleAsync()));
    }

    [TestMethod]
    public async Task An_approval_from_a_page_that_shows_an_older_price_is_refused_and_the_customer_decides_on_the_new_one()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var id = await app.WorkOrderIdAsync(number);
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var stale = await customer.GetPageAsync(link.Path());
        var staff = await app.SignInAsync();
        var item2 = await app.ItemAsync(number, 2);
        var page = await staff.GetPageAsync($"/WorkOrders/{id}/Items/{item2.Id}");
        await staff.SubmitAsync(page.Form("form[action*='handler=AddPart']"), Part("HOSE-9", "Hose", "100"));
        var edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        await staff.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "100" });
        var decisions = await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.Approved));

        foreach (var sequence in new[] { 2, 1 })
        {
            var approve = stale.FormWithButton($"Approve item {sequence}");
            var answer = await customer.SubmitPageAsync(approve.Form, submitter: approve.Button);
            StringAssert.Contains(answer.Text, $"the shop changed item {sequence} after this page showed it, so it was not approved. Please review it as it is now and decide again.");
            Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync(number, sequence)).ApprovalStatus);
        }
        Assert.AreEqual(decisions, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.Approved)), "Nothing recorded.");

        // Rejecting needs no match: it consents to nothing.
        var reject = stale.FormWithButton("Reject item 3");
        StringAssert.Contains((await customer.SubmitPageAsync(reject.Form, submitter: reject.Button)).Text, "Item 3 rejected.");

        var fresh = await customer.GetPageAsync(link.Path());
        StringAssert.Contains(fresh.Document.QuerySelector("#item-2")!.TextContent, "$340.00", "2 h at $100 and two parts, $40 and $100.");
        var again = fresh.FormWithButton("Approve item 2");
        StringAssert.Contains((await customer.SubmitPageAsync(again.Form, submitter: again.Button)).Text, "Item 2 approved.");
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync(number, 2)).ApprovalStatus);
    }

    [TestMethod]
    public async Task A_late_part_waits_until_an_invoiced_work_order_is_set_back_then_goes_to_the_customer_for_approval()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var number = await app.AddWorkOrderAsync();
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        var approve = portal.FormWithButton("Approve item 1");
        await customer.SubmitAsync(approve.Form, submitter: approve.Button);
        var id = await app.WorkOrderIdAsync(number);
        var staff = await app.SignInAsync();
        var item1 = await app.ItemAsync(number, 1);
        // The page was open when the work order was invoiced.
        var page = await staff.GetPageAsync($"/WorkOrders/{id}/Items/{item1.Id}");
        await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).ExecuteUpdateAsync(w => w.SetProperty(x => x.Status, WorkOrderStatus.Invoiced)));

        var refused = await staff.SubmitPageAsync(page.Form("form[action*='handler=AddPart']"), Part("GASKET-1", "Gasket found at close-out", "12"));
        StringAssert.Contains(refused.Text, $"{number} is invoiced: its items, parts and labor no longer change");
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync(number, 1)).ApprovalStatus, "The invoice stays as the customer approved it.");

        // Invoicing and raising the labor rate in one save would bill the raise unapproved: refused too.
        await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).ExecuteUpdateAsync(w => w.SetProperty(x => x.Status, WorkOrderStatus.Completed)));
        var edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        var both = await staff.SubmitPageAsync(edit.Form("main form[method=post]"), new()
        {
            ["Input.Status"] = ((int)WorkOrderStatus.Invoiced).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.LaborRate"] = "500",
        });
        StringAssert.Contains(both.Text, $"Save the new labor and tax rates of {number} before invoicing or closing it");

        page = await staff.GetPageAsync($"/WorkOrders/{id}/Items/{item1.Id}");
        var added = await staff.SubmitPageAsync(page.Form("form[action*='handler=AddPart']"), Part("GASKET-1", "Gasket found at close-out", "12"));
        StringAssert.Contains(added.Text, "Part GASKET-1 added.");
        StringAssert.Contains(added.Text, "taken back");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync(number, 1)).ApprovalStatus, "Set back, the raise goes to the customer.");
    }

    private static Dictionary<string, string> Part(string number, string description, string unitPrice) => new()
    {
        ["Part.PartNumber"] = number,
        ["Part.Description"] = description,
        ["Part.Quantity"] = "1",
        ["Part.UnitPrice"] = unitPrice,
    };
}
