using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Browser;

/// <summary>
/// axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every portal view (and the states its actions lead to)
/// and on the main staff pages, on an Android and an iPhone screen. One result per page and phone.
/// </summary>
[TestClass]
public sealed class AccessibilityTests
{
    private static readonly string[] Phones = ["Pixel 7", "iPhone 14"];
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly Dictionary<string, Func<IPage, Task>> PortalPages = new()
    {
        ["Work Authorization"] = page => OpenAsync(page, ShopWithHistory.WorkOrder, PortalView.WorkAuthorization),
        ["Work Authorization after approving"] = async page => await ApproveAsync(await OpenNewWorkOrderAsync(page, PortalView.WorkAuthorization)),
        ["Work Authorization after rejecting"] = async page => await RejectAsync(await OpenNewWorkOrderAsync(page, PortalView.WorkAuthorization)),
        ["Estimate"] = page => OpenAsync(page, ShopWithHistory.WorkOrder, PortalView.Estimate),
        ["Estimate after approving"] = async page => await ApproveAsync(await OpenNewWorkOrderAsync(page, PortalView.Estimate)),
        ["Estimate after rejecting"] = async page => await RejectAsync(await OpenNewWorkOrderAsync(page, PortalView.Estimate)),
        ["Estimate after signing"] = async page => await SignAsync(await ApproveAsync(await OpenNewWorkOrderAsync(page, PortalView.Estimate))),
        ["Progress Report"] = page => OpenAsync(page, ShopWithHistory.WorkOrder, PortalView.ProgressReport),
        ["Invoice"] = page => OpenAsync(page, ShopWithHistory.WorkOrder, PortalView.Invoice),
    };

    /// <summary>Staff pages by address; {wo} is WO-1001's id and {item} its item 2's.</summary>
    private static readonly Dictionary<string, string> StaffPages = new()
    {
        ["Work orders"] = "/WorkOrders",
        ["Work order"] = "/WorkOrders/{wo}",
        ["Work order edit"] = "/WorkOrders/{wo}/Edit",
        ["Discrepancy"] = "/WorkOrders/{wo}/Items/{item}",
        ["Customers"] = "/Customers",
        ["Assets"] = "/Assets",
        ["Team"] = "/Team",
        ["Settings"] = "/Settings",
        ["Outbox"] = "/Outbox",
        ["Email"] = "/WorkOrders/{wo}/Email",
        ["Email compose"] = "/WorkOrders/{wo}/Email?compose=Invoice",
    };

    private static TestApp app = null!;
    private static TestApp firstRun = null!;
    private static string baseUrl = "";
    private static string firstRunUrl = "";
    private static TestHost.Browser browser = null!;
    private static readonly Dictionary<string, string> StaffSessions = [];

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> PortalRows => Phones.SelectMany(phone => PortalPages.Keys.Select(page => new object[] { phone, page }));

    public static IEnumerable<object[]> StaffRows => Phones.SelectMany(phone => StaffPages.Keys.Select(page => new object[] { phone, page }));

    public static IEnumerable<object[]> PhoneRows => Phones.Select(phone => new object[] { phone });

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        app = new TestApp();
        baseUrl = app.StartKestrel();
        await ShopWithHistory.PrepareAsync(app);
        firstRun = new TestApp(withManager: false);
        firstRunUrl = firstRun.StartKestrel();
        browser = await TestHost.Browser.LaunchAsync();
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        await browser.DisposeAsync();
        app.Dispose();
        firstRun.Dispose();
    }

    [TestMethod]
    [DynamicData(nameof(PortalRows))]
    public async Task Portal_page_has_no_WCAG_violations_on_a_phone(string phone, string name)
    {
        var page = await browser.PhoneAsync(baseUrl, phone);
        try
        {
            await PortalPages[name](page);
            await page.ScreenshotAsync(TestContext, $"portal-{Slug(phone)}-{Slug(name)}");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(StaffRows))]
    public async Task Staff_page_has_no_WCAG_violations_on_a_phone(string phone, string name)
    {
        var page = await browser.PhoneAsync(baseUrl, phone, await StaffSessionAsync(phone));
        try
        {
            var item = await app.ItemAsync(ShopWithHistory.WorkOrder, 2);
            await page.GotoAsync(StaffPages[name].Replace("{wo}", $"{item.WorkOrderId}", StringComparison.Ordinal).Replace("{item}", $"{item.Id}", StringComparison.Ordinal));
            Assert.IsFalse(page.Url.Contains("/Account/Login", StringComparison.Ordinal), "Signed in.");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(PhoneRows))]
    public async Task Sign_in_page_has_no_WCAG_violations_on_a_phone(string phone)
    {
        var page = await browser.PhoneAsync(baseUrl, phone);
        try
        {
            await page.GotoAsync("/Account/Login");
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [TestMethod]
    [DynamicData(nameof(PhoneRows))]
    public async Task First_run_setup_page_has_no_WCAG_violations_on_a_phone(string phone)
    {
        var page = await browser.PhoneAsync(firstRunUrl, phone);
        try
        {
            await page.GotoAsync("/Setup");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags },
            ResultTypes = [ResultType.Violations],
        });
        var report = string.Join(Environment.NewLine, result.Violations.Select(violation =>
            $"{violation.Id} ({violation.Impact}): {violation.Help}{Environment.NewLine}" +
            string.Join(Environment.NewLine, violation.Nodes.Select(node => $"    {node.Target}  {node.Html}"))));
        Assert.AreEqual(0, result.Violations.Length, $"axe found violations on {page.Url}:{Environment.NewLine}{report}");
    }

    private static async Task<string> StaffSessionAsync(string phone)
    {
        if (!StaffSessions.TryGetValue(phone, out var session))
        {
            var page = await browser.PhoneAsync(baseUrl, phone);
            await page.SignInAsync();
            session = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            StaffSessions[phone] = session;
        }
        return session;
    }

    private static async Task OpenAsync(IPage page, string workOrder, PortalView view)
    {
        var link = await app.CreateLinkAsync(workOrder, view);
        await page.GotoAsync(link.Path());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(workOrder);
    }

    private static async Task<IPage> OpenNewWorkOrderAsync(IPage page, PortalView view)
    {
        await OpenAsync(page, await app.AddWorkOrderAsync(), view);
        return page;
    }

    private static async Task<IPage> ApproveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve item 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 1 approved.");
        return page;
    }

    private static async Task RejectAsync(IPage page)
    {
        await page.GetByText("Add a reason for rejecting").First.ClickAsync();
        await page.GetByLabel("Reason for rejecting item 1 (optional)").FillAsync("Not this year.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject item 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Item 1 rejected.");
    }

    private static async Task SignAsync(IPage page)
    {
        await page.DrawSignatureAsync();
        await page.GetByLabel("Full name").FillAsync("Dana Whitfield");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and authorize" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your signature authorizes the approved work.");
    }

    private static string Slug(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
