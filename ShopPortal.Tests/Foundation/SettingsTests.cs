using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class SettingsTests
{
    [TestMethod]
    public async Task The_public_address_and_link_lifetime_saved_in_settings_shape_the_next_link()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        await client.SubmitAsync(settings.Form("main form[method=post]"), new()
        {
            ["Input.PublicBaseUrl"] = "https://portal.example.com/",
            ["Input.DefaultLinkExpiryHours"] = "24",
        });

        var id = await app.WorkOrderIdAsync("WO-1001");
        var page = await client.GetPageAsync($"/WorkOrders/{id}");
        page = await client.SubmitPageAsync(page.FormWithButton("Create Estimate link").Form);
        StringAssert.StartsWith(page.Document.QuerySelector("#link-estimate")!.GetAttribute("value"), "https://portal.example.com/portal/");
        var key = await app.WithDbAsync(db => db.PortalAccessKeys.AsNoTracking().SingleAsync(k => k.WorkOrderId == id && k.View == PortalView.Estimate));
        Assert.AreEqual(TimeSpan.FromHours(24), key.ExpiresAt - key.CreatedAt);
    }

    [TestMethod]
    public async Task A_tax_rate_with_three_decimals_shows_and_saves_as_typed()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        await client.SubmitAsync(settings.Form("main form[method=post]"), new() { ["Input.TaxRate"] = "8.875" });
        settings = await client.GetPageAsync("/Settings");
        Assert.AreEqual("8.875", settings.Document.QuerySelector("input[name='Input.TaxRate']")!.GetAttribute("value"), "Shown as saved, not as 8.88.");
        await client.SubmitAsync(settings.Form("main form[method=post]"), new() { ["Input.ShopName"] = "Hangar Nine" });
        Assert.AreEqual(8.875m, await app.WithDbAsync(db => db.ShopSettings.Select(s => s.TaxRate).SingleAsync()), "Saving another field keeps it.");
    }

    [TestMethod]
    [DataRow("http://192.168.1.10:5000")]
    [DataRow("https://portal.example.com/shop/")]
    [DataRow("HTTPS://Portal.Example.com")]
    [DataRow(" https://portal.example.com ")]
    public void A_full_web_address_is_a_public_address_on_a_LAN_or_under_a_path(string address) =>
        Assert.IsTrue(Services.PublicAddress.IsValid(address));

    [TestMethod]
    [DataRow("ftp://files.example.com")]
    [DataRow("https://portal.example.com/?from=email")]
    [DataRow("https://portal.example.com/#top")]
    [DataRow("http:portal.example.com")]
    [DataRow("https://portal example.com")]
    [DataRow("portal.example.com")]
    public void A_configured_public_address_that_is_not_http_stops_the_app_with_a_message(string address)
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = address });
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => app.CreateClient());
        StringAssert.Contains(error.Message, $"Portal:PublicBaseUrl must be the full http:// or https:// address customers use, such as https://portal.example.com, not '{address}'.");
    }

    [TestMethod]
    [DataRow("ftp://files.example.com")]
    [DataRow("portal.example.com")]
    [DataRow("javascript:alert(1)")]
    [DataRow("https://portal.example.com/?from=email")]
    [DataRow("http:portal.example.com")]
    [DataRow("https://portal example.com")]
    public async Task A_public_address_that_is_not_http_is_refused_and_nothing_changes(string address)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        var refused = await client.SubmitPageAsync(settings.Form("main form[method=post]"), new() { ["Input.PublicBaseUrl"] = address, ["Input.DefaultLinkExpiryHours"] = "24" });

        StringAssert.Contains(refused.Text, "Enter the full address customers use, starting with https:// or http://.");
        var saved = await app.WithDbAsync(db => db.ShopSettings.AsNoTracking().SingleAsync());
        Assert.IsNull(saved.PublicBaseUrl);
        Assert.AreEqual(48, saved.DefaultLinkExpiryHours);
    }
}
