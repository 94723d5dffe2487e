using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Portal;

[TestClass]
public sealed partial class PortalViewTests
{
    private static TestApp app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        app = new TestApp();
        await app.LoadSampleDataAsync();
    }

    [ClassCleanup]
    public static void Stop() => app.Dispose();

    [TestMethod]
    [DataRow(PortalView.WorkAuthorization, "Work Authorization")]
    [DataRow(PortalView.Estimate, "Estimate")]
    [DataRow(PortalView.ProgressReport, "Progress Report")]
    [DataRow(PortalView.Invoice, "Invoice")]
    public async Task Each_view_opens_for_its_key_and_names_itself_and_the_work_order(PortalView view, string heading)
    {
        var link = await app.CreateLinkAsync("WO-1001", view);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path());

        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        var h1 = page.Document.QuerySelector("h1")!.TextContent;
        StringAssert.Contains(h1, heading);
        StringAssert.Contains(h1, "WO-1001");
        StringAssert.Contains(page.Text, "Left main tire worn to cord");
        Assert.IsNull(page.Document.QuerySelector("a[href^='/WorkOrders'], a[href^='/Account'], a[href='/']"), "No link into the staff side.");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("?view=Estimate&prices=true")]
    [DataRow("?handler=Estimate")]
    public async Task Work_authorization_view_never_shows_prices_or_hours(string edit)
    {
        var link = await app.CreateLinkAsync("WO-1001", PortalView.WorkAuthorization);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path() + edit);

        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        StringAssert.Contains(page.Text, "Replace left main tire and tube");
        Assert.IsFalse(page.Html.Contains('$', StringComparison.Ordinal), "No currency symbol anywhere in the page.");
        var estimate = await app.CreateBrowserClient().GetPageAsync((await app.CreateLinkAsync("WO-1001", PortalView.Estimate)).Path());
        var amounts = MoneyPattern().Matches(estimate.Text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.IsTrue(amounts.Count > 5, "The estimate of the same work order does show amounts.");
        foreach (var amount in amounts)
        {
            Assert.IsFalse(Regex.IsMatch(page.Text, $@"(?<![\d.]){Regex.Escape(amount)}(?!\d)"), $"The amount {amount} leaks into the Work Authorization view.");
        }
        Assert.IsTrue(HoursPattern().IsMatch(estimate.Text), "The estimate does show hours.");
        Assert.IsFalse(HoursPattern().IsMatch(page.Text), "No hours.");
        Assert.IsNull(page.Document.QuerySelector("a[href$='/pdf']"), "No PDF of an estimate.");
        Assert.IsNotNull(page.FormWithButton("Approve item 3").Button);
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.CreateBrowserClient().GetAsync(link.Path() + "/pdf")).StatusCode);
    }

    [TestMethod]
    public async Task Estimate_shows_hours_labor_parts_and_totals_by_decision()
    {
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path());

        var item1 = page.Document.QuerySelector("#item-1")!.TextContent;
        StringAssert.Contains(item1, "1.5 h · $142.50");
        StringAssert.Contains(item1, "$231.50");
        StringAssert.Contains(item1, "$374.00");
        var totals = page.Document.QuerySelector(".totals")!.TextContent;
        StringAssert.Contains(totals, "Approved");
        StringAssert.Contains(totals, "Pending your decision");
        StringAssert.Contains(totals, "Rejected (not included)");
        StringAssert.Contains(totals, "Estimated total");
        Assert.IsNotNull(page.Document.QuerySelector("a[href$='/pdf']"), "The Print link.");
    }

    [TestMethod]
    public async Task Progress_report_draws_estimated_and_actual_hours_as_bars_without_money()
    {
        var link = await app.CreateLinkAsync("WO-1001", PortalView.ProgressReport);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path());

        var bars = page.Document.QuerySelectorAll("[role=progressbar]").Select(b => b.GetAttribute("aria-valuetext")).ToList();
        Assert.AreEqual(6, bars.Count, "One for all items and one per item.");
        Assert.AreEqual("4.75 h worked of 7.3 h estimated", bars[0], "Rejected item 4 (1.2 h) is not work to do.");
        Assert.AreEqual("All items except rejected ones", page.Document.QuerySelector("#bar-all")!.TextContent);
        Assert.AreEqual("2 h worked of 1.5 h estimated", bars[1]);
        Assert.IsFalse(page.Html.Contains('$', StringComparison.Ordinal));
        Assert.IsNull(page.Document.QuerySelector("form[method=post]"), "Read only.");
    }

    [TestMethod]
    public async Task Invoice_bills_actual_hours_parts_and_tax_and_is_read_only()
    {
        var link = await app.CreateLinkAsync("WO-1003", PortalView.Invoice);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path());

        // Item 1: 3.75 h logged × $95 = $356.25 + $25.00 parts.
        var item1 = page.Document.QuerySelector("#item-1")!.TextContent;
        StringAssert.Contains(item1, "3.75 h × $95.00 = $356.25");
        StringAssert.Contains(item1, "$381.25");
        Assert.IsNull(page.Document.QuerySelector("#item-4"), "The rejected item is not billed.");
        StringAssert.Contains(page.Document.QuerySelector(".totals")!.TextContent, "Total");
        Assert.IsNull(page.Document.QuerySelector("form[method=post]"), "Read only.");
    }

    [TestMethod]
    public async Task Invoice_bills_only_approved_items_never_pending_ones()
    {
        var items = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1001")
            .Select(d => new { d.Sequence, d.ApprovalStatus }).ToListAsync());
        Assert.IsTrue(items.Any(i => i.ApprovalStatus == CustomerApprovalStatus.Pending), "The sample work order has pending items.");
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Invoice);
        var page = await app.CreateBrowserClient().GetPageAsync(link.Path());

        foreach (var item in items)
        {
            var billed = page.Document.QuerySelector($"#item-{item.Sequence}") is not null;
            Assert.AreEqual(item.ApprovalStatus == CustomerApprovalStatus.Approved, billed, $"Item {item.Sequence} is {item.ApprovalStatus}.");
        }
    }

    [GeneratedRegex(@"\$([\d,]+\.\d\d)")]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\b\d+(\.\d+)? h\b")]
    private static partial Regex HoursPattern();
}
