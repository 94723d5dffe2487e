using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;
using ShopPortal.Services.Email;
using ShopPortal.Tests.TestHost;
using SkiaSharp;

namespace ShopPortal.Tests.Pdf;

/// <summary>The estimate and invoice PDFs as staff download them from the Work Order page, read back with PdfPig.</summary>
[TestClass]
public sealed class StaffPdfTests
{
    [TestMethod]
    public async Task Estimate_lists_every_discrepancy_and_the_totals()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Number == "WO-1001").ExecuteUpdateAsync(s => s.SetProperty(w => w.TaxRate, 8.25m)));
        var workOrder = await LoadAsync(app, "WO-1001");
        var client = await app.SignInAsync();

        var response = await client.GetAsync($"/WorkOrders/{workOrder.Id}/pdf/estimate");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("WO-1001-estimate.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var pdf = new PdfReader(await response.Content.ReadAsByteArrayAsync());
        var text = pdf.Squashed;
        StringAssert.Contains(text, "ESTIMATE");
        StringAssert.Contains(text, "WO-1001");
        StringAssert.Contains(text, "DanaWhitfield");
        StringAssert.Contains(text, "N172SP");
        foreach (var item in workOrder.Discrepancies)
        {
            var figures = WorkOrderMath.Item(item, workOrder.LaborRate);
            StringAssert.Contains(text, PdfReader.Squash(item.Description));
            StringAssert.Contains(text, PdfReader.Squash(item.CorrectiveAction!));
            // The figures cells of the item's row, in column order.
            StringAssert.Contains(text, PdfReader.Squash(WorkOrderMath.Hours(figures.EstimatedHours) + Usd(figures.EstimatedLabor) + Usd(figures.Parts) + Usd(figures.EstimateAmount) + item.ApprovalStatus));
        }
        // Item 1: 1.5 h at $95 = $142.50 labor, parts $231.50, $374.00 in all.
        StringAssert.Contains(text, "1.5h$142.50$231.50$374.00Approved");

        var totals = WorkOrderMath.Estimate(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, WorkOrderMath.Item(d, workOrder.LaborRate).EstimateAmount)), workOrder.TaxRate);
        Assert.AreNotEqual(0m, totals.Tax);
        StringAssert.Contains(text, PdfReader.Squash("Approved" + Usd(totals.Approved)));
        StringAssert.Contains(text, PdfReader.Squash("Pending approval" + Usd(totals.Pending)));
        StringAssert.Contains(text, PdfReader.Squash("Rejected (not included)" + Usd(totals.Rejected)));
        StringAssert.Contains(text, PdfReader.Squash("Tax (8.25%)" + Usd(totals.Tax)));
        StringAssert.Contains(text, PdfReader.Squash("Estimate total" + Usd(totals.Total)));
    }

    [TestMethod]
    public async Task Invoice_bills_actual_hours_parts_and_tax_per_item_and_overall()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.WithDbAsync(db => db.WorkOrders.Where(w => w.Number == "WO-1001").ExecuteUpdateAsync(s => s.SetProperty(w => w.TaxRate, 7.5m)));
        var workOrder = await LoadAsync(app, "WO-1001");
        var client = await app.SignInAsync();

        var response = await client.GetAsync($"/WorkOrders/{workOrder.Id}/pdf/invoice");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("WO-1001-invoice.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var pdf = new PdfReader(await response.Content.ReadAsByteArrayAsync());
        var text = pdf.Squashed;
        StringAssert.Contains(text, "INVOICE");
        foreach (var item in workOrder.Discrepancies.Where(d => WorkOrderMath.IsBilled(d.ApprovalStatus)))
        {
            var figures = WorkOrderMath.Item(item, workOrder.LaborRate);
            StringAssert.Contains(text, PdfReader.Squash(item.Description));
            StringAssert.Contains(text, PdfReader.Squash(WorkOrderMath.Hours(figures.ActualHours) + Usd(figures.BilledLabor) + Usd(figures.Parts) + Usd(figures.InvoiceAmount)));
        }
        // Item 1: 2 h logged at $95 = $190.00, parts $231.50.
        StringAssert.Contains(text, "2h$190.00$231.50$421.50");
        StringAssert.Contains(text, PdfReader.Squash("Not billed, declined by the customer: item 4, Right cabin door seal torn."));
        var pending = workOrder.Discrepancies.Where(d => d.ApprovalStatus == CustomerApprovalStatus.Pending).OrderBy(d => d.Sequence).ToList();
        Assert.IsNotEmpty(pending);
        StringAssert.Contains(text, PdfReader.Squash("Not billed, awaiting the customer's approval: " + string.Join("; ", pending.Select(d => $"item {d.Sequence}, {d.Description}")) + "."));

        var totals = WorkOrderMath.Invoice(workOrder.Discrepancies.Select(d => (d.ApprovalStatus, WorkOrderMath.Item(d, workOrder.LaborRate))), workOrder.TaxRate);
        StringAssert.Contains(text, PdfReader.Squash($"Labor ({WorkOrderMath.Hours(totals.ActualHours)})" + Usd(totals.Labor)));
        StringAssert.Contains(text, PdfReader.Squash("Parts" + Usd(totals.Parts) + "Subtotal" + Usd(totals.Subtotal)));
        StringAssert.Contains(text, PdfReader.Squash("Tax (7.5%)" + Usd(totals.Tax)));
        StringAssert.Contains(text, PdfReader.Squash("Total to date" + Usd(totals.Total)));
    }

    [TestMethod]
    public async Task An_invoice_before_the_work_order_is_invoiced_says_it_is_the_work_to_date_and_the_email_says_so_too()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = await app.WorkOrderIdAsync("WO-1001");
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Invoice);
        var customer = app.CreateBrowserClient();

        using (var draft = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{id}/pdf/invoice")))
        {
            StringAssert.Contains(draft.Squashed, "INVOICETODATE");
            StringAssert.Contains(draft.Squashed, PdfReader.Squash("WO-1001 is not invoiced yet: this is the work to date, and the final invoice can differ."));
            Assert.IsFalse(draft.Squashed.Contains("Totaldue", StringComparison.Ordinal));
        }
        string InvoiceLine(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[aria-labelledby=totals-heading] dt").Single(dt => dt.TextContent.StartsWith("Invoice", StringComparison.Ordinal)).TextContent;
        Assert.AreEqual("Invoice to date", InvoiceLine((await client.GetPageAsync($"/WorkOrders/{id}")).Document), "The staff page's summary.");
        var portal = await customer.GetPageAsync(link.Path());
        StringAssert.Contains(portal.Document.QuerySelector("#invoice-heading")!.TextContent, "Invoice to date");
        StringAssert.StartsWith(portal.Document.QuerySelector("h1")!.TextContent, "Invoice to date WO-1001");
        StringAssert.StartsWith(portal.Document.Title, "Invoice to date WO-1001");
        var (subject, _, text) = EmailTemplates.PortalInvitation(new("Shop", null, null, "WO-1001", "Annual", "N172SP", "Dana", PortalView.Invoice, "https://x", "soon", null, "Morgan", AcceptsDecisions: true));
        Assert.AreEqual("Shop: Invoice to date for WO-1001 (N172SP)", subject);
        StringAssert.Contains(text, "invites you to view the invoice to date (the work order is not invoiced yet, so it can still change)");

        var edit = await client.GetPageAsync($"/WorkOrders/{id}/Edit");
        await client.SubmitAsync(edit.Form("main form[method=post]"), new() { ["Input.Status"] = ((int)WorkOrderStatus.Invoiced).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using (var final = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{id}/pdf/invoice")))
        {
            StringAssert.Contains(final.Squashed, "Totaldue");
            Assert.IsFalse(final.Squashed.Contains("todate", StringComparison.OrdinalIgnoreCase), "An invoiced work order's invoice is the bill.");
        }
        Assert.AreEqual("Invoice", InvoiceLine((await client.GetPageAsync($"/WorkOrders/{id}")).Document));
        portal = await customer.GetPageAsync(link.Path());
        Assert.AreEqual("Invoice", portal.Document.QuerySelector("#invoice-heading")!.TextContent);
        StringAssert.StartsWith(portal.Document.QuerySelector("h1")!.TextContent, "Invoice WO-1001");
        text = EmailTemplates.PortalInvitation(new("Shop", null, null, "WO-1001", "Annual", "N172SP", "Dana", PortalView.Invoice, "https://x", "soon", null, "Morgan", AcceptsDecisions: false)).Text;
        StringAssert.Contains(text, "invites you to view and download your invoice");
    }

    [TestMethod]
    public async Task Signature_block_appears_exactly_when_items_are_pending()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var withPending = await LoadAsync(app, "WO-1001");
        var nonePending = await LoadAsync(app, "WO-1003");
        Assert.IsFalse(nonePending.Discrepancies.Any(d => d.ApprovalStatus == CustomerApprovalStatus.Pending));

        using var pending = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{withPending.Id}/pdf/estimate"));
        using var none = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{nonePending.Id}/pdf/estimate"));

        var text = pending.Squashed;
        var block = text[text.IndexOf("Authorizationofpendingitems", StringComparison.Ordinal)..];
        StringAssert.Contains(block, "Signature");
        StringAssert.Contains(block, "Printedname");
        StringAssert.Contains(block, "Date");
        StringAssert.Contains(block, "ELTbatterydue");
        StringAssert.Contains(block, "Vacuumpumpat1,350hourssinceoverhaul");
        Assert.IsFalse(block.Contains("Crackedexhaustmufflerheatshield", StringComparison.Ordinal), "Only pending items are listed for signature.");
        StringAssert.EndsWith(PdfReader.Squash(pending.Pages[^1].Text), "Printedname" + PdfReader.Squash($"{withPending.Number} · Estimate · ShopPortal") + $"Page{pending.Pages.Count}of{pending.Pages.Count}",
            "The signature block ends the estimate.");

        Assert.IsFalse(none.Squashed.Contains("Authorizationofpendingitems", StringComparison.Ordinal));
        Assert.IsFalse(none.Squashed.Contains("Printedname", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Estimate_prints_the_pending_items_heading_and_the_signature_lines_on_one_page()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var workOrder = await LoadAsync(app, "WO-1001");

        using var pdf = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{workOrder.Id}/pdf/estimate"));

        var pages = pdf.SquashedPages.ToList();
        var heading = pages.FindIndex(p => p.Contains("Authorizationofpendingitems", StringComparison.Ordinal));
        var lines = pages.FindIndex(p => p.Contains("Printedname", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, heading);
        Assert.AreEqual(heading, lines, $"The heading is on page {heading + 1}, the signature lines on page {lines + 1}.");
        var block = pages[lines][pages[lines].IndexOf("Authorizationofpendingitems", StringComparison.Ordinal)..];
        StringAssert.Contains(block, "ELTbatterydue");
        StringAssert.Contains(block, "Vacuumpumpat1,350hourssinceoverhaul");
        StringAssert.Contains(block, "Pendingitemstotal(beforetax)");
        StringAssert.Contains(block, "Printedname");
    }

    [TestMethod]
    public async Task Signed_estimate_shows_each_signer_with_date_items_and_total_and_embeds_the_signature()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var workOrder = await LoadAsync(app, "WO-1001");
        var signedAt = new DateTimeOffset(2026, 3, 14, 9, 26, 0, TimeSpan.Zero);
        await SignAsync(app, workOrder, "Dana Whitfield", signedAt, [1, 2], total: 1011.94m);
        await SignAsync(app, workOrder, "Zoë Ångström-Núñez", signedAt.AddDays(1).AddMinutes(7), [3], total: 240.00m);
        var client = await app.SignInAsync();

        using var pdf = new PdfReader(await client.GetByteArrayAsync($"/WorkOrders/{workOrder.Id}/pdf/estimate"));

        var text = pdf.Squashed;
        var first = text.IndexOf("SignedbyDanaWhitfield", StringComparison.Ordinal);
        var second = text.IndexOf("SignedbyZoëÅngström-Núñez", StringComparison.Ordinal);
        Assert.IsTrue(first >= 0 && second > first, "Each signer is printed, oldest signature first.");
        var dana = text[first..second];
        StringAssert.Contains(dana, "Mar14,2026at09:26UTC");
        StringAssert.Contains(dana, "1Leftmaintireworntocordonoutboardside$374.00");
        StringAssert.Contains(dana, "Crackedexhaustmufflerheatshield");
        StringAssert.Contains(dana, "Authorizedtotal(taxincluded)$1,011.94");
        var zoe = text[second..];
        StringAssert.Contains(zoe, "Mar15,2026at09:33UTC");
        StringAssert.Contains(zoe, "3ELTbatterydue");
        StringAssert.Contains(zoe, "Authorizedtotal(taxincluded)$240.00");

        var images = pdf.Pages.SelectMany(p => p.GetImages()).ToList();
        Assert.HasCount(2, images);
        Assert.IsTrue(images.All(i => i.WidthInSamples == 300 && i.HeightInSamples == 100), "The signature PNGs are embedded as drawn.");
        StringAssert.Contains(text, "ApprovedSigned", "Signed items say so in the approval column.");
    }

    [TestMethod]
    [DataRow("estimate")]
    [DataRow("invoice")]
    public async Task Staff_pdfs_are_kept_out_of_caches(string kind)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = (await LoadAsync(app, "WO-1001")).Id;

        var response = await client.GetAsync($"/WorkOrders/{id}/pdf/{kind}");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("no-store", response.Headers.CacheControl!.ToString());
    }

    [TestMethod]
    public async Task Unknown_work_order_or_document_kind_is_a_404()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var id = (await LoadAsync(app, "WO-1001")).Id;

        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/WorkOrders/987654/pdf/estimate")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/WorkOrders/987654/pdf/invoice")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync($"/WorkOrders/{id}/pdf/progress")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync($"/WorkOrders/{id}/pdf/authorization")).StatusCode);
    }

    [TestMethod]
    public async Task Work_order_page_links_to_its_estimate_and_invoice_pdfs()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var client = await app.SignInAsync(TestApp.TechnicianEmail);
        var id = (await LoadAsync(app, "WO-1002")).Id;

        var page = await client.GetPageAsync($"/WorkOrders/{id}");
        string Link(string label) => page.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == label).GetAttribute("href")!;

        Assert.AreEqual($"/WorkOrders/{id}/pdf/estimate", Link("Estimate PDF"));
        Assert.AreEqual($"/WorkOrders/{id}/pdf/invoice", Link("Invoice PDF"));
        foreach (var href in new[] { Link("Estimate PDF"), Link("Invoice PDF") })
        {
            var response = await client.GetAsync(href);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            using var pdf = new PdfReader(await response.Content.ReadAsByteArrayAsync());
            StringAssert.Contains(pdf.Squashed, "Hydraulicleakatrearremotevalve");
        }
    }

    [TestMethod]
    public async Task Pdfs_are_for_signed_in_staff_only()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = (await LoadAsync(app, "WO-1001")).Id;
        var anonymous = app.CreateBrowserClient(followRedirects: false);

        var response = await anonymous.GetAsync($"/WorkOrders/{id}/pdf/estimate");

        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode);
        StringAssert.Contains(response.Headers.Location!.ToString(), "/Account/Login");
    }

    private static string Usd(decimal amount) => ShopProfile.FormatMoney(amount, "USD");

    private static Task<WorkOrder> LoadAsync(TestApp app, string number) =>
        app.WithDbAsync(db => db.WorkOrders.AsNoTracking().AsSplitQuery()
            .Include(w => w.Discrepancies.OrderBy(d => d.Sequence)).ThenInclude(d => d.Parts)
            .Include(w => w.Discrepancies).ThenInclude(d => d.Labor)
            .SingleAsync(w => w.Number == number));

    /// <summary>What the portal's signing step stores: the signature, its snapshot, and the items it locks.</summary>
    private static Task SignAsync(TestApp app, WorkOrder workOrder, string signer, DateTimeOffset signedAt, int[] sequences, decimal total) =>
        app.WithDbAsync(async db =>
        {
            var items = workOrder.Discrepancies.Where(d => sequences.Contains(d.Sequence)).ToList();
            var snapshot = new AuthorizationSnapshot(workOrder.Number, "N172SP", "USD",
                [.. items.Select(d => new AuthorizedItem(d.Id, d.Sequence, d.Description, WorkOrderMath.Item(d, workOrder.LaborRate).EstimateAmount))], total, 0m, total).ToJson();
            var authorization = new WorkAuthorization
            {
                WorkOrderId = workOrder.Id,
                SignerName = signer,
                SignaturePng = SignaturePng(),
                SignedAt = signedAt,
                SnapshotJson = snapshot,
                SnapshotSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(snapshot))),
                ConsentText = "I authorize the work listed.",
                Total = total,
            };
            db.WorkAuthorizations.Add(authorization);
            await db.SaveChangesAsync();
            var ids = items.Select(d => d.Id).ToList();
            await db.Discrepancies.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.AuthorizationId, authorization.Id)
                .SetProperty(d => d.ApprovalStatus, CustomerApprovalStatus.Approved));
        });

    internal static byte[] SignaturePng()
    {
        using var bitmap = new SKBitmap(300, 100);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var pen = new SKPaint { Color = SKColors.Black, StrokeWidth = 3, IsAntialias = true };
        canvas.DrawLine(10, 80, 290, 20, pen);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
