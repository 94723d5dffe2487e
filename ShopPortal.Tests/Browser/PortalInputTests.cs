using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Browser;

/// <summary>
/// The decisions, the signature pad and the progress bars by touch, by keyboard alone and through what a screen reader
/// is told, on phones upright and on their side.
/// </summary>
[TestClass]
public sealed partial class PortalInputTests
{
    private static TestApp app = null!;
    private static string baseUrl = "";
    private static TestHost.Browser browser = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        app = new TestApp();
        baseUrl = app.StartKestrel();
        await app.LoadSampleDataAsync();
        browser = await TestHost.Browser.LaunchAsync();
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        await browser.DisposeAsync();
        app.Dispose();
    }

    [TestMethod]
    [DataRow("Pixel 7")]
    [DataRow("iPhone 14")]
    public async Task On_a_touch_screen_the_customer_taps_approve_and_reject_and_signs_with_a_finger(string phone)
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl, phone);
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => navigator.maxTouchPoints > 0 && matchMedia('(pointer: coarse)').matches"), "A touch screen.");
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());

        await page.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 1 approved.");
        await page.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Reject item 2" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 2 rejected.");

        await page.TapAsync(page.GetByRole(AriaRole.Textbox, new() { Name = "Full name" }));
        await page.Keyboard.TypeAsync("Dana Whitfield");
        await page.DrawSignatureWithFingerAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Signature, drawn" })).ToBeVisibleAsync();
        await page.TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature authorizes the approved work.");
        await page.Context.CloseAsync();

        var items = await app.WithDbAsync(db => db.Discrepancies.AsNoTracking().Where(d => d.WorkOrder.Number == number).OrderBy(d => d.Sequence).ToListAsync());
        Assert.AreEqual(CustomerApprovalStatus.Approved, items[0].ApprovalStatus);
        Assert.IsNotNull(items[0].AuthorizationId, "Item 1 is authorized by the signature.");
        Assert.AreEqual(CustomerApprovalStatus.Rejected, items[1].ApprovalStatus);
        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.AsNoTracking().SingleAsync(a => a.WorkOrder.Number == number));
        Assert.AreEqual("Dana Whitfield", signature.SignerName);
        Assert.IsTrue(InkPixels(signature.SignaturePng) > 200, "The finger's stroke is in the signature image.");
    }

    [TestMethod]
    [DataRow("Pixel 7")]
    [DataRow("iPhone 14")]
    public async Task With_the_keyboard_alone_the_customer_approves_rejects_with_a_reason_and_signs_and_it_is_kept(string phone)
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl, phone);
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());

        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 1 approved.");

        await page.TabToAsync(page.Locator("#item-2 summary", new() { HasText = "Add a reason for rejecting" }));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Reason for rejecting item 2 (optional)" })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Not before the next annual.");
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Reject item 2" }));
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 2 rejected.");

        await page.TabToAsync(page.GetByRole(AriaRole.Textbox, new() { Name = "Full name" }));
        await page.Keyboard.TypeAsync("Dana Whitfield");
        await page.Keyboard.PressAsync("Tab");
        var pad = page.GetByRole(AriaRole.Img, new() { Name = "Signature" });
        await Assertions.Expect(pad).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your typed name \"Dana Whitfield\" is now your signature.");
        await Assertions.Expect(pad).ToHaveAccessibleNameAsync("Signature, typed: Dana Whitfield");
        await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature authorizes the approved work.");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#item-1")).ToContainTextAsync("Authorized by your signature.");
        await Assertions.Expect(page.Locator("#item-2 .badge")).ToHaveTextAsync("Rejected");
        await Assertions.Expect(page.Locator("#item-2")).ToContainTextAsync("Reason: Not before the next annual.");
        await Assertions.Expect(page.Locator("#signatures")).ToContainTextAsync("Signed by Dana Whitfield");
        await page.Context.CloseAsync();
        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.AsNoTracking().SingleAsync(a => a.WorkOrder.Number == number));
        Assert.IsTrue(InkPixels(signature.SignaturePng) > 200, "The typed name is drawn into the signature image.");
    }

    [TestMethod]
    [DataRow(PortalView.WorkAuthorization)]
    [DataRow(PortalView.Estimate)]
    [DataRow(PortalView.ProgressReport)]
    [DataRow(PortalView.Invoice)]
    public async Task Every_control_image_and_bar_a_screen_reader_meets_has_a_name(PortalView view)
    {
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync("WO-1001", view)).Path());
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

        var tree = await page.Locator("body").AriaSnapshotAsync();
        var unnamed = UnnamedNode().Matches(tree).Select(m => m.Value.Trim()).ToList();
        Assert.AreEqual(0, unnamed.Count, $"Unnamed in the accessibility tree:{Environment.NewLine}{string.Join(Environment.NewLine, unnamed)}{Environment.NewLine}{tree}");
        Assert.IsTrue(NamedNode().Count(tree) >= 1, tree);
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task The_decision_and_signing_controls_are_named_for_what_they_do()
    {
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync("WO-1001", PortalView.Estimate)).Path());

        foreach (var sequence in new[] { 3, 5 })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Approve item {sequence}", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Reject item {sequence}", Exact = true })).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear item 1 decision", Exact = true })).ToBeVisibleAsync();
        await page.Locator("#item-3 summary", new() { HasText = "Add a reason for rejecting" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Reason for rejecting item 3 (optional)", Exact = true })).ToBeVisibleAsync();

        var pad = page.GetByRole(AriaRole.Img, new() { Name = "Signature, empty", Exact = true });
        await Assertions.Expect(pad).ToHaveAccessibleDescriptionAsync(new Regex("^Sign with your finger or mouse. Using a keyboard\\?"));
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Full name", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear signature", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign with my typed name", Exact = true })).ToBeVisibleAsync();
        var sign = page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize", Exact = true });
        await Assertions.Expect(sign).ToHaveAccessibleDescriptionAsync(new Regex("items 1, 2, 3|items 1, 2"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task Instructions_typed_on_several_lines_are_shown_on_several_lines()
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());

        await page.GetByText("Special instructions for item 1").ClickAsync();
        var box = page.GetByLabel("Instructions or notes for the shop about item 1");
        await box.PressSequentiallyAsync("Call me first.");
        await box.PressAsync("Enter");
        await box.PressSequentiallyAsync("Keep the old part.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save instructions for item 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Instructions for item 1 saved.");

        var shown = await page.Locator("#item-1 .instructions").InnerTextAsync();
        StringAssert.Contains(shown, "Call me first.\nKeep the old part.");
        Assert.AreEqual("Call me first.\nKeep the old part.", (await app.WithDbAsync(db => db.Discrepancies.SingleAsync(d => d.WorkOrder.Number == number && d.Sequence == 1))).CustomerInstructions);
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task A_double_tap_sends_a_form_once_in_the_portal_and_on_the_staff_side()
    {
        var number = await app.AddWorkOrderAsync();
        var phone = await browser.PhoneAsync(baseUrl);
        await phone.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());
        await phone.GetByText("Comment or ask a question about item 1").ClickAsync();
        await phone.GetByLabel("Your comment on item 1").FillAsync("Is the part in stock?");
        Assert.AreEqual(1, await SubmissionsAsync(phone, phone.GetByRole(AriaRole.Button, new() { Name = "Comment on item 1" }), touch: true));

        var desk = await browser.DesktopAsync(baseUrl);
        await desk.SignInAsync();
        var item = await app.ItemAsync(number, 1);
        await desk.GotoAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        await desk.GetByLabel("Part number").FillAsync("P-1");
        await desk.GetByLabel("Part description").FillAsync("Gasket");
        await desk.GetByLabel("Unit price").FillAsync("12.50");
        Assert.AreEqual(1, await SubmissionsAsync(desk, desk.GetByRole(AriaRole.Button, new() { Name = "Add part" }), touch: false));
        await phone.Context.CloseAsync();
        await desk.Context.CloseAsync();
    }

    /// <summary>
    /// Presses a submit button twice, as a double tap does while the first post is on its way, and counts the submissions
    /// the page let through to the network. The page is kept where it is (the last listener stops the navigation), so
    /// the second press meets the same form the first did.
    /// </summary>
    private static async Task<int> SubmissionsAsync(IPage page, ILocator button, bool touch)
    {
        await page.EvaluateAsync("() => { window.sent = 0; window.addEventListener('submit', e => { if (!e.defaultPrevented) { window.sent++; } e.preventDefault(); }); }");
        for (var i = 0; i < 2; i++)
        {
            await (touch ? button.TapAsync() : button.ClickAsync());
        }
        return await page.EvaluateAsync<int>("() => window.sent");
    }

    [TestMethod]
    public async Task Progress_bars_are_named_progressbars_with_their_hours_as_values()
    {
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync("WO-1001", PortalView.ProgressReport)).Path());

        var bars = page.GetByRole(AriaRole.Progressbar);
        await Assertions.Expect(bars).ToHaveCountAsync(6);
        foreach (var bar in await bars.AllAsync())
        {
            var min = decimal.Parse((await bar.GetAttributeAsync("aria-valuemin"))!, System.Globalization.CultureInfo.InvariantCulture);
            var max = decimal.Parse((await bar.GetAttributeAsync("aria-valuemax"))!, System.Globalization.CultureInfo.InvariantCulture);
            var now = decimal.Parse((await bar.GetAttributeAsync("aria-valuenow"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(min <= now && now <= max, $"{min} <= {now} <= {max}");
            await Assertions.Expect(bar).ToHaveAccessibleNameAsync(new Regex("\\S"));
        }

        var total = page.GetByRole(AriaRole.Progressbar, new() { Name = "All items except rejected ones", Exact = true });
        await Assertions.Expect(total).ToHaveAttributeAsync("aria-valuenow", "4.75");
        await Assertions.Expect(total).ToHaveAttributeAsync("aria-valuemax", "7.3");
        await Assertions.Expect(total).ToHaveAttributeAsync("aria-valuetext", "4.75 h worked of 7.3 h estimated");
        var overrun = page.GetByRole(AriaRole.Progressbar, new() { Name = "Item 1 Left main tire worn to cord on outboard side", Exact = true });
        await Assertions.Expect(overrun).ToHaveAttributeAsync("aria-valuenow", "2");
        await Assertions.Expect(overrun).ToHaveAttributeAsync("aria-valuemax", "2");
        await Assertions.Expect(overrun).ToHaveAttributeAsync("aria-valuetext", "2 h worked of 1.5 h estimated");
        var notStarted = page.GetByRole(AriaRole.Progressbar, new() { Name = "Item 3 ELT battery due", Exact = true });
        await Assertions.Expect(notStarted).ToHaveAttributeAsync("aria-valuenow", "0");
        await Assertions.Expect(notStarted).ToHaveAttributeAsync("aria-valuemax", "0.8");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task Status_messages_after_an_action_are_spoken_by_a_live_region()
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl);
        // Records what is added to the live region once the page has loaded: what a screen reader announces.
        await page.AddInitScriptAsync("""
            window.announced = [];
            document.addEventListener("DOMContentLoaded", () => new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => announced.push(n.textContent))))
                .observe(document.getElementById("status"), { childList: true, subtree: true }));
            """);
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());

        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToHaveAttributeAsync("aria-live", "polite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }).ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("Item 1 approved.");
        await Eventually.WaitAsync(() => page.EvaluateAsync<string[]>("() => announced"), announced => announced.Contains("Item 1 approved."),
            "the message about the action that led here to be put into the live region after the page loaded", seconds: 5);

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear signature" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Signature cleared.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with my typed name" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Type your full name first.");
        CollectionAssert.IsSubsetOf(new[] { "Item 1 approved.", "Signature cleared.", "Type your full name first." }, await page.EvaluateAsync<string[]>("() => announced"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task A_refused_action_says_why_where_the_phone_lands_not_at_the_top_of_a_long_page()
    {
        var number = await app.AddWorkOrderAsync(items: 8);
        var link = (await app.CreateLinkAsync(number, PortalView.Estimate)).Path();
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync(link);

        await page.GetByText("Comment or ask a question about item 8").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Your comment on item 8" }).FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment on item 8" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Write your comment or question first.")).ToBeInViewportAsync();

        // The shop changes item 7 while the customer has it on screen.
        await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == number && d.Sequence == 7)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, d => d.Version + 1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 7" }).ClickAsync();
        await Assertions.Expect(page.Locator("#item-7").GetByText("the shop changed item 7 after this page showed it")).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("the shop changed item 7");

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }).ClickAsync();
        await Assertions.Expect(page.Locator("#item-1").GetByText("Item 1 approved.")).ToBeInViewportAsync();
        // In another tab the customer clears it again; the sign form on this one still shows item 1.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(baseUrl + link);
        await other.GetByRole(AriaRole.Button, new() { Name = "Clear item 1 decision" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 1 is pending again.");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Full name" }).FillAsync("Dana Whitfield");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pad-message")).ToHaveTextAsync("Please sign in the box before you submit.");
        await Assertions.Expect(page.Locator("#pad-message")).ToBeInViewportAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with my typed name" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The approved items changed since this page was opened")).ToBeInViewportAsync();
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync(a => a.WorkOrder.Number == number)));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task A_typed_signature_is_the_name_as_sent_even_when_the_name_was_corrected_after_it_was_typed()
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }).ClickAsync();
        var name = page.GetByRole(AriaRole.Textbox, new() { Name = "Full name" });
        await name.FillAsync("Owen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with my typed name" }).ClickAsync();
        await name.FillAsync("Margaret Thompson");
        // Holds the post once the page's own script has prepared it, to look at what it would send.
        await page.EvaluateAsync("() => document.getElementById('sign-form').addEventListener('submit', e => e.preventDefault())");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Signature, typed: Margaret Thompson" })).ToBeVisibleAsync();
        var sent = await page.Locator("#signature-data").InputValueAsync();
        var drawnForName = await page.EvaluateAsync<string>("""
            () => {
                const pad = document.getElementById("signature-pad");
                const out = document.createElement("canvas");
                out.width = 600;
                out.height = Math.min(300, Math.max(100, Math.round((600 * pad.getBoundingClientRect().height) / pad.getBoundingClientRect().width)));
                const ctx = out.getContext("2d");
                ctx.lineWidth = Math.max(2, out.width / 250);
                ctx.fillStyle = "#111";
                ctx.font = `italic ${Math.round(out.height * 0.4)}px Georgia, "Times New Roman", serif`;
                ctx.textBaseline = "middle";
                ctx.fillText("Margaret Thompson", out.width * 0.05, out.height * 0.55, out.width * 0.9);
                return out.toDataURL("image/png");
            }
            """);
        Assert.AreEqual(drawnForName, sent, "The signature sent is the corrected name drawn, not the name typed first.");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [DataRow(320, PortalView.Estimate)]
    [DataRow(320, PortalView.Invoice)]
    [DataRow(280, PortalView.Estimate)]
    [DataRow(280, PortalView.WorkAuthorization)]
    [DataRow(280, PortalView.ProgressReport)]
    [DataRow(280, PortalView.Invoice)]
    [DataRow(206, PortalView.Estimate)]
    [DataRow(206, PortalView.Invoice)]
    public async Task A_narrow_window_cuts_off_nothing_not_even_the_parts_tables(int width, PortalView view)
    {
        // 206 px: a 412 px phone zoomed to 200%.
        var page = await browser.PhoneAsync(baseUrl, width: width);
        await page.GotoAsync((await app.CreateLinkAsync("WO-1004", view)).Path());
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

        await AssertNothingBeyondTheRightEdgeAsync(page, $"In a {width} px window");
        var scrolled = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.table-scroll')].filter(t => t.scrollWidth > t.clientWidth).length");
        if (width >= 280)
        {
            Assert.AreEqual(0, scrolled, "Down to 280 px the parts tables fit without scrolling.");
        }
        await page.Context.CloseAsync();
    }

    [TestMethod]
    public async Task A_long_name_without_spaces_wraps_before_and_after_signing()
    {
        var number = await app.AddWorkOrderAsync();
        var page = await browser.PhoneAsync(baseUrl);
        await page.GotoAsync((await app.CreateLinkAsync(number, PortalView.Estimate)).Path());
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }).ClickAsync();
        var name = "Wolfeschlegelsteinhausenbergerdorff" + new string('x', 120);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Full name" }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign with my typed name" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pad-message")).ToContainTextAsync("is now your signature");
        await AssertNothingBeyondTheRightEdgeAsync(page, "With the typed name's message");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signatures")).ToContainTextAsync(name);
        await AssertNothingBeyondTheRightEdgeAsync(page, "With the signature listed");
        await page.Context.CloseAsync();
    }

    /// <summary>Nothing on the page reaches past the window's right edge, except inside a table's own sideways scroller.</summary>
    private static async Task AssertNothingBeyondTheRightEdgeAsync(IPage page, string where)
    {
        var beyond = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main *')]
                .filter(e => !e.parentElement.closest('.table-scroll'))
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.right > document.documentElement.clientWidth + 0.5; })
                .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}" ends at ${Math.round(e.getBoundingClientRect().right)} px`)
            """);
        Assert.AreEqual(0, beyond.Length, $"{where}: {string.Join("; ", beyond.Take(5))}");
    }

    [TestMethod]
    [DataRow("Pixel 7", true, PortalView.Estimate)]
    [DataRow("Pixel 7", true, PortalView.WorkAuthorization)]
    [DataRow("Pixel 7", true, PortalView.ProgressReport)]
    [DataRow("Pixel 7", true, PortalView.Invoice)]
    [DataRow("iPhone 14", true, PortalView.Estimate)]
    [DataRow("iPhone 14", true, PortalView.WorkAuthorization)]
    [DataRow("iPhone 14", true, PortalView.ProgressReport)]
    [DataRow("iPhone 14", true, PortalView.Invoice)]
    [DataRow("Pixel 7", false, PortalView.Estimate)]
    [DataRow("iPhone 14", false, PortalView.Estimate)]
    public async Task A_phone_on_its_side_or_upright_shows_the_whole_width_and_the_decisions(string phone, bool landscape, PortalView view)
    {
        var page = await browser.PhoneAsync(baseUrl, phone, landscape: landscape);
        await page.GotoAsync((await app.CreateLinkAsync("WO-1004", view)).Path());
        var viewport = page.ViewportSize!;
        Assert.AreEqual(landscape, viewport.Width > viewport.Height, "The orientation.");
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

        var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.IsTrue(width[0] <= width[1], $"The page is {width[0]} px wide in a {width[1]} px window: it scrolls sideways.");
        if (view is PortalView.Estimate or PortalView.WorkAuthorization)
        {
            foreach (var name in new[] { "Approve item 1", "Reject item 1" })
            {
                var button = page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
                await button.ScrollIntoViewIfNeededAsync();
                await Assertions.Expect(button).ToBeInViewportAsync();
                var box = (await button.BoundingBoxAsync())!;
                Assert.IsTrue(box.X >= 0 && box.X + box.Width <= viewport.Width, $"{name} lies within the screen's width ({box.X} + {box.Width} of {viewport.Width}).");
                Assert.IsTrue(box.Height >= 24 && box.Width >= 24, $"{name} is at least 24 px square for a finger.");
            }
        }
        await page.Context.CloseAsync();
    }

    private static int InkPixels(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var ink = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Alpha > 128 && pixel.Red < 100 && pixel.Green < 100 && pixel.Blue < 100)
                {
                    ink++;
                }
            }
        }
        return ink;
    }

    /// <summary>A button, link, field, image or bar in an ARIA snapshot without a quoted name.</summary>
    [GeneratedRegex(@"^\s*- (button|link|textbox|img|progressbar|checkbox|combobox|radio|switch|slider)(?=\s*(\[|:|$))", RegexOptions.Multiline)]
    private static partial Regex UnnamedNode();

    [GeneratedRegex(@"^\s*- (button|link|textbox|img|progressbar) """, RegexOptions.Multiline)]
    private static partial Regex NamedNode();
}
