using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>
/// Once the customer signs, what they signed for keeps its price: staff can correct the words, move the work on
/// and log labor, but not change the estimated hours, the parts or the rates the signature covers.
/// </summary>
[TestClass]
public sealed class SignedItemTests
{
    [TestMethod]
    public async Task A_signed_items_hours_and_parts_cannot_change_but_its_words_status_and_labor_can()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await SignAsync(app, "WO-1001");
        var item = await app.ItemAsync("WO-1001", 1);
        var url = $"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}";
        var technician = await SignInTechnicianAsync(app);

        var page = await technician.GetPageAsync(url);
        StringAssert.Contains(page.Text, "The customer signed for this item as estimated");
        Assert.IsNull(page.Document.QuerySelector("form[action*='handler=AddPart']"), "No Add part form.");
        Assert.IsNull(page.Document.QuerySelector("form[action*='handler=RemovePart']"), "No Remove part buttons.");
        Assert.IsTrue(page.Document.QuerySelector("input[name='Item.EstimatedHours']")!.HasAttribute("readonly"));
        Assert.IsNull(page.Document.QuerySelector("form[action*='handler=RemoveLabor']"), "A technician is offered no Remove for others' labor.");

        var refused = await technician.SubmitPageAsync(page.Form("form[action*='handler=Save']"), new() { ["Item.EstimatedHours"] = "40" });
        StringAssert.Contains(refused.Text, "The customer signed for item 1 as estimated: its hours can no longer change.");
        var parts = await PartIdsAsync(app, item.Id);
        var addPart = await PostToAsync(technician, page, $"{url}?handler=AddPart", new() { ["Part.PartNumber"] = "GOLD", ["Part.Description"] = "Gold plating", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "5000" });
        StringAssert.Contains(addPart.Text, "its parts can no longer change");
        var removePart = await PostToAsync(technician, page, $"{url}?handler=RemovePart&partId={parts[0]}", []);
        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, removePart.Status);
        Assert.AreEqual(item.EstimatedHours, (await app.ItemAsync("WO-1001", 1)).EstimatedHours);
        CollectionAssert.AreEqual(parts, await PartIdsAsync(app, item.Id));
        var labor = await app.WithDbAsync(db => db.LaborEntries.CountAsync(l => l.DiscrepancyId == item.Id));

        page = await technician.GetPageAsync(url);
        var saved = await technician.SubmitPageAsync(page.Form("form[action*='handler=Save']"), new()
        {
            ["Item.Description"] = "Corrected wording",
            ["Item.WorkStatus"] = ((int)DiscrepancyWorkStatus.InProgress).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        StringAssert.Contains(saved.Text, "Item 1 saved.");
        page = await technician.GetPageAsync(url);
        await technician.SubmitAsync(page.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1.5" });
        page = await technician.GetPageAsync(url);
        Assert.AreEqual(1, page.Document.QuerySelectorAll("form[action*='handler=RemoveLabor']").Length, "Only their own entry has a Remove.");
        var after = await app.ItemAsync("WO-1001", 1);
        Assert.AreEqual("Corrected wording", after.Description);
        Assert.AreEqual(DiscrepancyWorkStatus.InProgress, after.WorkStatus);
        Assert.AreEqual(labor + 1, await app.WithDbAsync(db => db.LaborEntries.CountAsync(l => l.DiscrepancyId == item.Id)));
    }

    [TestMethod]
    public async Task A_work_order_with_signed_items_keeps_its_rates_and_one_without_may_change_them()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await SignAsync(app, "WO-1001");
        var client = await app.SignInAsync();
        var signedId = await app.WorkOrderIdAsync("WO-1001");
        var openId = await app.WorkOrderIdAsync("WO-1002");

        var edit = await client.GetPageAsync($"/WorkOrders/{signedId}/Edit");
        Assert.IsTrue(edit.Document.QuerySelector("input[name='Input.LaborRate']")!.HasAttribute("readonly"));
        StringAssert.Contains(edit.Text, "The customer signed for work on this asset at these rates, so the customer, asset and rates can no longer change");
        Assert.IsTrue(edit.Document.QuerySelector("select[name='Input.CustomerId']")!.HasAttribute("disabled"));
        Assert.IsTrue(edit.Document.QuerySelector("select[name='Input.AssetId']")!.HasAttribute("disabled"));
        var refused = await client.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "150", ["Input.Title"] = "New title" });
        StringAssert.Contains(refused.Text, "The customer signed for work on WO-1001 at its current labor and tax rates");
        var other = await app.WithDbAsync(db => db.Assets.Where(a => a.Customer.WorkOrders.All(w => w.Id != signedId))
            .Select(a => new { a.Id, a.CustomerId }).FirstAsync());
        edit = await client.GetPageAsync($"/WorkOrders/{signedId}/Edit");
        var form = edit.Form("main form[method=post]");
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden][name='Input.CustomerId'], input[type=hidden][name='Input.AssetId']").ToList())
        {
            hidden.Remove();
        }
        foreach (var select in form.QuerySelectorAll("select[disabled]"))
        {
            select.RemoveAttribute("disabled");
        }
        refused = await client.SubmitPageAsync(form, new()
        {
            ["Input.CustomerId"] = other.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.AssetId"] = other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Title"] = "New title",
        });
        StringAssert.Contains(refused.Text, "The customer signed for work on WO-1001: its customer and asset can no longer change.");
        var signed = await app.WithDbAsync(db => db.WorkOrders.SingleAsync(w => w.Id == signedId));
        Assert.AreEqual(95m, signed.LaborRate);
        Assert.AreNotEqual("New title", signed.Title);
        Assert.AreNotEqual(other.CustomerId, signed.CustomerId);

        edit = await client.GetPageAsync($"/WorkOrders/{signedId}/Edit");
        await client.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.Title"] = "New title" });
        Assert.AreEqual("New title", await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == signedId).Select(w => w.Title).SingleAsync()), "Other fields still change.");

        edit = await client.GetPageAsync($"/WorkOrders/{openId}/Edit");
        await client.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "150" });
        Assert.AreEqual(150m, await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == openId).Select(w => w.LaborRate).SingleAsync()));
    }

    [TestMethod]
    public async Task A_work_order_stays_editable_after_its_asset_changes_hands()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var (assetId, newOwner) = await app.WithDbAsync(async db =>
        {
            var workOrder = await db.WorkOrders.SingleAsync(w => w.Id == id);
            var other = await db.Customers.Where(c => c.Id != workOrder.CustomerId).Select(c => c.Id).FirstAsync();
            return (workOrder.AssetId, other);
        });
        await app.WithDbAsync(db => db.Assets.Where(a => a.Id == assetId).ExecuteUpdateAsync(a => a.SetProperty(x => x.CustomerId, newOwner)));

        var edit = await client.GetPageAsync($"/WorkOrders/{id}/Edit");
        await client.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.Description"] = "Kept with the owner it was done for." });
        Assert.AreEqual("Kept with the owner it was done for.", await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.Description).SingleAsync()));

        var create = await client.GetPageAsync("/WorkOrders/Create");
        var oldOwner = await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.CustomerId).SingleAsync());
        var refused = await client.SubmitPageAsync(create.Form("main form[method=post]"), new()
        {
            ["Input.CustomerId"] = oldOwner.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.AssetId"] = assetId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Title"] = "New work for the old owner",
        });
        StringAssert.Contains(refused.Text, "That asset belongs to another customer.");
    }

    private static Task<int[]> PartIdsAsync(TestApp app, int itemId) =>
        app.WithDbAsync(db => db.PartLines.Where(p => p.DiscrepancyId == itemId).OrderBy(p => p.Id).Select(p => p.Id).ToArrayAsync());

    /// <summary>Posts to a handler whose form the page no longer shows, with the page's antiforgery token.</summary>
    private static async Task<HtmlPage> PostToAsync(HttpClient client, HtmlPage page, string action, Dictionary<string, string> values)
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector("input[name='Item.Version']")!.Closest("form")!;
        form.Action = action;
        return await client.SubmitPageAsync(form, values);
    }

    private static async Task<HttpClient> SignInTechnicianAsync(TestApp app)
    {
        await app.CreateStaffAsync("tech@shop.test", Roles.Technician);
        return await app.SignInAsync("tech@shop.test");
    }

    /// <summary>The customer signs for the approved items of the work order through its Estimate link.</summary>
    private static async Task SignAsync(TestApp app, string number)
    {
        var link = await app.CreateLinkAsync(number, PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var page = await customer.GetPageAsync(link.Path());
        page = await customer.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        StringAssert.Contains(page.Text, "Thank you. Your signature authorizes the approved work.");
    }
}
