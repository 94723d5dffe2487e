using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class WorkOrderPageTests
{
    [TestMethod]
    public async Task Work_order_page_shows_items_with_hours_parts_amounts_and_approval_badges()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Number == "WO-1001").Select(w => w.Id).SingleAsync());

        var page = await client.GetPageAsync($"/WorkOrders/{id}");

        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        StringAssert.Contains(page.Text, "WO-1001");
        StringAssert.Contains(page.Text, "Dana Whitfield");
        StringAssert.Contains(page.Text, "N172SP");
        var badges = page.Document.QuerySelectorAll("[data-approval]").Select(b => b.TextContent).ToList();
        CollectionAssert.AreEqual(new[] { "Approved", "Approved", "Pending", "Rejected", "Pending" }, badges);
        // Item 1: 1.5 h estimated at $95 = $142.50 labor; parts 189.00 + 42.50; 2 h logged.
        var item1 = page.Document.QuerySelector("#item-1")!.TextContent;
        StringAssert.Contains(item1, "$142.50");
        StringAssert.Contains(item1, "$231.50");
        StringAssert.Contains(item1, "$374.00");
        StringAssert.Contains(item1, "2 h");
        // Who logged which hours, entry by entry.
        var labor = page.Document.QuerySelectorAll("#item-1 table").Single(t => t.QuerySelector("caption")!.TextContent == "Labor logged on item 1");
        var rows = labor.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        var entries = await app.WithDbAsync(db => db.LaborEntries.Where(l => l.Discrepancy.WorkOrder.Id == id && l.Discrepancy.Sequence == 1).OrderBy(l => l.Date).ThenBy(l => l.Id).ToListAsync());
        Assert.IsTrue(entries.Count > 0);
        CollectionAssert.AreEqual(entries.Select(e => e.TechnicianName).ToArray(), rows.Select(r => r[1]).ToArray());
        CollectionAssert.AreEqual(entries.Select(e => e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), rows.Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task Unknown_work_order_is_a_404_page_without_details()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var page = await client.GetPageAsync("/WorkOrders/987654");
        Assert.AreEqual(HttpStatusCode.NotFound, page.Status);
        StringAssert.Contains(page.Text, "Not found");
        Assert.IsFalse(page.Html.Contains("Exception", StringComparison.OrdinalIgnoreCase));
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/WorkOrders/987654/Edit")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/WorkOrders/987654/Items")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/Customers/Edit/987654")).StatusCode);
    }

    [TestMethod]
    public async Task Creating_a_work_order_numbers_it_and_adds_items_parts_and_labor()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var (customerId, assetId) = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N815LJ").Select(a => ValueTuple.Create(a.CustomerId, a.Id)).SingleAsync());

        var create = await client.GetPageAsync("/WorkOrders/Create");
        var details = await client.SubmitPageAsync(create.Form("main form[method=post]"), new()
        {
            ["Input.CustomerId"] = customerId.ToString(),
            ["Input.AssetId"] = assetId.ToString(),
            ["Input.Title"] = "Oil change",
        });
        StringAssert.Contains(details.Text, "WO-1005");

        var newItem = await client.GetPageAsync(details.Document.QuerySelector("a.btn-primary[href*='/Items']")!.GetAttribute("href")!);
        var itemPage = await client.SubmitPageAsync(newItem.Form("form[action*='handler=Save']"), new()
        {
            ["Item.Description"] = "Oil due",
            ["Item.CorrectiveAction"] = "Drain and replace oil and filter",
            ["Item.EstimatedHours"] = "1.25",
        });
        StringAssert.Contains(itemPage.Text, "Item 1 added");
        itemPage = await client.SubmitPageAsync(itemPage.Form("form[action*='handler=AddPart']"), new()
        {
            ["Part.PartNumber"] = "CH48110-1",
            ["Part.Description"] = "Oil filter",
            ["Part.Quantity"] = "1",
            ["Part.UnitPrice"] = "24.33",
        });
        itemPage = await client.SubmitPageAsync(itemPage.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "0.75", ["Labor.Note"] = "Drained" });
        StringAssert.Contains(itemPage.Text, "0.75 h logged");

        var workOrder = await app.WithDbAsync(db => db.WorkOrders.Include(w => w.Discrepancies).ThenInclude(d => d.Parts).Include(w => w.Discrepancies).ThenInclude(d => d.Labor).SingleAsync(w => w.Number == "WO-1005"));
        var item = workOrder.Discrepancies.Single();
        Assert.AreEqual(CustomerApprovalStatus.Pending, item.ApprovalStatus);
        Assert.AreEqual(24.33m, item.Parts.Single().UnitPrice);
        Assert.AreEqual(0.75m, item.Labor.Single().Hours);
        Assert.AreEqual("Morgan Manager", item.Labor.Single().TechnicianName);
    }

    [TestMethod]
    public async Task A_decimal_comma_or_more_decimals_than_are_printed_are_refused_with_the_typed_value_kept()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var item = await app.ItemAsync("WO-1002", 1);
        var url = $"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}";
        var before = await app.WithDbAsync(db => Task.FromResult((db.PartLines.Count(), db.LaborEntries.Count())));

        // A phone's decimal comma: read as a thousands separator, "1,5" hours were 15 and "19,99" was 1,999.00.
        var page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1,5" });
        StringAssert.Contains(page.Text, "Hours: \"1,5\" is not a number here. Use a point for decimals (1.5); a comma only separates thousands (1,000).");
        Assert.AreEqual("1,5", page.Document.QuerySelector("input[name='Labor.Hours']")!.GetAttribute("value"), "What was typed stays in the box.");
        page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=AddPart']"),
            new() { ["Part.PartNumber"] = "P-COMMA", ["Part.Description"] = "Gasket", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "19,99" });
        StringAssert.Contains(page.Text, "Unit price: \"19,99\" is not a number here.");
        // What the pages print is what is charged: 0.333 h showed as 0.33 h and billed 0.333.
        page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1.255" });
        StringAssert.Contains(page.Text, "Hours can have at most 2 decimal places.");
        page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=AddPart']"),
            new() { ["Part.PartNumber"] = "P-FINE", ["Part.Description"] = "Rivet", ["Part.Quantity"] = "0.3333", ["Part.UnitPrice"] = "0.0149" });
        StringAssert.Contains(page.Text, "Quantity can have at most 3 decimal places.");
        StringAssert.Contains(page.Text, "Unit price can have at most 2 decimal places.");
        page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=Save']"), new() { ["Item.EstimatedHours"] = "0.333" });
        StringAssert.Contains(page.Text, "Estimated labor hours can have at most 2 decimal places.");
        var edit = await client.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Edit");
        page = await client.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.LaborRate"] = "95,5", ["Input.TaxRate"] = "8.2555" });
        StringAssert.Contains(page.Text, "Labor rate per hour: \"95,5\" is not a number here.");
        StringAssert.Contains(page.Text, "Tax rate (%) can have at most 3 decimal places.");

        Assert.AreEqual(before, await app.WithDbAsync(db => Task.FromResult((db.PartLines.Count(), db.LaborEntries.Count()))), "Nothing was written.");
        var unchanged = await app.ItemAsync("WO-1002", 1);
        Assert.AreEqual(item.EstimatedHours, unchanged.EstimatedHours);

        // Thousands grouped the en-US way still read as they always did.
        page = await client.SubmitPageAsync((await client.GetPageAsync(url)).Form("form[action*='handler=AddPart']"),
            new() { ["Part.PartNumber"] = "P-ENG", ["Part.Description"] = "Overhauled cylinder", ["Part.Quantity"] = "1", ["Part.UnitPrice"] = "1,000.50" });
        StringAssert.Contains(page.Text, "Part P-ENG added.");
        Assert.AreEqual(1000.50m, await app.WithDbAsync(db => db.PartLines.Where(p => p.PartNumber == "P-ENG").Select(p => p.UnitPrice).SingleAsync()));
    }

    [TestMethod]
    public async Task Invalid_forms_explain_and_write_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var before = await app.WithDbAsync(db => Task.FromResult((db.WorkOrders.Count(), db.Customers.Count(), db.PartLines.Count(), db.LaborEntries.Count())));

        var customer = await client.GetPageAsync("/Customers/Edit");
        var page = await client.SubmitPageAsync(customer.Form("main form[method=post]"), new() { ["Input.Name"] = "", ["Input.Email"] = "nope" });
        Assert.IsTrue(page.ValidationMessages().Any(m => m.Contains("Contact name", StringComparison.Ordinal)));
        Assert.IsTrue(page.ValidationMessages().Any(m => m.Contains("not a valid e-mail", StringComparison.Ordinal)));
        page = await client.SubmitPageAsync(customer.Form("main form[method=post]"), new() { ["Input.Name"] = "Dana", ["Input.Email"] = "dana@skyline.example ORDER BY 9#" });
        CollectionAssert.Contains(page.ValidationMessages().ToList(), "Enter a valid email address, like name@example.com.", "An address mail cannot be sent to is refused.");

        var create = await client.GetPageAsync("/WorkOrders/Create");
        var otherCustomersAsset = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N172SP").Select(a => a.Id).SingleAsync());
        var lena = await app.WithDbAsync(db => db.Customers.Where(c => c.Name == "Lena Järvinen").Select(c => c.Id).SingleAsync());
        page = await client.SubmitPageAsync(create.Form("main form[method=post]"), new()
        {
            ["Input.CustomerId"] = lena.ToString(),
            ["Input.AssetId"] = otherCustomersAsset.ToString(),
            ["Input.Title"] = "",
            ["Input.LaborRate"] = "-5",
        });
        var messages = page.ValidationMessages();
        CollectionAssert.Contains(messages.ToList(), "That asset belongs to another customer. Choose one of this customer's assets.");
        CollectionAssert.Contains(messages.ToList(), "The labor rate must be between 0 and 100,000 per hour.");

        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1002").Select(d => new { d.WorkOrderId, d.Id }).FirstAsync());
        var itemPage = await client.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        page = await client.SubmitPageAsync(itemPage.Form("form[action*='handler=AddPart']"), new() { ["Part.PartNumber"] = "", ["Part.Quantity"] = "0" });
        CollectionAssert.Contains(page.ValidationMessages().ToList(), "Quantity must be between 0.001 and 100,000.");
        page = await client.SubmitPageAsync(itemPage.Form("form[action*='handler=AddPart']"), new() { ["Part.PartNumber"] = "X", ["Part.Description"] = "X", ["Part.Quantity"] = "1000000000" });
        CollectionAssert.Contains(page.ValidationMessages().ToList(), "Quantity must be between 0.001 and 100,000.", "A huge quantity is told the limit, not that it is not positive.");
        page = await client.SubmitPageAsync(itemPage.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "30" });
        CollectionAssert.Contains(page.ValidationMessages().ToList(), "Hours must be between 0.05 and 24 for one entry.");

        var after = await app.WithDbAsync(db => Task.FromResult((db.WorkOrders.Count(), db.Customers.Count(), db.PartLines.Count(), db.LaborEntries.Count())));
        Assert.AreEqual(before, after);
    }

    [TestMethod]
    public async Task Second_editor_of_the_same_work_order_is_told_and_not_silently_overwritten()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var alice = await app.SignInAsync();
        await app.CreateStaffAsync("bob@shop.test", Roles.Manager, "Bob");
        var bob = await app.SignInAsync("bob@shop.test");
        var id = await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Number == "WO-1002").Select(w => w.Id).SingleAsync());

        var aliceForm = await alice.GetPageAsync($"/WorkOrders/{id}/Edit");
        var bobForm = await bob.GetPageAsync($"/WorkOrders/{id}/Edit");
        var saved = await alice.SubmitPageAsync(aliceForm.Form("main form[method=post]"), new() { ["Input.Title"] = "Alice's title" });
        Assert.AreEqual($"/WorkOrders/{id}", saved.Url.AbsolutePath);
        var refused = await bob.SubmitPageAsync(bobForm.Form("main form[method=post]"), new() { ["Input.Title"] = "Bob's title" });

        StringAssert.Contains(refused.Text, "was changed by someone else while you were editing");
        Assert.AreEqual("Alice's title", await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Id == id).Select(w => w.Title).SingleAsync()));
    }

    [TestMethod]
    public async Task Moving_a_work_order_to_another_customer_withdraws_the_links_sent_to_the_first()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var first = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var second = await app.CreateLinkAsync("WO-1001", PortalView.ProgressReport);
        var elsewhere = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        Assert.AreEqual(HttpStatusCode.OK, (await customer.GetAsync(first.Path())).StatusCode);
        var staff = await app.SignInAsync();

        var edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        var kept = await staff.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.Title"] = "Same customer, new title" });
        Assert.AreEqual($"/WorkOrders/{id}", kept.Url.AbsolutePath);
        Assert.AreEqual(HttpStatusCode.OK, (await customer.GetAsync(first.Path())).StatusCode, "Other edits leave the links alone.");

        var other = await app.WithDbAsync(db => db.Assets.Where(a => a.Customer.WorkOrders.All(w => w.Id != id))
            .Select(a => new { a.Id, a.CustomerId, Customer = a.Customer.Name }).FirstAsync());
        edit = await staff.GetPageAsync($"/WorkOrders/{id}/Edit");
        var moved = await staff.SubmitPageAsync(edit.Form("main form[method=post]"),
            new() { ["Input.CustomerId"] = other.CustomerId.ToString(), ["Input.AssetId"] = other.Id.ToString() });
        Assert.AreEqual($"/WorkOrders/{id}", moved.Url.AbsolutePath);
        StringAssert.Contains(moved.Text, "The customer changed, so the 2 portal links sent before no longer work.");

        foreach (var link in new[] { first, second })
        {
            var page = await customer.GetPageAsync(link.Path());
            Assert.AreEqual(HttpStatusCode.Gone, page.Status, $"The {link.View} link still opens.");
            Assert.IsFalse(page.Text.Contains(other.Customer, StringComparison.Ordinal), "The first customer reads the new one's name.");
        }
        Assert.AreEqual(HttpStatusCode.OK, (await customer.GetAsync(elsewhere.Path())).StatusCode, "Another work order's link is untouched.");
        var revokedBy = await app.WithDbAsync(db => db.PortalAccessKeys.Where(k => k.Id == first.KeyId).Select(k => k.RevokedBy).SingleAsync());
        StringAssert.EndsWith(revokedBy, "(customer changed)");
    }

    [TestMethod]
    public async Task Second_editor_of_the_same_item_is_told()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1002").Select(d => new { d.WorkOrderId, d.Id }).FirstAsync());
        var url = $"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}";

        var first = await client.GetPageAsync(url);
        var second = await client.GetPageAsync(url);
        await client.SubmitAsync(first.Form("form[action*='handler=Save']"), new() { ["Item.Description"] = "First edit" });
        var refused = await client.SubmitPageAsync(second.Form("form[action*='handler=Save']"), new() { ["Item.Description"] = "Second edit" });

        StringAssert.Contains(refused.Text, "was changed by someone else");
        Assert.AreEqual("First edit", await app.WithDbAsync(db => db.Discrepancies.Where(d => d.Id == item.Id).Select(d => d.Description).SingleAsync()));
    }

    [TestMethod]
    public async Task Work_order_list_searches_by_number_customer_and_registration_and_filters_by_status()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();

        async Task<List<string>> Numbers(string query) =>
            (await client.GetPageAsync("/WorkOrders" + query)).Document.QuerySelectorAll("tbody td:first-child a").Select(a => a.TextContent).ToList();

        CollectionAssert.AreEqual(new[] { "WO-1004", "WO-1003", "WO-1002", "WO-1001" }, await Numbers(""));
        CollectionAssert.AreEqual(new[] { "WO-1002" }, await Numbers("?q=wo-1002"));
        CollectionAssert.AreEqual(new[] { "WO-1001" }, await Numbers("?q=skyline"));
        CollectionAssert.AreEqual(new[] { "WO-1003" }, await Numbers("?q=N815"));
        CollectionAssert.AreEqual(new[] { "WO-1003" }, await Numbers("?Status=Completed"));
        CollectionAssert.AreEqual(new[] { "WO-1004", "WO-1001" }, await Numbers("?Status=InProgress"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await Numbers("?q=%25"));
        // Case is ignored for every letter, not only A to Z.
        var lenas = await Numbers("?q=j%C3%A4rvinen");
        Assert.IsTrue(lenas.Count > 0);
        CollectionAssert.AreEqual(lenas, await Numbers("?q=J%C3%84RVINEN"));
        var customers = (await client.GetPageAsync("/Customers?q=J%C3%84RVINEN")).Text;
        StringAssert.Contains(customers, "Lena Järvinen");
        // And accents, for a search typed without them.
        CollectionAssert.AreEqual(lenas, await Numbers("?q=jarvinen"));
        StringAssert.Contains((await client.GetPageAsync("/Assets?q=jarvinen")).Text, "N815LJ");
    }

    [TestMethod]
    [DataRow("%järvinen%", "Lena JÄRVINEN", true)]
    [DataRow("%ÄR_I%", "Lena Järvinen", true)]
    [DataRow("%wo-100\\_%", "WO-100_1", true)]
    [DataRow("%wo-100\\_%", "WO-1001", false)]
    [DataRow("100\\%", "100%", true)]
    [DataRow("100\\%", "1000", false)]
    [DataRow("%a%b%", "xxaxxbxx", true)]
    [DataRow("%a%b%", "xxbxxaxx", false)]
    [DataRow("", "", true)]
    [DataRow("_", "", false)]
    [DataRow("%jarvinen%", "Lena Järvinen", true)]
    [DataRow("%JÄRVINEN%", "Lena Ja\u0308rvinen", true)]
    [DataRow("oyvind", "Øyvind", true)]
    [DataRow("%strasse%", "Hauptstraße 5", true)]
    [DataRow("j_rvinen", "Järvinen", true)]
    [DataRow("%jarvinen%", "Lena Jorvinen", false)]
    [DataRow("%하%", "한국", false)]
    [DataRow("%한%", "대한민국", true)]
    [DataRow("%カ%", "ガス", false)]
    [DataRow("%ガ%", "ガス", true)]
    [DataRow("%москва%", "Москва́", true)]
    public void Like_follows_sqlites_rules_and_ignores_case_and_accents_for_every_letter(string pattern, string value, bool matches) =>
        Assert.AreEqual(matches, ShopPortal.Services.SqliteUnicodeLike.Matches(pattern, value, '\\'));

    [TestMethod]
    public async Task A_staff_reply_lands_on_its_items_card_and_a_refused_one_at_the_message_on_top()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync(followRedirects: false);
        var id = await app.WorkOrderIdAsync("WO-1004");
        var item = await app.ItemAsync("WO-1004", 2);
        Assert.AreNotEqual(2, item.Id, "The item's id differs from its number.");
        var page = await client.GetPageAsync($"/WorkOrders/{id}");
        var reply = page.FormWithButton("Post reply on item 2");

        var posted = await client.SubmitAsync(reply.Form, new() { ["reply.Body"] = "Parts arrive Friday." }, reply.Button);
        Assert.AreEqual($"/WorkOrders/{id}#item-2", posted.Headers.Location!.OriginalString, "The item's number, not its id " + item.Id + ".");
        reply.Form.QuerySelector("textarea")!.RemoveAttribute("required"); // as a browser without validation posts it
        var refused = await client.SubmitAsync(reply.Form, new() { ["reply.Body"] = "" }, reply.Button);
        Assert.AreEqual($"/WorkOrders/{id}", refused.Headers.Location!.OriginalString, "The refusal's message is at the top.");
    }

    [TestMethod]
    [DataRow("9999-12-31", "Labor can't be logged for a future date.")]
    [DataRow("tomorrow", "Labor can't be logged for a future date.")]
    [DataRow("0001-01-01", "That date is more than a year before WO-1001 was opened.")]
    public async Task Labor_dates_far_from_the_work_are_refused_and_nothing_is_logged(string date, string message)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1001" && d.Sequence == 3).Select(d => new { d.WorkOrderId, d.Id }).SingleAsync());
        var page = await client.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        var before = await app.WithDbAsync(db => db.LaborEntries.CountAsync());

        // The sample shop's clock is UTC: its date is the UTC date.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        date = date == "tomorrow" ? today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : date;
        var refused = await client.SubmitPageAsync(page.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Date"] = date, ["Labor.Hours"] = "1" });
        StringAssert.Contains(refused.Text, message);
        Assert.AreEqual(before, await app.WithDbAsync(db => db.LaborEntries.CountAsync()));

        await client.SubmitAsync(refused.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Date"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["Labor.Hours"] = "1" });
        Assert.AreEqual(before + 1, await app.WithDbAsync(db => db.LaborEntries.CountAsync()), "Today is fine.");
    }
}
