using System.Net;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class ListPagingTests
{
    [TestMethod]
    public async Task Work_order_list_pages_past_500_and_its_links_keep_the_search_and_status()
    {
        using var app = new TestApp();
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            var customer = new Customer { Name = "Dana Whitfield" };
            var asset = new Asset { Registration = "N172SP", Customer = customer };
            // WO-1001 to WO-1505 are inspections; WO-1506 to WO-1508 oil changes, and WO-1509 an inspection already closed.
            for (var sequence = 1001; sequence <= 1509; sequence++)
            {
                db.WorkOrders.Add(new WorkOrder
                {
                    Sequence = sequence,
                    Number = WorkOrder.FormatNumber(sequence),
                    Title = sequence is > 1505 and < 1509 ? "Oil change" : "Annual inspection",
                    Status = sequence == 1509 ? WorkOrderStatus.Closed : WorkOrderStatus.Open,
                    Customer = customer,
                    Asset = asset,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var all = await client.GetPageAsync("/WorkOrders");
        CollectionAssert.AreEqual(Numbers(1509, 1010), Listed(all));
        StringAssert.Contains(all.Text, "Showing 1–500 of 509");
        Assert.IsNull(all.Document.QuerySelector("a[rel=prev]"));
        var rest = await client.GetPageAsync(NextLink(all));
        CollectionAssert.AreEqual(Numbers(1009, 1001), Listed(rest));
        StringAssert.Contains(rest.Text, "Showing 501–509 of 509");
        Assert.IsNull(rest.Document.QuerySelector("a[rel=next]"));
        CollectionAssert.AreEqual(Listed(all), Listed(await client.GetPageAsync(rest.Document.QuerySelector("a[rel=prev]")!.GetAttribute("href")!)));

        var inspections = await client.GetPageAsync("/WorkOrders?Q=inspection&Status=Open");
        CollectionAssert.AreEqual(Numbers(1505, 1006), Listed(inspections));
        StringAssert.Contains(inspections.Text, "Showing 1–500 of 505");
        var moreInspections = await client.GetPageAsync(NextLink(inspections));
        CollectionAssert.AreEqual(Numbers(1005, 1001), Listed(moreInspections));
        StringAssert.Contains(moreInspections.Text, "Showing 501–505 of 505");
        Assert.AreEqual("inspection", moreInspections.Document.QuerySelector("input[name=Q]")!.GetAttribute("value"));
    }

    [TestMethod]
    [DataRow("0", 1)]
    [DataRow("-3", 1)]
    [DataRow("abc", 1)]
    [DataRow("99999999999", 1)]
    [DataRow("3", 2)]
    [DataRow("2147483647", 2)]
    public async Task A_page_number_out_of_range_or_not_a_number_shows_the_nearest_page(string number, int shown)
    {
        using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 501; i++)
            {
                db.Customers.Add(new Customer { Name = $"Customer {i:000}" });
            }
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var page = await client.GetPageAsync($"/Customers?p={number}");

        Assert.AreEqual(HttpStatusCode.OK, page.Status);
        StringAssert.Contains(page.Text, shown == 1 ? "Showing 1–500 of 501" : "Showing 501–501 of 501");
    }

    [TestMethod]
    public async Task Customer_and_asset_lists_page_past_500_with_their_search()
    {
        using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            // Two customers (and assets) of each name but the first: the page boundary falls between the two
            // Pilot 250s, and must neither repeat nor skip one.
            db.Assets.Add(new Asset { Registration = "N000", Customer = new Customer { Name = "Pilot 000" } });
            for (var i = 1; i <= 252; i++)
            {
                foreach (var _ in new[] { 1, 2 })
                {
                    var customer = new Customer { Name = $"Pilot {i:000}" };
                    db.Assets.Add(new Asset { Registration = $"N{i:000}", Customer = customer });
                }
            }
            db.Assets.Add(new Asset { Registration = "G-ABCD", Customer = new Customer { Name = "Zed Owner" } });
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        foreach (var list in new[] { "/Customers", "/Assets" })
        {
            var first = await client.GetPageAsync($"{list}?q=pilot");
            StringAssert.Contains(first.Text, "Showing 1–500 of 505", list);
            var second = await client.GetPageAsync(NextLink(first));
            StringAssert.Contains(second.Text, "Showing 501–505 of 505", list);
            var ids = first.Document.QuerySelectorAll("tbody td:first-child a").Concat(second.Document.QuerySelectorAll("tbody td:first-child a")).Select(a => a.GetAttribute("href")).ToList();
            Assert.AreEqual(505, ids.Distinct().Count(), list);
            Assert.IsFalse(second.Text.Contains("Zed Owner", StringComparison.Ordinal), list);
        }
    }

    private static List<string> Listed(HtmlPage page) => page.Document.QuerySelectorAll("tbody td:first-child a").Select(a => a.TextContent).ToList();

    private static List<string> Numbers(int from, int downTo) => Enumerable.Range(downTo, from - downTo + 1).Reverse().Select(WorkOrder.FormatNumber).ToList();

    private static string NextLink(HtmlPage page)
    {
        var next = page.Document.QuerySelector("a[rel=next]") ?? throw new AssertFailedException($"No next page link on {page.Url}.");
        Assert.AreEqual("Next page", next.GetAttribute("aria-label"));
        return next.GetAttribute("href")!;
    }

    [TestMethod]
    public async Task The_outbox_pages_by_200_newest_first_and_no_email_drops_out_of_sight()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await app.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 205; i++)
            {
                db.OutboxEmails.Add(new OutboxEmail { To = "a@b.test", Subject = $"Email {i:000}", HtmlBody = "<p>Hi</p>", TextBody = "Hi", CreatedAt = app.Clock.GetUtcNow(), Status = OutboxEmailStatus.Sent });
            }
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var first = await client.GetPageAsync("/Outbox");
        StringAssert.Contains(first.Text, "Showing 1–200 of 205");
        StringAssert.Contains(first.Text, "Email 205");
        Assert.IsFalse(first.Text.Contains("Email 005", StringComparison.Ordinal));
        var second = await client.GetPageAsync(first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        StringAssert.Contains(second.Text, "Showing 201–205 of 205");
        StringAssert.Contains(second.Text, "Email 001");
        Assert.IsFalse(second.Text.Contains("Email 006", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_search_for_a_percent_sign_or_an_underscore_finds_them_literally_in_every_list()
    {
        using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            db.Assets.Add(new Asset { Registration = "N1_2", Customer = new Customer { Name = "100% Aviation" } });
            db.Assets.Add(new Asset { Registration = "N102", Customer = new Customer { Name = "1000 Aviation" } });
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var customers = await client.GetPageAsync("/Customers?q=100%25");
        StringAssert.Contains(customers.Text, "100% Aviation");
        Assert.IsFalse(customers.Text.Contains("1000 Aviation", StringComparison.Ordinal), "% is the character, not a wildcard.");
        var assets = await client.GetPageAsync("/Assets?q=N1_");
        StringAssert.Contains(assets.Text, "N1_2");
        Assert.IsFalse(assets.Text.Contains("N102", StringComparison.Ordinal), "_ is the character, not a wildcard.");
    }
}
