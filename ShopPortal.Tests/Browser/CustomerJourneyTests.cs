using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Browser;

[TestClass]
public sealed class CustomerJourneyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Customer_approves_rejects_comments_and_signs_on_a_phone_and_the_shop_sees_it_all()
    {
        using var app = new TestApp();
        var baseUrl = app.StartKestrel();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        await using var browser = await TestHost.Browser.LaunchAsync();
        var phone = await browser.PhoneAsync(baseUrl);

        await phone.GotoAsync(link.Path());
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Estimate WO-1001");
        await phone.ScreenshotAsync(TestContext, "journey-1-estimate");

        await phone.GetByRole(AriaRole.Button, new() { Name = "Approve item 3" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 3 approved.");

        await phone.GetByText("Add a reason for rejecting").First.ClickAsync();
        await phone.GetByLabel("Reason for rejecting item 5 (optional)").FillAsync("Vacuum pump can wait until the next annual.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Reject item 5" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 5 rejected.");

        await phone.GetByText("Comment or ask a question about item 2").ClickAsync();
        await phone.GetByLabel("Your comment on item 2").FillAsync("Can you send a photo of the crack?");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Comment on item 2" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Comment on item 2 sent");

        await phone.DrawSignatureAsync();
        await phone.GetByLabel("Full name").FillAsync("Dana Whitfield");
        await Assertions.Expect(phone.Locator("#consent")).ToContainTextAsync("items 1, 2, 3");
        await phone.ScreenshotAsync(TestContext, "journey-2-ready-to-sign");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature authorizes the approved work.");
        await Assertions.Expect(phone.Locator("#signatures")).ToContainTextAsync("Dana Whitfield");
        await phone.ScreenshotAsync(TestContext, "journey-3-signed");

        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.SingleAsync());
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, signature.SignaturePng[..4]);

        var desk = await browser.DesktopAsync(baseUrl);
        await desk.SignInAsync();
        await desk.GotoAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1001")}");
        await Assertions.Expect(desk.Locator("#item-3 [data-approval]")).ToHaveTextAsync("Approved");
        await Assertions.Expect(desk.Locator("#item-5 [data-approval]")).ToHaveTextAsync("Rejected");
        await Assertions.Expect(desk.Locator("#item-5")).ToContainTextAsync("Vacuum pump can wait until the next annual.");
        await Assertions.Expect(desk.Locator("#item-2")).ToContainTextAsync("Can you send a photo of the crack?");
        await Assertions.Expect(desk.Locator("[data-signature]")).ToContainTextAsync("Dana Whitfield");
        await Assertions.Expect(desk.GetByRole(AriaRole.Img, new() { Name = "Signature of Dana Whitfield" })).ToBeVisibleAsync();
        await Assertions.Expect(desk.Locator("[data-activity='Signed']")).ToHaveCountAsync(1);
        await desk.ScreenshotAsync(TestContext, "journey-4-staff-work-order");
    }

    [TestMethod]
    public async Task After_deciding_on_an_item_far_down_a_long_estimate_the_phone_comes_back_to_that_item()
    {
        using var app = new TestApp();
        var baseUrl = app.StartKestrel();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1004", PortalView.Estimate);
        await using var browser = await TestHost.Browser.LaunchAsync();
        var phone = await browser.PhoneAsync(baseUrl);
        await phone.GotoAsync(link.Path());

        // Items off screen are laid out only as they scroll into view (content-visibility): the jump back must
        // still land on the item, not on an estimate of where it is.
        await phone.GetByRole(AriaRole.Button, new() { Name = "Approve item 19" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 19 approved.");
        var item = phone.Locator("#item-19");
        await Assertions.Expect(item.GetByRole(AriaRole.Button, new() { Name = "Clear item 19" })).ToBeInViewportAsync();
        await Assertions.Expect(item.GetByRole(AriaRole.Heading).First).ToBeInViewportAsync();
        await phone.ScreenshotAsync(TestContext, "long-estimate-back-to-item-19");
    }

    [TestMethod]
    public async Task Opening_the_emailed_link_again_from_the_mail_keeps_the_tab_opened_before_working()
    {
        using var app = new TestApp();
        var baseUrl = app.StartKestrel();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        await using var browser = await TestHost.Browser.LaunchAsync();
        var first = await browser.PhoneAsync(baseUrl);
        // The customer's webmail, another site: a link followed from it is a cross-site navigation.
        await first.Context.RouteAsync("https://mail.example/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<!doctype html><title>Inbox</title><a href=\"{baseUrl}{link.Path()}\">Review your estimate</a>",
        }));

        await first.GotoAsync("https://mail.example/inbox");
        await first.GetByRole(AriaRole.Link, new() { Name = "Review your estimate" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Estimate WO-1001");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("https://mail.example/inbox");
        await second.GetByRole(AriaRole.Link, new() { Name = "Review your estimate" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Estimate WO-1001");

        await first.BringToFrontAsync();
        await first.GetByText("Comment or ask a question about item 2").ClickAsync();
        await first.GetByLabel("Your comment on item 2").FillAsync("Opened from the email twice.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Comment on item 2" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Comment on item 2 sent");
        Assert.AreEqual(1, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.Body == "Opened from the email twice.")));
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task Copy_puts_the_direct_link_on_the_clipboard_with_or_without_the_clipboard_api(bool clipboardApi)
    {
        using var app = new TestApp();
        var baseUrl = app.StartKestrel();
        await app.LoadSampleDataAsync();
        await using var browser = await TestHost.Browser.LaunchAsync();
        var desk = await browser.DesktopAsync(baseUrl);
        await desk.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await desk.SignInAsync();
        await desk.GotoAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1001")}");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Create Estimate link" }).ClickAsync();
        if (!clipboardApi)
        {
            // As on a shop server reached over plain http at its LAN address: no navigator.clipboard.
            await desk.EvaluateAsync("() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })");
        }

        await desk.GetByRole(AriaRole.Button, new() { Name = "Copy the Estimate link" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#copied-estimate")).ToHaveTextAsync("Link copied.");
        var link = await desk.Locator("#link-estimate").InputValueAsync();
        StringAssert.StartsWith(link, "http");
        var reader = await desk.Context.NewPageAsync();
        await reader.GotoAsync("/healthz");
        Assert.AreEqual(link, await reader.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }
}
