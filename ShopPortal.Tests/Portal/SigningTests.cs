using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Portal;

[TestClass]
public sealed class SigningTests
{
    [TestMethod]
    public async Task Signing_stores_the_signature_with_a_snapshot_and_locks_the_approved_items()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        StringAssert.Contains(page.Document.QuerySelector("#consent")!.TextContent, "items 1, 2");

        page = await client.SubmitPageAsync(page.Form("#sign-form"), new()
        {
            ["Form.SignerName"] = "Dana Whitfield",
            ["Form.Signature"] = PortalKit.SignatureDataUrl(),
        }, page.Document.QuerySelector("#sign-form button[type=submit]") as AngleSharp.Html.Dom.IHtmlElement);

        StringAssert.Contains(page.Text, "Thank you. Your signature authorizes the approved work.");
        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.Include(a => a.Discrepancies).SingleAsync());
        Assert.AreEqual("Dana Whitfield", signature.SignerName);
        CollectionAssert.AreEquivalent(new[] { 1, 2 }, signature.Discrepancies.Select(d => d.Sequence).ToArray());
        var snapshot = AuthorizationSnapshot.Parse(signature.SnapshotJson);
        Assert.AreEqual(AuthorizationSnapshot.Sha256Hex(signature.SnapshotJson), signature.SnapshotSha256);
        Assert.AreEqual(374.00m + 285m + 312.75m, snapshot.Total, "Item 1 $374.00 and item 2 (3 h × $95 + $312.75), no tax.");
        Assert.AreEqual(snapshot.Total, signature.Total);
        StringAssert.Contains(signature.ConsentText, "items 1, 2");
        Assert.AreEqual(link.KeyId, signature.AccessKeyId);
        Assert.IsNotNull(signature.UserAgent ?? signature.IpAddress ?? "");

        Assert.IsNull(PortalActionTests.FindButton(page, "Clear item 1"), "A signed item offers no Clear.");
        Assert.IsNull(PortalActionTests.FindButton(page, "Reject item 1"));
        StringAssert.Contains(page.Document.QuerySelector("#signatures")!.TextContent, "Dana Whitfield");
    }

    [TestMethod]
    public async Task A_signed_item_cannot_be_cleared_even_by_a_crafted_post()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var clearBefore = page.FormWithButton("Clear item 1");
        page = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        var refused = await client.SubmitPageAsync(clearBefore.Form, submitter: clearBefore.Button);

        StringAssert.Contains(refused.Text, "authorized by a signature and can no longer be changed");
        Assert.AreEqual(CustomerApprovalStatus.Approved, (await app.ItemAsync("WO-1001", 1)).ApprovalStatus);
    }

    [TestMethod]
    [DataRow("data:image/png;base64,aGVsbG8gd29ybGQ=", "The signature must be a PNG image.")]
    [DataRow("GIF89a", "The signature must be a PNG image.")]
    [DataRow("", "Please sign in the box before you submit.")]
    [DataRow("blank", "Please sign in the box before you submit.")]
    [DataRow("huge", "The signature image is too large.")]
    [DataRow("wide", "The signature image must be at most 2400 × 1200 pixels.")]
    public async Task A_signature_that_is_not_a_small_drawn_png_is_refused_and_nothing_is_written(string posted, string message)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var before = await app.ActivityCountAsync();

        var value = posted switch
        {
            "blank" => Png(300, 100, ink: false),
            "huge" => "data:image/png;base64," + Convert.ToBase64String(new byte[210 * 1024]),
            "wide" => Png(3000, 100, ink: true),
            _ => posted,
        };
        var refused = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana", ["Form.Signature"] = value });

        Assert.AreEqual(HttpStatusCode.OK, refused.Status);
        StringAssert.Contains(refused.Document.QuerySelector("#signature-error")!.TextContent, message);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
        Assert.AreEqual(before, await app.ActivityCountAsync());
        Assert.IsNull((await app.ItemAsync("WO-1001", 1)).AuthorizationId);
    }

    [TestMethod]
    public async Task Without_javascript_the_typed_name_is_the_signature()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var form = page.Form("#sign-form");
        Assert.IsNotNull(form.QuerySelector("noscript"), "The typed-name choice is offered to browsers without JavaScript only.");

        var refused = await client.SubmitPageAsync(form, new() { ["Form.SignerName"] = "Dana Whitfield" });
        StringAssert.Contains(refused.Document.QuerySelector("#sign-form")!.TextContent, "Please sign in the box");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()), "Unticked, an empty pad signs nothing.");

        page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.TypedSignature"] = "true" });

        StringAssert.Contains(page.Text, "Thank you. Your signature authorizes the approved work.");
        var signature = await app.WithDbAsync(db => db.WorkAuthorizations.SingleAsync());
        Assert.AreEqual("Dana Whitfield", signature.SignerName);
        using var drawn = SkiaSharp.SKBitmap.Decode(signature.SignaturePng);
        Assert.AreEqual(600, drawn.Width);
        Assert.IsTrue(drawn.Pixels.Count(p => p.Alpha > 0) > 500, "The name is drawn, not a blank strip.");
    }

    [TestMethod]
    public async Task Signing_needs_a_name()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var refused = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = " ", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        StringAssert.Contains(refused.Document.QuerySelector("#signer-name-error")!.TextContent, "Type your full name.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
    }

    [TestMethod]
    [DataRow("\u200B\u200B", true)]
    [DataRow(" . ", false)]
    [DataRow("\u200B\u200B", false)]
    public async Task A_name_without_letters_does_not_sign_drawn_or_typed(string name, bool typed)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var refused = await client.SubmitPageAsync(page.Form("#sign-form"), typed
            ? new() { ["Form.SignerName"] = name, ["Form.TypedSignature"] = "true" }
            : new() { ["Form.SignerName"] = name, ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        StringAssert.Contains(refused.Document.QuerySelector("#signer-name-error")!.TextContent, "Type your full name.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
        Assert.IsNull((await app.ItemAsync("WO-1001", 1)).AuthorizationId);
    }

    [TestMethod]
    public async Task Signing_twice_from_the_same_page_records_one_signature_and_says_so()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var values = new Dictionary<string, string> { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() };
        await client.SubmitAsync(page.Form("#sign-form"), values);

        // The same form again, as a double tap or a retry after a lost response sends it.
        var again = await client.SubmitPageAsync(page.Form("#sign-form"), values);
        StringAssert.Contains(again.Document.QuerySelector("[role=status]")!.TextContent, "Your signature is recorded; there is nothing new to sign.");
        StringAssert.Contains(again.Document.QuerySelector("#signatures")!.TextContent, "Your signature is recorded; there is nothing new to sign.");
        Assert.AreEqual(1, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
    }

    [TestMethod]
    public async Task Signing_after_the_approved_items_changed_asks_to_review_again()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var stale = await client.GetPageAsync(link.Path());
        var fresh = await client.GetPageAsync(link.Path());
        var approve = fresh.FormWithButton("Approve item 3");
        await client.SubmitAsync(approve.Form, submitter: approve.Button);

        var refused = await client.SubmitPageAsync(stale.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        StringAssert.Contains(refused.Text, "The approved items changed since this page was opened, so nothing was signed.");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
        StringAssert.Contains(refused.Document.QuerySelector("#consent")!.TextContent, "items 1, 2, 3");
    }

    [TestMethod]
    public async Task A_second_tab_signing_what_the_first_signed_is_not_told_nothing_is_left_when_another_item_waits()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        var secondTab = page;
        page = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        await client.SubmitAsync(page.FormWithButton("Approve item 2").Form, submitter: page.FormWithButton("Approve item 2").Button);

        var refused = await client.SubmitPageAsync(secondTab.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        Assert.IsFalse(refused.Text.Contains("nothing new to sign", StringComparison.Ordinal), "Item 2 waits for a signature.");
        StringAssert.Contains(refused.Document.QuerySelector("#sign")!.TextContent, "The approved items changed since this page was opened, so nothing was signed.");
        StringAssert.Contains(refused.Document.QuerySelector("#consent")!.TextContent, "item 2,");
        Assert.AreEqual(1, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
    }

    [TestMethod]
    public async Task A_customer_whose_approvals_were_taken_back_is_not_told_a_signature_was_recorded()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        page = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 2").Form, submitter: page.FormWithButton("Approve item 2").Button);
        var stale = page;
        // In another tab, the customer takes the approval back: an item is signed for, and nothing waits for a signature.
        var other = await client.GetPageAsync(link.Path());
        await client.SubmitAsync(other.FormWithButton("Clear item 2 decision").Form);

        var refused = await client.SubmitPageAsync(stale.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        Assert.IsFalse(refused.Text.Contains("Your signature is recorded", StringComparison.Ordinal), refused.Text);
        StringAssert.Contains(refused.Document.QuerySelector("#sign")!.TextContent,
            "The approved items changed since this page was opened, and none waits for a signature now, so nothing was signed.");
        Assert.AreEqual(1, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1002", 2)).ApprovalStatus);
    }

    [TestMethod]
    public async Task Items_added_after_signing_start_pending_and_a_new_signature_covers_them()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1002", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 1").Form, submitter: page.FormWithButton("Approve item 1").Button);
        page = await client.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        var staff = await app.SignInAsync();
        var workOrderId = await app.WorkOrderIdAsync("WO-1002");
        var newItem = await staff.GetPageAsync($"/WorkOrders/{workOrderId}/Items");
        await staff.SubmitAsync(newItem.Form("main form[action*='handler=Save']"), new() { ["Item.Description"] = "Cracked mirror", ["Item.EstimatedHours"] = "0.5" });
        Assert.AreEqual(CustomerApprovalStatus.Pending, (await app.ItemAsync("WO-1002", 4)).ApprovalStatus);

        page = await client.GetPageAsync(link.Path());
        page = await client.SubmitPageAsync(page.FormWithButton("Approve item 4").Form, submitter: page.FormWithButton("Approve item 4").Button);
        StringAssert.Contains(page.Document.QuerySelector("#consent")!.TextContent, "item 4");
        Assert.IsFalse(page.Document.QuerySelector("#consent")!.TextContent.Contains("items 1", StringComparison.Ordinal), "Already-signed items are not signed again.");
        await client.SubmitAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Marcus Oyelaran", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        var signatures = await app.WithDbAsync(db => db.WorkAuthorizations.Include(a => a.Discrepancies).OrderBy(a => a.Id).ToListAsync());
        Assert.AreEqual(2, signatures.Count);
        CollectionAssert.AreEqual(new[] { 1 }, signatures[0].Discrepancies.Select(d => d.Sequence).ToArray());
        CollectionAssert.AreEqual(new[] { 4 }, signatures[1].Discrepancies.Select(d => d.Sequence).ToArray());
        var staffPage = await staff.GetPageAsync($"/WorkOrders/{workOrderId}");
        Assert.AreEqual(2, staffPage.Document.QuerySelectorAll("[data-signature]").Length);
        Assert.AreEqual(2, staffPage.Document.QuerySelectorAll("[data-signature] img[src^='data:image/png;base64,']").Length);
    }

    [TestMethod]
    public async Task Staff_previewing_cannot_sign_for_the_customer()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var staff = await app.SignInAsync();
        var page = await staff.GetPageAsync(link.Path());
        page = await staff.SubmitPageAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Morgan", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        StringAssert.Contains(page.Text, "staff previewing a link cannot sign");
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
    }

    private static string Png(int width, int height, bool ink)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, StrokeWidth = 6, IsStroke = true })
        {
            canvas.Clear(SkiaSharp.SKColors.Transparent);
            if (ink)
            {
                canvas.DrawLine(0, 0, width, height, paint);
            }
        }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(data.ToArray());
    }
}
