using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Pdf;

[TestClass]
public sealed class PortalPdfTests
{
    [TestMethod]
    public async Task The_print_link_of_an_estimate_downloads_its_pdf_and_is_audited()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var print = page.Document.QuerySelector("a[href$='/pdf']")!;
        StringAssert.StartsWith(print.TextContent, "Print");

        var response = await client.GetAsync(print.GetAttribute("href"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("WO-1001-estimate.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.AreEqual("no-store", response.Headers.CacheControl!.ToString());
        using var pdf = new PdfReader(await response.Content.ReadAsByteArrayAsync());
        StringAssert.Contains(pdf.Squashed, "WO-1001");
        StringAssert.Contains(pdf.Squashed, PdfReader.Squash("Left main tire worn to cord"));
        Assert.AreEqual(1, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.DownloadedPdf && a.AccessKeyId == link.KeyId)));
    }

    [TestMethod]
    public async Task The_invoice_link_downloads_the_invoice_pdf()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1003", PortalView.Invoice);
        var response = await app.CreateBrowserClient().GetAsync(link.Path() + "/pdf");
        Assert.AreEqual("WO-1003-invoice.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        using var pdf = new PdfReader(await response.Content.ReadAsByteArrayAsync());
        StringAssert.Contains(pdf.Squashed, "$356.25");
    }

    [TestMethod]
    [DataRow(PortalView.WorkAuthorization)]
    [DataRow(PortalView.ProgressReport)]
    public async Task Views_without_prices_have_no_pdf(PortalView view)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", view);
        var response = await app.CreateBrowserClient().GetAsync(link.Path() + "/pdf");
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreNotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(0, await app.WithDbAsync(db => db.PortalActivities.CountAsync(a => a.Kind == PortalActivityKind.DownloadedPdf)));
    }

    [TestMethod]
    public async Task After_signing_in_the_portal_the_estimate_pdf_shows_the_signer_and_embeds_the_signature()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        using (var before = new PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf")))
        {
            Assert.IsFalse(before.Squashed.Contains("ZoëÅberg", StringComparison.Ordinal));
            Assert.AreEqual(0, before.Pages.Sum(p => p.GetImages().Count()));
        }
        var page = await client.GetPageAsync(link.Path());
        await client.SubmitAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Zoë Åberg", ["Form.Signature"] = PortalKit.SignatureDataUrl() });
        Assert.AreEqual(1, await app.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));

        using var after = new PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf"));
        StringAssert.Contains(after.Squashed, "ZoëÅberg");
        Assert.AreEqual(1, after.Pages.Sum(p => p.GetImages().Count()), "The drawn signature is embedded.");
    }

    [TestMethod]
    public async Task A_signature_keeps_the_currency_it_was_signed_in_when_the_shop_changes_its_currency()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var client = app.CreateBrowserClient();
        var page = await client.GetPageAsync(link.Path());
        var signedTotal = page.Document.QuerySelector(".to-sign-total strong")!.TextContent;
        StringAssert.StartsWith(signedTotal, "$");
        await client.SubmitAsync(page.Form("#sign-form"), new() { ["Form.SignerName"] = "Dana Whitfield", ["Form.Signature"] = PortalKit.SignatureDataUrl() });

        var staff = await app.SignInAsync();
        var settings = await staff.GetPageAsync("/Settings");
        StringAssert.Contains(settings.Document.QuerySelector("#currency-help")!.TextContent, "not converted");
        await staff.SubmitAsync(settings.Form("main form[method=post]"), new() { ["Input.Currency"] = "EUR" });

        page = await client.GetPageAsync(link.Path());
        StringAssert.Contains(page.Document.QuerySelector("#signatures")!.TextContent, $"({signedTotal})");
        StringAssert.Contains(page.Document.QuerySelector(".grand")!.TextContent, "€", "What is not signed shows the shop's currency now.");
        var details = await staff.GetPageAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1001")}");
        StringAssert.Contains(details.Text, $"for {signedTotal} (tax included)");
        var signedItems = details.Document.QuerySelectorAll("[data-signature] li").Select(li => li.TextContent).ToList();
        Assert.IsTrue(signedItems.Count > 0, "The signed items are listed.");
        Assert.IsTrue(signedItems.All(line => line.Contains(" · $", StringComparison.Ordinal) && !line.Contains('€', StringComparison.Ordinal)), string.Join(" | ", signedItems));
        using var pdf = new PdfReader(await client.GetByteArrayAsync(link.Path() + "/pdf"));
        StringAssert.Contains(pdf.Squashed, "Authorizedtotal(taxincluded)" + signedTotal.Replace(" ", "", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task An_expired_link_gets_no_pdf()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate, expiryHours: 1);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var response = await app.CreateBrowserClient().GetAsync(link.Path() + "/pdf");
        Assert.AreEqual(HttpStatusCode.Gone, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "This link no longer works");
    }
}
