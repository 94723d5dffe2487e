using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Tests.Pdf;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class ShopTimeZoneTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static string InChicago(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, Chicago).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>What a customer reads: Chicago time with its offset, "December 4, 2026 10:00 (UTC-06:00)".</summary>
    private static string ZonedInChicago(DateTimeOffset at, string format) =>
        $"{InChicago(at, format)} (UTC{TimeZoneInfo.ConvertTime(at, Chicago).ToString("zzz", CultureInfo.InvariantCulture)})";

    /// <summary>
    /// Moves the app's clock to 03:00 UTC tomorrow: 9 or 10 p.m. the evening before in Chicago, so that the shop's date
    /// and the UTC date differ, and so do the hours.
    /// </summary>
    private static void SetClockToEarlyMorningUtc(TestApp app)
    {
        var now = app.Clock.GetUtcNow();
        var target = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(3), TimeSpan.Zero);
        app.Clock.Advance(target - now);
    }

    private static async Task<HttpClient> ShopInChicagoAsync(TestApp app)
    {
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        Assert.IsNotNull(settings.Document.QuerySelector("select[name='Input.TimeZone'] option[value='America/Chicago']"), "The list offers the zones this server knows.");
        Assert.AreEqual("UTC", settings.Document.QuerySelector("select[name='Input.TimeZone'] option[selected]")?.GetAttribute("value"), "A shop starts in UTC.");
        await client.SubmitAsync(settings.Form("main form[method=post]"), new() { ["Input.TimeZone"] = "America/Chicago" });
        Assert.AreEqual("America/Chicago", (await app.WithDbAsync(db => db.ShopSettings.AsNoTracking().SingleAsync())).TimeZone);
        return client;
    }

    [TestMethod]
    public async Task A_shop_in_Chicago_reads_Chicago_time_in_the_portal_on_its_pages_in_its_emails_and_on_the_estimate()
    {
        using var app = new TestApp();
        SetClockToEarlyMorningUtc(app);
        var staff = await ShopInChicagoAsync(app);
        var id = await app.WorkOrderIdAsync("WO-1001");

        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var page = await customer.GetPageAsync(link.Path());
        var first = await app.ItemAsync("WO-1001", 1);
        var approvedAt = first.ApprovalChangedAt!.Value;
        StringAssert.Contains(page.Document.QuerySelector("#item-1")!.TextContent, ZonedInChicago(approvedAt, "MMM d, HH:mm"), "A decision's time carries the offset too.");
        page = await customer.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        var signedAt = (await app.WithDbAsync(db => db.WorkAuthorizations.AsNoTracking().SingleAsync())).SignedAt;
        var linkExpires = (await app.WithDbAsync(db => db.PortalAccessKeys.AsNoTracking().SingleAsync(k => k.Id == link.KeyId))).ExpiresAt;

        var comment = page.FormWithButton("Comment on item 1");
        page = await customer.SubmitPageAsync(comment.Form, new() { ["Form.Body"] = "Will the paint match?" }, comment.Button);
        var commentedAt = (await app.WithDbAsync(db => db.Comments.AsNoTracking().OrderBy(c => c.Id).LastAsync())).CreatedAt;
        StringAssert.Contains(page.Text, ZonedInChicago(commentedAt, "MMM d, HH:mm"), "So does a comment's.");
        var signatures = page.Document.QuerySelector("#signatures")!.TextContent;
        StringAssert.Contains(signatures, ZonedInChicago(signedAt, "MMMM d, yyyy HH:mm"));
        StringAssert.Contains(page.Document.QuerySelector(".expires")!.TextContent, $"This link works until {ZonedInChicago(linkExpires, "MMMM d, yyyy HH:mm")}.");

        var workOrderPage = await staff.GetPageAsync($"/WorkOrders/{id}");
        StringAssert.Contains(workOrderPage.Text, $"signed on {InChicago(signedAt, "yyyy-MM-dd HH:mm")} for");

        using (var estimate = new PdfReader(await staff.GetByteArrayAsync($"/WorkOrders/{id}/pdf/estimate")))
        {
            StringAssert.Contains(estimate.Squashed, PdfReader.Squash("Date: " + InChicago(app.Clock.GetUtcNow(), "MMM d, yyyy")), "The shop's date, the evening before the UTC date.");
            StringAssert.Contains(estimate.Squashed, PdfReader.Squash(ZonedInChicago(signedAt, "MMM d, yyyy 'at' HH:mm")));
        }

        var emailPage = await staff.GetPageAsync($"/WorkOrders/{id}/Email");
        emailPage = await staff.SubmitPageAsync(emailPage.FormWithButton("Email Estimate").Form);
        emailPage = await staff.SubmitPageAsync(emailPage.Form("#compose"));
        var email = await app.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync());
        var emailedExpires = (await app.WithDbAsync(db => db.PortalAccessKeys.AsNoTracking().SingleAsync(k => k.Id == email.AccessKeyId))).ExpiresAt;
        StringAssert.Contains(emailPage.Text, $"Its link expires {InChicago(emailedExpires, "yyyy-MM-dd HH:mm")}.");
        StringAssert.Contains(email.TextBody, $"expires on {ZonedInChicago(emailedExpires, "dddd, MMMM d, yyyy 'at' HH:mm")}.");
    }

    [TestMethod]
    public void In_the_hour_the_clocks_go_back_each_time_says_which_of_the_two_it_is()
    {
        var shop = ShopProfile.Defaults();
        shop.TimeZone = "America/Chicago";
        var daylight = new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero);
        var standard = daylight.AddHours(1);

        Assert.AreEqual("2026-11-01 01:30 (UTC-05:00)", shop.Time(daylight, "yyyy-MM-dd HH:mm"));
        Assert.AreEqual("2026-11-01 01:30 (UTC-06:00)", shop.Time(standard, "yyyy-MM-dd HH:mm"));
        Assert.AreEqual("2026-11-01 02:30", shop.Time(standard.AddHours(1), "yyyy-MM-dd HH:mm"), "Other times need no offset on staff pages.");
        Assert.AreEqual("2026-11-01 01:30 (UTC-06:00) America/Chicago", shop.Recorded(standard), "The audit trail's record of it too.");
        Assert.AreEqual("Nov 1, 2026 02:30 (UTC-06:00)", shop.Zoned(standard.AddHours(1), "MMM d, yyyy HH:mm"), "Customers always read the offset.");
        shop.TimeZone = "UTC";
        Assert.AreEqual("Nov 1, 2026 07:30 UTC", shop.Zoned(standard, "MMM d, yyyy HH:mm"));
    }

    [TestMethod]
    public async Task Labor_is_logged_for_the_shops_date_not_the_UTC_date()
    {
        using var app = new TestApp();
        SetClockToEarlyMorningUtc(app);
        var client = await ShopInChicagoAsync(app);
        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1001" && d.Sequence == 3).Select(d => new { d.WorkOrderId, d.Id }).SingleAsync());

        var page = await client.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");

        Assert.AreEqual(InChicago(app.Clock.GetUtcNow(), "yyyy-MM-dd"), page.Document.QuerySelector("input[name='Labor.Date']")!.GetAttribute("value"));
    }

    [TestMethod]
    [DataRow("Mars/Olympus_Mons")]
    [DataRow("")]
    [DataRow("right/America/Chicago")]
    [DataRow("america/chicago")]
    public async Task A_time_zone_not_on_the_list_is_refused_and_nothing_changes(string zone)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");

        var refused = await client.SubmitPageAsync(settings.Form("main form[method=post]"), new() { ["Input.TimeZone"] = zone, ["Input.ShopName"] = "Renamed" });

        StringAssert.Contains(refused.Text, zone.Length == 0 ? "The Time zone field is required." : "Choose the shop's time zone from the list.");
        var saved = await app.WithDbAsync(db => db.ShopSettings.AsNoTracking().SingleAsync());
        Assert.AreEqual("UTC", saved.TimeZone);
        Assert.AreNotEqual("Renamed", saved.ShopName);
    }

    [TestMethod]
    public async Task A_saved_zone_missing_from_this_servers_list_stays_shown_and_is_never_changed_unseen()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        // As after a time zone update renamed the zone, or a database moved from another server.
        await app.WithDbAsync(db => db.ShopSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.TimeZone, "Europe/Atlantis")));
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        Assert.AreEqual("Europe/Atlantis", settings.Document.QuerySelector("select[name='Input.TimeZone'] option[selected]")?.GetAttribute("value"));

        var refused = await client.SubmitPageAsync(settings.Form("main form[method=post]"), new() { ["Input.ShopName"] = "Renamed" });

        StringAssert.Contains(refused.Text, "Choose the shop's time zone from the list.");
        Assert.AreEqual("Europe/Atlantis", (await app.WithDbAsync(db => db.ShopSettings.AsNoTracking().SingleAsync())).TimeZone);
    }

    [TestMethod]
    public async Task A_deleted_comments_audit_line_names_its_time_in_the_shops_zone()
    {
        using var app = new TestApp();
        SetClockToEarlyMorningUtc(app);
        var staff = await ShopInChicagoAsync(app);
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var portal = await customer.GetPageAsync(link.Path());
        var write = portal.FormWithButton("Comment on item 1");
        await customer.SubmitAsync(write.Form, new() { ["Form.Body"] = "Please call me first." }, write.Button);
        var comment = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Body == "Please call me first."));
        var id = await app.WorkOrderIdAsync("WO-1001");

        var page = await staff.GetPageAsync($"/WorkOrders/{id}");
        await staff.SubmitAsync(page.Form($"form[action*='handler=DeleteComment'][action$='commentId={comment.Id}']"));

        var audit = await app.WithDbAsync(db => db.PortalActivities.AsNoTracking().SingleAsync(a => a.Kind == PortalActivityKind.CommentDeleted));
        StringAssert.EndsWith(audit.Detail, $"of {InChicago(comment.CreatedAt, "yyyy-MM-dd HH:mm")} America/Chicago");
    }
}
