using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class CustomerAssetPageTests
{
    private const string Conflict = "was changed by someone else while you were editing. Your changes were not saved. Reload the page to see the latest version";

    [TestMethod]
    public async Task Stale_customer_edit_is_refused_and_changes_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Customers.Where(c => c.Name == "Lena Järvinen").Select(c => c.Id).SingleAsync());

        // Two tabs on the same customer: A saves first, then B sends the copy it loaded before A's save.
        var tabA = await client.GetPageAsync($"/Customers/Edit/{id}");
        var tabB = await client.GetPageAsync($"/Customers/Edit/{id}");
        var saved = await client.SubmitPageAsync(tabA.Form("main form[method=post]"), new() { ["Input.Email"] = "zoe@example.com", ["Input.Phone"] = "111" });
        StringAssert.Contains(saved.Text, "Customer saved.");
        var afterA = await app.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));

        var refused = await client.SubmitPageAsync(tabB.Form("main form[method=post]"), new() { ["Input.Company"] = "ZCo", ["Input.Email"] = "zoe-old@example.com" });

        CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This customer " + Conflict + ", then make your changes again.");
        var now = await app.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.AreEqual((afterA.Name, afterA.Company, afterA.Email, afterA.Phone, afterA.Version), (now.Name, now.Company, now.Email, now.Phone, now.Version));
        Assert.AreEqual(("zoe@example.com", "111", (string?)null), (now.Email, now.Phone, now.Company), "Tab A's save stands.");
    }

    [TestMethod]
    public async Task Stale_asset_edit_is_refused_and_changes_nothing()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N815LJ").Select(a => a.Id).SingleAsync());

        var tabA = await client.GetPageAsync($"/Assets/Edit/{id}");
        var tabB = await client.GetPageAsync($"/Assets/Edit/{id}");
        var saved = await client.SubmitPageAsync(tabA.Form("main form[method=post]"), new() { ["Input.Model"] = "SR22T", ["Input.Year"] = "2013" });
        StringAssert.Contains(saved.Text, "Asset saved.");
        var afterA = await app.WithDbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == id));

        var refused = await client.SubmitPageAsync(tabB.Form("main form[method=post]"), new() { ["Input.Make"] = "Cirrus Aircraft", ["Input.Registration"] = "N816LJ" });

        CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This asset " + Conflict + ", then make your changes again.");
        var now = await app.WithDbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.AreEqual((afterA.Registration, afterA.Make, afterA.Model, afterA.Year, afterA.CustomerId, afterA.Version), (now.Registration, now.Make, now.Model, now.Year, now.CustomerId, now.Version));
        Assert.AreEqual(("N815LJ", "Cirrus", "SR22T", (int?)2013), (now.Registration, now.Make, now.Model, now.Year), "Tab A's save stands.");
    }

    [TestMethod]
    public async Task Fresh_customer_edit_saves_and_the_next_stale_copy_is_still_caught()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Customers.Where(c => c.Name == "Lena Järvinen").Select(c => c.Id).SingleAsync());

        var first = await client.GetPageAsync($"/Customers/Edit/{id}");
        var saved = await client.SubmitPageAsync(first.Form("main form[method=post]"), new() { ["Input.Company"] = "ZCo" });
        StringAssert.Contains(saved.Text, "Customer saved.");
        // The page after a save is a fresh copy: saving from it works too.
        saved = await client.SubmitPageAsync(saved.Form("main form[method=post]"), new() { ["Input.Email"] = "zoe@example.com" });
        StringAssert.Contains(saved.Text, "Customer saved.");

        var now = await app.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.AreEqual(("ZCo", "zoe@example.com", "+1 555 0113"), (now.Company, now.Email, now.Phone));
        var refused = await client.SubmitPageAsync(first.Form("main form[method=post]"), new() { ["Input.Company"] = "Stale Co" });
        CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This customer " + Conflict + ", then make your changes again.");
        Assert.AreEqual("ZCo", await app.WithDbAsync(db => db.Customers.Where(c => c.Id == id).Select(c => c.Company).SingleAsync()));
    }

    [TestMethod]
    public async Task Fresh_asset_edit_saves_and_the_next_stale_copy_is_still_caught()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N815LJ").Select(a => a.Id).SingleAsync());

        var first = await client.GetPageAsync($"/Assets/Edit/{id}");
        var saved = await client.SubmitPageAsync(first.Form("main form[method=post]"), new() { ["Input.Model"] = "SR22T" });
        StringAssert.Contains(saved.Text, "Asset saved.");
        saved = await client.SubmitPageAsync(saved.Form("main form[method=post]"), new() { ["Input.Year"] = "2013" });
        StringAssert.Contains(saved.Text, "Asset saved.");

        var now = await app.WithDbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.AreEqual(("N815LJ", "SR22T", (int?)2013), (now.Registration, now.Model, now.Year));
        var refused = await client.SubmitPageAsync(first.Form("main form[method=post]"), new() { ["Input.Model"] = "Stale" });
        CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This asset " + Conflict + ", then make your changes again.");
        Assert.AreEqual("SR22T", await app.WithDbAsync(db => db.Assets.Where(a => a.Id == id).Select(a => a.Model).SingleAsync()));
    }

    [TestMethod]
    public async Task New_customers_and_assets_are_still_added()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();

        var customerForm = await client.GetPageAsync("/Customers/Edit");
        var customer = await client.SubmitPageAsync(customerForm.Form("main form[method=post]"), new() { ["Input.Name"] = "Zoe Example", ["Input.Email"] = "zoe@example.com" });
        StringAssert.Contains(customer.Text, "Customer Zoe Example added.");
        var customerId = await app.WithDbAsync(db => db.Customers.Where(c => c.Name == "Zoe Example").Select(c => c.Id).SingleAsync());

        var assetForm = await client.GetPageAsync($"/Assets/Edit?customerId={customerId}");
        var asset = await client.SubmitPageAsync(assetForm.Form("main form[method=post]"), new() { ["Input.Registration"] = "n42zo" });
        StringAssert.Contains(asset.Text, "Asset N42ZO added.");
        Assert.AreEqual(customerId, await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N42ZO").Select(a => a.CustomerId).SingleAsync()));
    }

    [TestMethod]
    public async Task A_second_asset_under_a_registration_needs_the_box_ticked()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var owner = await app.WithDbAsync(db => db.Customers.Where(c => c.Name == "Marcus Oyelaran").Select(c => c.Id).SingleAsync());
        var existing = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N172SP").Select(a => a.Id).SingleAsync());

        var form = await client.GetPageAsync($"/Assets/Edit?customerId={owner}");
        var refused = await client.SubmitPageAsync(form.Form("main form[method=post]"), new() { ["Input.Registration"] = " n172sp ", ["Input.Make"] = "Cessna" });
        Assert.AreEqual("N172SP is already registered: Cessna 172S Skyhawk owned by Dana Whitfield (Skyline Charter LLC). Open that asset instead, or tick \"This is a different asset with the same registration\" to save this one as well.",
            refused.Document.QuerySelector("[data-valmsg-for='Input.Registration']")!.TextContent.Trim());
        Assert.AreEqual($"/Assets/Edit/{existing}", refused.Document.QuerySelector("a[href^='/Assets/Edit/']")!.GetAttribute("href"));
        Assert.AreEqual(" n172sp ", refused.Document.QuerySelector("#Input_Registration")!.GetAttribute("value"), "What was typed stays in the box.");
        Assert.AreEqual(1, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.Registration == "N172SP")), "Nothing saved.");

        // Ticked, but the year is wrong: the page asks for the year and keeps the tick.
        var ticked = await client.SubmitPageAsync(refused.Form("main form[method=post]"), new() { ["Input.SeparateAsset"] = "true", ["Input.Year"] = "1066" });
        CollectionAssert.Contains(ticked.ValidationMessages().ToList(), "Enter a year between 1900 and 2100.");
        Assert.IsTrue(ticked.Document.QuerySelector("#Input_SeparateAsset")!.HasAttribute("checked"), "The tick stays.");
        var saved = await client.SubmitPageAsync(ticked.Form("main form[method=post]"), new() { ["Input.Year"] = "" });
        StringAssert.Contains(saved.Text, "Asset N172SP added.");
        Assert.AreEqual(2, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.Registration == "N172SP")));

        // A blank registration is asked for, not looked up.
        var blank = await client.SubmitPageAsync(form.Form("main form[method=post]"), new() { ["Input.Registration"] = "  " });
        CollectionAssert.Contains(blank.ValidationMessages().ToList(), "The Registration (tail number, VIN or serial) field is required.");

        // Editing an asset without changing its registration asks nothing, even now that it is shared.
        var edit = await client.GetPageAsync($"/Assets/Edit/{existing}");
        var resaved = await client.SubmitPageAsync(edit.Form("main form[method=post]"), new() { ["Input.Year"] = "2005" });
        StringAssert.Contains(resaved.Text, "Asset saved.");
    }

    [TestMethod]
    public async Task Customers_and_assets_saved_before_versions_existed_can_be_edited_and_are_guarded()
    {
        var folder = TempFolder.Create("shopportal-upgrade");
        try
        {
            // A database as the previous release left it: the first migration only, with a customer and an asset in it.
            var options = new DbContextOptionsBuilder<ShopDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "shopportal.db")}").Options;
            await using (var old = new ShopDbContext(options))
            {
                await old.GetService<IMigrator>().MigrateAsync("20261123204944_Initial");
                await old.Database.ExecuteSqlRawAsync("""
                    INSERT INTO Customers (Name, Company, Email, Phone) VALUES ('Zoe Old', NULL, 'zoe@example.com', '111');
                    INSERT INTO Assets (Registration, Make, Model, Year, CustomerId) VALUES ('N1ZO', 'Piper', 'PA-28', 1979, last_insert_rowid());
                    """);
            }
            SqliteConnection.ClearAllPools();

            using var app = new TestApp(dataDirectory: folder);
            var client = await app.SignInAsync();
            var (customerId, assetId) = await app.WithDbAsync(db => db.Assets.Where(a => a.Registration == "N1ZO").Select(a => ValueTuple.Create(a.CustomerId, a.Id)).SingleAsync());

            var stale = await client.GetPageAsync($"/Customers/Edit/{customerId}");
            var fresh = await client.GetPageAsync($"/Customers/Edit/{customerId}");
            StringAssert.Contains((await client.SubmitPageAsync(fresh.Form("main form[method=post]"), new() { ["Input.Company"] = "ZCo" })).Text, "Customer saved.");
            var refused = await client.SubmitPageAsync(stale.Form("main form[method=post]"), new() { ["Input.Phone"] = "" });
            CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This customer " + Conflict + ", then make your changes again.");

            var staleAsset = await client.GetPageAsync($"/Assets/Edit/{assetId}");
            var freshAsset = await client.GetPageAsync($"/Assets/Edit/{assetId}");
            StringAssert.Contains((await client.SubmitPageAsync(freshAsset.Form("main form[method=post]"), new() { ["Input.Year"] = "1980" })).Text, "Asset saved.");
            refused = await client.SubmitPageAsync(staleAsset.Form("main form[method=post]"), new() { ["Input.Make"] = "" });
            CollectionAssert.Contains(refused.ValidationMessages().ToList(), "This asset " + Conflict + ", then make your changes again.");

            var customer = await app.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId));
            var asset = await app.WithDbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == assetId));
            Assert.AreEqual(("ZCo", "zoe@example.com", "111", 1), (customer.Company, customer.Email, customer.Phone, customer.Version), "Existing rows start at version 0; one save makes it 1.");
            Assert.AreEqual(("Piper", (int?)1980, 1), (asset.Make, asset.Year, asset.Version));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.Delete(folder);
        }
    }
}
