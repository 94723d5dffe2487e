using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class FirstRunTests
{
    [TestMethod]
    public async Task Every_page_leads_to_setup_until_a_manager_exists()
    {
        using var app = new TestApp(withManager: false);
        var client = app.CreateBrowserClient(followRedirects: false);

        foreach (var path in new[] { "/", "/WorkOrders", "/Account/Login", "/Identity/Account/Login", "/Customers" })
        {
            var response = await client.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, path);
            Assert.AreEqual("/Setup", response.Headers.Location?.OriginalString, path);
        }
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [TestMethod]
    public async Task Setup_creates_the_first_manager_and_the_shop_profile_then_disappears()
    {
        using var app = new TestApp(withManager: false);
        var client = app.CreateBrowserClient();

        var setup = await client.GetPageAsync("/Setup");
        var done = await client.SubmitPageAsync(setup.Form("main form"), new()
        {
            ["Shop.ShopName"] = "Hangar Nine Maintenance",
            ["Shop.Phone"] = "+1 555 0100",
            ["Shop.Email"] = "office@hangar9.test",
            ["Shop.Currency"] = "eur",
            ["Shop.LaborRate"] = "110.50",
            ["Shop.TaxRate"] = "7.5",
            ["Manager.DisplayName"] = "Alex Owner",
            ["Manager.Email"] = "alex@hangar9.test",
            ["Manager.Password"] = "Long-enough-1",
            ["Manager.ConfirmPassword"] = "Long-enough-1",
        });

        Assert.AreEqual("/WorkOrders", done.Url.AbsolutePath, "The new manager lands, signed in, on the work orders.");
        StringAssert.Contains(done.Text, "Hangar Nine Maintenance");
        var settings = await app.WithDbAsync(db => db.ShopSettings.SingleAsync());
        Assert.AreEqual("EUR", settings.Currency);
        Assert.AreEqual(110.50m, settings.LaborRate);
        Assert.AreEqual(7.5m, settings.TaxRate);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkOrders.CountAsync()), "No sample data unless asked for.");

        var again = await app.CreateBrowserClient().GetAsync("/Setup");
        Assert.AreEqual(HttpStatusCode.NotFound, again.StatusCode);
        await app.SignInAsync("alex@hangar9.test", "Long-enough-1");
    }

    [TestMethod]
    public async Task Setup_with_load_sample_data_fills_the_shop()
    {
        using var app = new TestApp(withManager: false);
        var client = app.CreateBrowserClient();
        var setup = await client.GetPageAsync("/Setup");
        var done = await client.SubmitPageAsync(setup.Form("main form"), new()
        {
            ["Shop.ShopName"] = "Sample Shop",
            ["Shop.Currency"] = "USD",
            ["Shop.LaborRate"] = "95",
            ["Shop.TaxRate"] = "0",
            ["Manager.DisplayName"] = "Sam",
            ["Manager.Email"] = "sam@shop.test",
            ["Manager.Password"] = "Long-enough-1",
            ["Manager.ConfirmPassword"] = "Long-enough-1",
            ["LoadSampleData"] = "true",
        });

        StringAssert.Contains(done.Text, "WO-1001");
        Assert.IsTrue(await app.WithDbAsync(db => db.WorkOrders.CountAsync()) >= 3);
    }

    [TestMethod]
    public async Task Setup_with_bad_input_explains_and_creates_nothing()
    {
        using var app = new TestApp(withManager: false);
        var client = app.CreateBrowserClient();
        var setup = await client.GetPageAsync("/Setup");
        var page = await client.SubmitPageAsync(setup.Form("main form"), new()
        {
            ["Shop.ShopName"] = "",
            ["Shop.Currency"] = "Dollars",
            ["Shop.TaxRate"] = "150",
            ["Manager.DisplayName"] = "Sam",
            ["Manager.Email"] = "not-an-email",
            ["Manager.Password"] = "Long-enough-1",
            ["Manager.ConfirmPassword"] = "Different-1",
        });

        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        var messages = page.ValidationMessages();
        CollectionAssert.Contains(messages.ToList(), "The passwords do not match.");
        CollectionAssert.Contains(messages.ToList(), "Use a three-letter ISO currency code such as USD, EUR or GBP.");
        CollectionAssert.Contains(messages.ToList(), "The tax rate must be a percentage between 0 and 100.");
        Assert.IsTrue(messages.Any(m => m.Contains("Shop name", StringComparison.Ordinal)));
        Assert.AreEqual(0, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.AreEqual(0, await app.WithDbAsync(db => db.ShopSettings.CountAsync()));
    }

    [TestMethod]
    public async Task Bootstrap_settings_create_the_manager_unattended()
    {
        using var app = new TestApp();
        await app.SignInAsync();
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.CreateBrowserClient().GetAsync("/Setup")).StatusCode);
    }
}
