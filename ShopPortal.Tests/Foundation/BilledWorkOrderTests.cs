using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// An invoiced or closed work order bills what the customer was sent: its items, parts, labor and rates stay as
/// they are until someone sets its status back, and then the usual rules (a raise takes the approval back) apply.
/// </summary>
[TestClass]
public sealed class BilledWorkOrderTests
{
    [TestMethod]
    [DataRow(WorkOrderStatus.Invoiced)]
    [DataRow(WorkOrderStatus.Closed)]
    public async Task Nothing_on_an_invoiced_or_closed_work_order_changes_until_its_status_is_set_back(WorkOrderStatus status)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync("tech@shop.test", Roles.Technician);
        var manager = await app.SignInAsync();
        var technician = await app.SignInAsync("tech@shop.test");
        var id = await app.WorkOrderIdAsync("WO-1001");
        var item = await app.ItemAsync("WO-1001", 1);
        var url = $"/WorkOrders/{id}/Items/{item.Id}";
        Assert.AreEqual(CustomerApprovalStatus.Approved, item.ApprovalStatus, "The sample's item 1 is approved.");
        // The technician logs labor, then has the item open, with its forms, when the manager invoices the work order.
        var open = await technician.GetPageAsync(url);
        await technician.SubmitAsync(open.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1" });
        open = await technician.GetPageAsync(url);
        var newItem = await technician.GetPageAsync($"/WorkOrders/{id}/Items");
        await SetStatusAsync(app, manager, id, status);
        var before = await SnapshotAsync(app, id);

        var refusals = new[]
        {
            await technician.SubmitPageAsync(open.Form("form[action*='handler=AddPart']"), new() { ["Part.PartNumber"] = "X1", ["Part.Description"] = "Extra", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "500" }),
            await technician.SubmitPageAsync(open.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "5" }),
            await technician.SubmitPageAsync(open.Form("form[action*='handler=Save']"), new() { ["Item.EstimatedHours"] = "9", ["Item.Description"] = "Reworded" }),
            await technician.SubmitPageAsync(open.Form("form[action*='handler=RemovePart']")),
            await technician.SubmitPageAsync(newItem.Form("form[action*='handler=Save']"), new() { ["Item.Description"] = "Added after the invoice" }),
            await technician.SubmitPageAsync(open.Form("form[action*='handler=RemoveLabor']")),
        };
        foreach (var refused in refusals)
        {
            var why = $"WO-1001 is {status.ToString().ToLowerInvariant()}: its items, parts and labor no longer change";
            StringAssert.StartsWith(refused.Document.QuerySelector("[role=alert]")!.TextContent.Trim(), "Error: Nothing was saved");
            Assert.AreEqual(1, refused.Text.Split(why).Length - 1, "The reason is given once, under the refusal.");
        }
        Assert.AreEqual(before, await SnapshotAsync(app, id), "Nothing was written.");
        var shown = await technician.GetPageAsync(url);
        Assert.IsTrue(shown.Document.QuerySelector("fieldset")!.HasAttribute("disabled"), "The forms show disabled.");
        StringAssert.Contains(shown.Document.QuerySelector("#item-billed")!.TextContent, "set its status back to Completed");

        var edit = await manager.GetPageAsync($"/WorkOrders/{id}/Edit");
        var rate = await manager.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "250" });
        StringAssert.Contains(rate.Text, $"WO-1001 is {status.ToString().ToLowerInvariant()}: its labor and tax rates no longer change");
        Assert.AreEqual(before, await SnapshotAsync(app, id));
        // Setting the status back and changing the rate in one save reopens it at the new rate (lower: the approval stays).
        edit = await manager.GetPageAsync($"/WorkOrders/{id}/Edit");
        await manager.SubmitAsync(edit.Form("main form[method=post]"), new()
        {
            ["Input.Status"] = ((int)WorkOrderStatus.Completed).ToString(CultureInfo.InvariantCulture),
            ["Input.LaborRate"] = "94",
        });
        Assert.AreEqual(94m, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.LaborRate).SingleAsync()));

        // Set back, the work order takes changes again, and a raise over the customer's approval takes it back.
        await SetStatusAsync(app, manager, id, WorkOrderStatus.Completed);
        open = await technician.GetPageAsync(url);
        Assert.IsFalse(open.Document.QuerySelector("fieldset")!.HasAttribute("disabled"));
        var added = await technician.SubmitPageAsync(open.Form("form[action*='handler=AddPart']"), new() { ["Part.PartNumber"] = "X1", ["Part.Description"] = "Extra", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "500" });
        StringAssert.Contains(added.Text, "Part X1 added.");
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1001", 1)).ApprovalStatus);
    }

    private static async Task SetStatusAsync(TestApp app, HttpClient manager, int id, WorkOrderStatus status)
    {
        var edit = await manager.GetPageAsync($"/WorkOrders/{id}/Edit");
        await manager.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.Status"] = ((int)status).ToString(CultureInfo.InvariantCulture) });
        Assert.AreEqual(status, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync()));
    }

    private static Task<string> SnapshotAsync(TestApp app, int id) => app.WithDbAsync(async db =>
    {
        var items = await db.Discrepancies.AsNoTracking().Where(d => d.WorkOrderId == id).OrderBy(d => d.Id)
            .Select(d => $"{d.Id}:{d.Description}:{d.EstimatedHours}:{d.ApprovalStatus}:{d.Parts.Count}:{d.Labor.Sum(l => (double)l.Hours)}").ToListAsync();
        var rates = await db.WorkOrders.AsNoTracking().Where(w => w.Id == id).Select(w => $"{w.LaborRate}/{w.TaxRate}").SingleAsync();
        return string.Join("|", items) + "|" + rates;
    });
}
